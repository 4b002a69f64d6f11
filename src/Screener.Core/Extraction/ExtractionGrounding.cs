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
