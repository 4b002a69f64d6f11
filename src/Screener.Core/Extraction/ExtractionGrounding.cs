using System.Text.Json.Nodes;
using Screener.Core.Grounding;
using Screener.Core.Protocol;

namespace Screener.Core.Extraction;

/// <summary>
/// Flags an extracted value that may be a hallucination: its quote is not in the source, a number that the
/// source never writes as a number, a value outside the allowed ones. Numeric and outcome fields always
/// carry "check-required": a human must look at them whatever the model says. Pure.
/// </summary>
public static class ExtractionGrounding
{
    public const string UngroundedQuote = "ungrounded-quote";
    public const string MissingEvidence = "missing-evidence";
    public const string NumberNotInSource = "number-not-in-source";
    public const string ValueNotAllowed = "value-not-allowed";
    public const string CheckRequired = "check-required";
    public const string QuoteOnOtherPage = "quote-on-other-page";

    /// <summary>
    /// From a full text: the quote and any number are checked against the page the reply cites (numbers must appear
    /// on that page). A quote that is on another page is flagged <see cref="QuoteOnOtherPage"/> instead of ungrounded.
    /// </summary>
    public static List<string> FlagsOnPage(ExtractionField field, ExtractedField answer, IReadOnlyDictionary<int, string> pages)
    {
        var cited = answer.Page is { } p && pages.TryGetValue(p, out var text) ? text : "";
        var flags = Flags(field, answer, cited);
        if (answer.NotReported || !flags.Remove(UngroundedQuote)) return flags;
        var location = new Screening.PageGrounding(pages.Select(kv => (kv.Key, kv.Value))).Locate(answer.Evidence, answer.Page);
        flags.Add(location.Place == Screening.QuotePlace.OnOtherPage ? QuoteOnOtherPage : UngroundedQuote);
        return flags;
    }

    public static List<string> Flags(ExtractionField field, ExtractedField answer, string source)
    {
        var flags = new List<string>();
        if (field.Type is FieldType.Integer or FieldType.Number || field.Name.Contains("outcome", StringComparison.OrdinalIgnoreCase))
            flags.Add(CheckRequired);
        if (answer.NotReported) return flags;

        if (answer.Evidence.Length == 0) flags.Add(MissingEvidence);
        else if (!EvidenceGrounding.IsGrounded(answer.Evidence, source)) flags.Add(UngroundedQuote);

        switch (field.Type)
        {
            case FieldType.Integer or FieldType.Number when answer.Value is JsonValue v && v.TryGetValue(out double number):
                if (!EvidenceGrounding.ContainsNumber(source, number)) flags.Add(NumberNotInSource);
                break;
            case FieldType.Enum when answer.Value is JsonValue e && e.TryGetValue(out string? text):
                if (!field.AllowedValues.Contains(text, StringComparer.OrdinalIgnoreCase)) flags.Add(ValueNotAllowed);
                break;
        }
        return flags;
    }
}
