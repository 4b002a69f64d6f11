using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Screener.Core.Llm;

/// <summary>A GBNF grammar derived from a reply's JSON schema, and a short name for the audit.</summary>
public sealed record ReplyGrammar(string Gbnf, string Description)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Gbnf)));
}

/// <summary>
/// Turns the reply's JSON schema into a GBNF grammar so a local model can only write replies of that shape. The
/// grammar is a narrowing of the schema (everything it allows is valid under the schema, not the reverse), chosen so
/// that small models cannot wander: every listed property is written, in the schema's order; strings, numbers and
/// arrays are bounded; and an array of objects whose first property is a string enum (the screening reply's
/// per-criterion list) has one item per enum value, in order, because our parsers reject a missing or repeated key.
/// Supported: type (also ["x","null"]), enum, const, properties, items, minItems/maxItems, minimum/maximum,
/// maxLength, anyOf/oneOf. Anything else is written as any JSON value, and the strict parser still decides.
/// </summary>
public static class JsonSchemaGrammar
{
    public const int DefaultMaxStringLength = 256;
    private const int DefaultMaxArrayItems = 16;

    public static ReplyGrammar FromSchema(JsonElement schema, string schemaName, int maxStringLength = DefaultMaxStringLength)
    {
        var writer = new Writer(maxStringLength);
        var root = writer.Rule(schema);
        var gbnf = new StringBuilder();
        gbnf.Append("root ::= ").Append(root).Append('\n');
        foreach (var (name, body) in writer.Rules) gbnf.Append(name).Append(" ::= ").Append(body).Append('\n');
        // At most one space between tokens: a small model can otherwise fill its budget with whitespace.
        gbnf.Append("ws ::= \" \"?\n");
        return new ReplyGrammar(gbnf.ToString(), $"gbnf from json schema '{schemaName}'");
    }

    /// <summary>A JSON string literal as a GBNF terminal: the JSON text, quoted and escaped again for GBNF.</summary>
    internal static string Literal(string jsonText)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in jsonText)
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }

    private sealed class Writer(int maxStringLength)
    {
        private readonly Dictionary<string, string> _byBody = new(StringComparer.Ordinal);
        public List<(string Name, string Body)> Rules { get; } = [];

        /// <summary>The name of a rule for the schema (shared rules are written once).</summary>
        public string Rule(JsonElement schema) => Named(Body(schema));

        private string Named(string body)
        {
            if (_byBody.TryGetValue(body, out var existing)) return existing;
            var name = "n" + (Rules.Count + 1).ToString(CultureInfo.InvariantCulture);
            _byBody[body] = name;
            Rules.Add((name, body));
            return name;
        }

        private string Body(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object) return AnyValue();
            if (schema.TryGetProperty("const", out var constant)) return Literal(constant.GetRawText());
            if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
                return string.Join(" | ", values.EnumerateArray().Select(v => Literal(v.GetRawText())));
            foreach (var key in (string[])["anyOf", "oneOf"])
                if (schema.TryGetProperty(key, out var options) && options.ValueKind == JsonValueKind.Array)
                    return string.Join(" | ", options.EnumerateArray().Select(Rule));
            if (!schema.TryGetProperty("type", out var type)) return AnyValue();
            if (type.ValueKind == JsonValueKind.Array)
                return string.Join(" | ", type.EnumerateArray().Select(t => Named(TypeBody(t.GetString() ?? "", schema))));
            return TypeBody(type.GetString() ?? "", schema);
        }

        private string TypeBody(string type, JsonElement schema) => type switch
        {
            "object" => ObjectBody(schema),
            "array" => ArrayBody(schema),
            "string" => StringBody(schema),
            "number" => NumberBody(schema, integer: false),
            "integer" => NumberBody(schema, integer: true),
            "boolean" => "\"true\" | \"false\"",
            "null" => "\"null\"",
            _ => AnyValue(),
        };

        private string ObjectBody(JsonElement schema)
        {
            if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                return "\"{\" ws \"}\"";
            var members = properties.EnumerateObject()
                .Select(p => $"{Literal(JsonSerializer.Serialize(p.Name))} ws \":\" ws {Rule(p.Value)}").ToList();
            return members.Count == 0 ? "\"{\" ws \"}\"" : $"\"{{\" ws {string.Join(" \",\" ws ", members)} ws \"}}\"";
        }

        private string ArrayBody(JsonElement schema)
        {
            if (!schema.TryGetProperty("items", out var items)) return "\"[\" ws \"]\"";
            if (KeyedItems(items) is { } keyed) return $"\"[\" ws {string.Join(" \",\" ws ", keyed)} ws \"]\"";
            var item = Rule(items);
            var min = ReadInt(schema, "minItems") ?? 0;
            var max = Math.Max(min, ReadInt(schema, "maxItems") ?? DefaultMaxArrayItems);
            if (max == 0) return "\"[\" ws \"]\"";
            var rest = $"(\",\" ws {item}){{{Math.Max(0, min - 1)},{max - 1}}}";
            var list = $"{item} {rest}";
            return min == 0 ? $"\"[\" ws ({list})? ws \"]\"" : $"\"[\" ws {list} ws \"]\"";
        }

        /// <summary>Items that are objects keyed by a string enum in their first property: one item per key, in order.</summary>
        private List<string>? KeyedItems(JsonElement items)
        {
            if (items.ValueKind != JsonValueKind.Object || !items.TryGetProperty("properties", out var properties)
                || properties.ValueKind != JsonValueKind.Object) return null;
            var all = properties.EnumerateObject().ToList();
            if (all.Count == 0 || !all[0].Value.TryGetProperty("enum", out var keys) || keys.ValueKind != JsonValueKind.Array
                || keys.GetArrayLength() == 0 || keys.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String)) return null;
            var rest = all.Skip(1).Select(p => $" \",\" ws {Literal(JsonSerializer.Serialize(p.Name))} ws \":\" ws {Rule(p.Value)}").ToList();
            return keys.EnumerateArray().Select(k => Named(
                $"\"{{\" ws {Literal(JsonSerializer.Serialize(all[0].Name))} ws \":\" ws {Literal(k.GetRawText())}{string.Concat(rest)} ws \"}}\"")).ToList();
        }

        private string StringBody(JsonElement schema)
        {
            var max = Math.Min(ReadInt(schema, "maxLength") ?? maxStringLength, maxStringLength);
            var min = Math.Min(ReadInt(schema, "minLength") ?? 0, max);
            return $"\"\\\"\" {Char()}{{{min},{max}}} \"\\\"\"";
        }

        private string NumberBody(JsonElement schema, bool integer)
        {
            var minimum = ReadDouble(schema, "minimum");
            var maximum = ReadDouble(schema, "maximum");
            // A probability or confidence: 0, 1, or 0.xxx.
            if (!integer && minimum == 0 && maximum == 1) return "\"0\" (\".\" [0-9]{1,4})? | \"1\" (\".\" \"0\"{1,4})?";
            var sign = minimum >= 0 ? "" : "\"-\"? ";
            var whole = "(\"0\" | [1-9] [0-9]{0,14})";
            return integer ? $"{sign}{whole}" : $"{sign}{whole} (\".\" [0-9]{{1,6}})?";
        }

        private string Char() => Named("[^\"\\\\\\x00-\\x1F\\x7F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})");

        /// <summary>Any JSON value, for a schema part the grammar does not model (bounded like the rest).</summary>
        private string AnyValue()
        {
            const string name = "anyvalue";
            if (_byBody.ContainsKey(name)) return name;
            _byBody[name] = name;
            var str = Named($"\"\\\"\" {Char()}{{0,{maxStringLength}}} \"\\\"\"");
            var num = Named("\"-\"? (\"0\" | [1-9] [0-9]{0,14}) (\".\" [0-9]{1,6})?");
            Rules.Add((name, $"{str} | {num} | \"true\" | \"false\" | \"null\" | \"[\" ws (anyvalue (\",\" ws anyvalue){{0,{DefaultMaxArrayItems - 1}}})? ws \"]\" | \"{{\" ws ({str} ws \":\" ws anyvalue (\",\" ws {str} ws \":\" ws anyvalue){{0,{DefaultMaxArrayItems - 1}}})? ws \"}}\""));
            return name;
        }

        private static int? ReadInt(JsonElement schema, string name) =>
            schema.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

        private static double? ReadDouble(JsonElement schema, string name) =>
            schema.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) ? d : null;
    }
}
