using System.Text.Json;
using System.Text.Json.Nodes;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Protocol;
using Screener.Core.Vocabulary;

namespace Screener.Core.Screening;

/// <param name="Page">The page the evidence quote is on, as the reply cites it (full-text screening only).</param>
public sealed record ReplyCriterion(string Id, Verdict Verdict, string Evidence, string Reason, int? Page = null);

/// <summary>A screening reply that passed strict validation against the protocol.</summary>
public sealed record ScreeningReply(ScreeningDecision Decision, double Confidence, string? ExclusionReason, IReadOnlyList<ReplyCriterion> Criteria);

/// <summary>The reply's JSON schema and its strict parser. A reply is never guessed: anything off is an error.</summary>
public static class ScreeningReplySchema
{
    public const string Name = "screening_reply";

    /// <summary>Criteria come first so the model reasons per criterion before it decides.</summary>
    public static JsonElement For(ReviewProtocol protocol) => For(protocol.TitleAbstract, withPages: false);

    /// <param name="withPages">Full text: each criterion's evidence also names its page ("page": integer or null).</param>
    public static JsonElement For(StageEligibility eligibility, bool withPages)
    {
        var ids = new JsonArray(eligibility.AllCriteria.Select(c => (JsonNode)JsonValue.Create(c.Id)).ToArray());
        var itemProperties = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["enum"] = ids },
            ["verdict"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("met", "not_met", "unclear") },
            ["evidence"] = new JsonObject { ["type"] = "string" },
        };
        var required = new JsonArray("id", "verdict", "evidence");
        if (withPages)
        {
            itemProperties["page"] = new JsonObject { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 1 };
            required.Add("page");
        }
        itemProperties["reason"] = new JsonObject { ["type"] = "string" };
        required.Add("reason");
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["criteria"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = itemProperties,
                        ["required"] = required,
                        ["additionalProperties"] = false,
                    },
                },
                ["decision"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("include", "exclude", "unsure") },
                ["exclusion_reason"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            },
            ["required"] = new JsonArray("criteria", "decision", "exclusion_reason", "confidence"),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    public static ParseResult<ScreeningReply> Parse(string? text, ReviewProtocol protocol) => Parse(text, protocol.TitleAbstract, withPages: false);

    public static ParseResult<ScreeningReply> Parse(string? text, StageEligibility eligibility, bool withPages)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<ScreeningReply>.Failure("the reply is empty");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(StripCodeFence(text));
        }
        catch (JsonException e)
        {
            return ParseResult<ScreeningReply>.Failure($"the reply is not valid JSON ({e.Message})");
        }
        if (root is not JsonObject obj) return ParseResult<ScreeningReply>.Failure("the reply must be a JSON object");
        var unknown = obj.Select(p => p.Key).Except(["criteria", "decision", "exclusion_reason", "confidence"]).ToList();
        if (unknown.Count > 0) return ParseResult<ScreeningReply>.Failure($"unexpected properties: {string.Join(", ", unknown)}");

        if (!TryEnum(obj["decision"], out ScreeningDecision decision, ("include", ScreeningDecision.Include), ("exclude", ScreeningDecision.Exclude), ("unsure", ScreeningDecision.Unsure)))
            return ParseResult<ScreeningReply>.Failure("'decision' must be \"include\", \"exclude\" or \"unsure\"");
        if (obj["confidence"] is not JsonValue cv || !cv.TryGetValue(out double confidence) || confidence is < 0 or > 1 || double.IsNaN(confidence))
            return ParseResult<ScreeningReply>.Failure("'confidence' must be a number from 0 to 1");
        string? reason = null;
        if (obj["exclusion_reason"] is JsonValue rv)
        {
            if (!rv.TryGetValue(out string? r)) return ParseResult<ScreeningReply>.Failure("'exclusion_reason' must be a string or null");
            reason = string.IsNullOrWhiteSpace(r) ? null : r.Trim();
        }
        else if (!obj.ContainsKey("exclusion_reason")) return ParseResult<ScreeningReply>.Failure("'exclusion_reason' is missing (use null)");

        var criteria = ParseCriteria(obj["criteria"], eligibility, withPages, out var error);
        return criteria is null ? ParseResult<ScreeningReply>.Failure(error!) : ParseResult<ScreeningReply>.Success(new ScreeningReply(decision, confidence, reason, criteria));
    }

    private static List<ReplyCriterion>? ParseCriteria(JsonNode? node, StageEligibility eligibility, bool withPages, out string? error)
    {
        error = null;
        if (node is not JsonArray array) { error = "'criteria' must be an array"; return null; }
        var expected = eligibility.AllCriteria.Select(c => c.Id).ToList();
        var result = new List<ReplyCriterion>();
        foreach (var item in array)
        {
            if (item is not JsonObject c || c["id"] is not JsonValue idv || !idv.TryGetValue(out string? id))
            { error = "each criterion must be an object with an 'id'"; return null; }
            if (!expected.Contains(id, StringComparer.Ordinal)) { error = $"unknown criterion id '{id}' (expected {string.Join(", ", expected)})"; return null; }
            if (result.Any(r => r.Id == id)) { error = $"criterion '{id}' appears twice"; return null; }
            if (!TryEnum(c["verdict"], out Verdict verdict, ("met", Verdict.Met), ("not_met", Verdict.NotMet), ("unclear", Verdict.Unclear)))
            { error = $"criterion '{id}': 'verdict' must be \"met\", \"not_met\" or \"unclear\""; return null; }
            var evidence = c["evidence"] is JsonValue ev && ev.TryGetValue(out string? e) ? e : null;
            var why = c["reason"] is JsonValue wv && wv.TryGetValue(out string? w) ? w : "";
            if (evidence is null) { error = $"criterion '{id}': 'evidence' must be a string (\"\" when there is none)"; return null; }
            int? page = null;
            if (withPages)
            {
                if (!c.ContainsKey("page")) { error = $"criterion '{id}': 'page' is missing (the evidence's page number, or null)"; return null; }
                if (c["page"] is JsonValue pv)
                {
                    if (!pv.TryGetValue(out int p) || p < 1) { error = $"criterion '{id}': 'page' must be a page number (1 or more) or null"; return null; }
                    page = p;
                }
            }
            result.Add(new ReplyCriterion(id, verdict, evidence.Trim(), why.Trim(), page));
        }
        var missing = expected.Except(result.Select(r => r.Id)).ToList();
        if (missing.Count > 0) { error = $"no verdict for criteria {string.Join(", ", missing)}"; return null; }
        return result.OrderBy(r => expected.IndexOf(r.Id)).ToList();
    }

    private static bool TryEnum<T>(JsonNode? node, out T value, params (string Name, T Value)[] options)
    {
        value = default!;
        if (node is not JsonValue v || !v.TryGetValue(out string? text)) return false;
        foreach (var (name, option) in options)
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase)) { value = option; return true; }
        return false;
    }

    /// <summary>Some servers wrap JSON in a ```json fence even in JSON mode; the fence is not content.</summary>
    internal static string StripCodeFence(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal) || !t.EndsWith("```", StringComparison.Ordinal) || t.Length < 6) return t;
        var firstNewline = t.IndexOf('\n');
        return firstNewline < 0 ? t : t[(firstNewline + 1)..^3].Trim();
    }
}
