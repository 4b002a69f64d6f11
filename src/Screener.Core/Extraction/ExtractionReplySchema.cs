using System.Text.Json;
using System.Text.Json.Nodes;
using Screener.Core.Llm;
using Screener.Core.Protocol;

namespace Screener.Core.Extraction;

/// <summary>One field's answer as the model gave it, after strict type checks. Value is null when not reported.</summary>
/// <param name="Page">From a full text: the page the evidence is on, as the reply cites it.</param>
public sealed record ExtractedField(string Name, JsonNode? Value, bool NotReported, string Evidence, double Confidence, int? Page = null);

/// <summary>A typed JSON schema built from the protocol's extraction form, and its strict parser.</summary>
public static class ExtractionReplySchema
{
    public const string Name = "extraction_reply";

    public static JsonElement For(IReadOnlyList<ExtractionField> form, bool withPages = false)
    {
        var fields = new JsonObject();
        foreach (var f in form)
        {
            // Two shapes, so that a schema-following decoder (a local model's grammar) cannot pair a value with
            // not_reported: true, or no value with false, which the parser rejects.
            fields[f.Name] = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    FieldAnswer(ValueSchema(f), notReported: false, withPages),
                    FieldAnswer(new JsonObject { ["type"] = "null" }, notReported: true, withPages)),
            };
        }
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["type"] = "object", ["properties"] = fields,
                    ["required"] = new JsonArray(form.Select(f => (JsonNode)JsonValue.Create(f.Name)).ToArray()),
                    ["additionalProperties"] = false,
                },
            },
            ["required"] = new JsonArray("fields"),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static JsonObject FieldAnswer(JsonObject value, bool notReported, bool withPages)
    {
        var properties = new JsonObject
        {
            ["value"] = value,
            ["not_reported"] = new JsonObject { ["type"] = "boolean", ["enum"] = new JsonArray(notReported) },
            ["evidence"] = new JsonObject { ["type"] = "string" },
        };
        var required = new JsonArray("value", "not_reported", "evidence");
        if (withPages)
        {
            properties["page"] = new JsonObject { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 1 };
            required.Add("page");
        }
        properties["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 };
        required.Add("confidence");
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false };
    }

    private static JsonObject ValueSchema(ExtractionField f) => f.Type switch
    {
        FieldType.Integer => new JsonObject { ["type"] = "integer" },
        FieldType.Number => new JsonObject { ["type"] = "number" },
        FieldType.Boolean => new JsonObject { ["type"] = "boolean" },
        FieldType.List => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        FieldType.Enum => new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray(f.AllowedValues.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        },
        _ => new JsonObject { ["type"] = "string" },
    };

    public static ParseResult<IReadOnlyList<ExtractedField>> Parse(string? text, IReadOnlyList<ExtractionField> form, bool withPages = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<IReadOnlyList<ExtractedField>>.Failure("the reply is empty");
        JsonNode? root;
        try { root = JsonNode.Parse(Screening.ScreeningReplySchema.StripCodeFence(text)); }
        catch (JsonException e) { return ParseResult<IReadOnlyList<ExtractedField>>.Failure($"the reply is not valid JSON ({e.Message})"); }
        if (root is not JsonObject obj || obj["fields"] is not JsonObject fields || obj.Count != 1)
            return ParseResult<IReadOnlyList<ExtractedField>>.Failure("the reply must be an object with exactly one property, \"fields\"");
        var unknown = fields.Select(p => p.Key).Except(form.Select(f => f.Name)).ToList();
        if (unknown.Count > 0) return ParseResult<IReadOnlyList<ExtractedField>>.Failure($"unknown fields: {string.Join(", ", unknown)}");
        var result = new List<ExtractedField>();
        foreach (var field in form)
        {
            if (fields[field.Name] is not JsonObject answer) return ParseResult<IReadOnlyList<ExtractedField>>.Failure($"field '{field.Name}' is missing");
            var error = ParseField(field, answer, withPages, out var parsed);
            if (error is not null) return ParseResult<IReadOnlyList<ExtractedField>>.Failure($"field '{field.Name}': {error}");
            result.Add(parsed!);
        }
        return ParseResult<IReadOnlyList<ExtractedField>>.Success(result);
    }

    private static string? ParseField(ExtractionField field, JsonObject answer, bool withPages, out ExtractedField? parsed)
    {
        parsed = null;
        int? page = null;
        if (withPages)
        {
            if (!answer.ContainsKey("page")) return "'page' is missing (the evidence's page number, or null)";
            if (answer["page"] is JsonValue pv)
            {
                if (!pv.TryGetValue(out int p) || p < 1) return "'page' must be a page number (1 or more) or null";
                page = p;
            }
        }
        if (answer["not_reported"] is not JsonValue nr || !nr.TryGetValue(out bool notReported)) return "'not_reported' must be true or false";
        if (answer["confidence"] is not JsonValue cv || !cv.TryGetValue(out double confidence) || confidence is < 0 or > 1)
            return "'confidence' must be a number from 0 to 1";
        var evidence = answer["evidence"] is JsonValue ev && ev.TryGetValue(out string? e) ? e.Trim() : null;
        if (evidence is null) return "'evidence' must be a string";
        var value = answer["value"];
        if (notReported)
        {
            if (value is not null) return "a value was given but not_reported is true";
            parsed = new ExtractedField(field.Name, null, true, "", confidence);
            return null;
        }
        if (value is null) return "give a value, or not_reported: true";
        var typeError = CheckType(field, value);
        if (typeError is not null) return typeError;
        parsed = new ExtractedField(field.Name, value.DeepClone(), false, evidence, confidence, page);
        return null;
    }

    private static string? CheckType(ExtractionField field, JsonNode value) => field.Type switch
    {
        FieldType.Integer => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out decimal d) && d == decimal.Truncate(d)
            ? null : "the value must be a whole number",
        FieldType.Number => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? null : "the value must be a number",
        FieldType.Boolean => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "the value must be true or false",
        FieldType.List => value is JsonArray a && a.All(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String) ? null : "the value must be an array of strings",
        _ => value is JsonValue s && s.GetValueKind() == JsonValueKind.String ? null : "the value must be a string",
    };
}
