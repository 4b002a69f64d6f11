using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Screener.Core.Protocol;

namespace Screener.Core.Extraction;

/// <summary>Turns a reviewer's edited text into the field's typed JSON value, or says why it does not fit the form.</summary>
public static class ExtractionValueParser
{
    /// <summary>List values are typed one per line, or separated by semicolons.</summary>
    public static string Parse(ExtractionField field, string text)
    {
        var value = text.Trim();
        if (value.Length == 0) throw new InvalidInputException("value", $"field '{field.Name}' needs a value (reject the draft to record that it is not reported)");
        JsonNode node = field.Type switch
        {
            FieldType.Text => JsonValue.Create(value),
            FieldType.Integer => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                ? JsonValue.Create(i) : throw Invalid(field, "a whole number"),
            FieldType.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? JsonValue.Create(d) : throw Invalid(field, "a number (use a dot for decimals)"),
            FieldType.Boolean => value.ToLowerInvariant() switch
            {
                "true" or "yes" => JsonValue.Create(true),
                "false" or "no" => JsonValue.Create(false),
                _ => throw Invalid(field, "yes or no"),
            },
            FieldType.Enum => JsonValue.Create(field.AllowedValues.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
                ?? throw Invalid(field, "one of " + string.Join(", ", field.AllowedValues))),
            FieldType.List => new JsonArray(value.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            _ => throw Invalid(field, "a supported type"),
        };
        return node.ToJsonString();
    }

    /// <summary>A stored JSON value as a reviewer reads and edits it (lists one item per line).</summary>
    public static string Display(string? json)
    {
        if (string.IsNullOrEmpty(json)) return "";
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind switch
        {
            JsonValueKind.String => doc.RootElement.GetString() ?? "",
            JsonValueKind.Array => string.Join("\n", doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
            JsonValueKind.Null => "",
            _ => doc.RootElement.GetRawText(),
        };
    }

    private static InvalidInputException Invalid(ExtractionField field, string expected) =>
        new("value", $"field '{field.Name}' ({field.Type.ToString().ToLowerInvariant()}) must be {expected}");
}
