namespace Screener.Core.Records.Formats;

public enum LabelValue
{
    /// <summary>No label: empty, NA, NaN, null, or ASReview's -1 for a record not labelled yet.</summary>
    Missing,
    Include,
    Exclude,
    Unsure,

    /// <summary>Text that is no label: the reader reports the row instead of guessing.</summary>
    NotALabel,
}

/// <summary>
/// The one rule for the values of a label column in an ASReview-style labelled CSV, read the same by `import`
/// (label_ta, label_final), `eval` (truth and prediction columns) and `simulate` (the label column).
/// </summary>
public static class LabelValues
{
    public const string Accepted = "1/0, include/exclude, true/false, yes/no or unsure (empty, NA or -1: no label)";

    public static LabelValue Read(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "na" or "n/a" or "nan" or "null" or "-1" => LabelValue.Missing,
        "1" or "1.0" or "true" or "yes" or "y" or "include" or "included" => LabelValue.Include,
        "0" or "0.0" or "false" or "no" or "n" or "exclude" or "excluded" => LabelValue.Exclude,
        "unsure" or "maybe" or "uncertain" or "unclear" => LabelValue.Unsure,
        _ => LabelValue.NotALabel,
    };
}
