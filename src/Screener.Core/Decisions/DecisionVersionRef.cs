using System.Globalization;

namespace Screener.Core.Decisions;

/// <summary>
/// One decision version as an adjudication names it: the decision row and its version number. Written as
/// "decisionId:version", several joined by commas, in forms and in the stored adjudication.
/// </summary>
public readonly record struct DecisionVersionRef(long DecisionId, int Version)
{
    public override string ToString() => $"{DecisionId.ToString(CultureInfo.InvariantCulture)}:{Version.ToString(CultureInfo.InvariantCulture)}";

    public static string Format(IEnumerable<DecisionVersionRef> versions) =>
        string.Join(",", versions.OrderBy(v => v.DecisionId).Select(v => v.ToString()));

    /// <summary>Parses "12:1,13:2"; null or blank gives null (the adjudicator named none).</summary>
    public static IReadOnlyList<DecisionVersionRef>? ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var pieces = part.Split(':');
            return pieces.Length == 2 && long.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? new DecisionVersionRef(id, version)
                : throw new InvalidInputException("versions", $"'{part}' is not a decision version: write decisionId:version, several joined by commas (the conflicts list gives them)");
        }).ToList();
    }
}
