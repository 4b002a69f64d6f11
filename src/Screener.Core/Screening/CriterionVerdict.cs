using System.Text.Json;
using System.Text.Json.Serialization;

namespace Screener.Core.Screening;

public enum Verdict
{
    Met,
    NotMet,
    Unclear,
}

/// <summary>
/// One criterion's verdict as stored in LlmSuggestion.VerdictsJson:
/// [{"criterionId":"I1","verdict":"met|not_met|unclear","evidence":"verbatim quote","grounded":true,"reason":"..."}].
/// </summary>
public sealed record CriterionVerdict(string CriterionId, Verdict Verdict, string Evidence, bool Grounded, string? Reason)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(IReadOnlyList<CriterionVerdict> verdicts) => JsonSerializer.Serialize(verdicts, Json);

    public static IReadOnlyList<CriterionVerdict> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<CriterionVerdict>>(json, Json) ?? [];
}
