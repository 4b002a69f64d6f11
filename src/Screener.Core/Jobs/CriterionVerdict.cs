using System.Text.Json;
using System.Text.Json.Serialization;

namespace Screener.Core.Jobs;

public enum Verdict
{
    Met,
    NotMet,
    Unclear,
}

/// <summary>
/// One criterion's verdict, stored in the jsonb column LlmSuggestion.Verdicts maps to ("VerdictsJson"):
/// [{"criterionId":"I1","verdict":"met|not_met|unclear","evidence":"verbatim quote","grounded":true,"reason":"..."}].
/// Full-text verdicts add "page" (the page the reply cited) and "foundOnPage" (where grounding found the quote; it
/// differs from "page" when the quote is on another page, and is absent when it is on none).
/// </summary>
public sealed record CriterionVerdict(
    string CriterionId, Verdict Verdict, string Evidence, bool Grounded, string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Page = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FoundOnPage = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(IReadOnlyList<CriterionVerdict> verdicts) => JsonSerializer.Serialize(verdicts, Json);

    public static IReadOnlyList<CriterionVerdict> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<CriterionVerdict>>(json, Json) ?? [];

    /// <summary>The verdict as the reply schema and the stored JSON spell it: "met", "not_met", "unclear".</summary>
    public static string Name(Verdict verdict) => JsonNamingPolicy.SnakeCaseLower.ConvertName(verdict.ToString());
}
