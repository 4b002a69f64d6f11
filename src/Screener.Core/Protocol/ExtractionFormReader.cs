using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Screener.Core.Protocol;

internal static partial class ExtractionFormReader
{
    public static List<ExtractionField> Read(YamlNodeReader reader, YamlMappingNode root)
    {
        var fields = new List<ExtractionField>();
        var seq = reader.Sequence(YamlNodeReader.Get(root, "extraction_form"), "extraction_form");
        if (seq is null) return fields;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in seq)
        {
            var map = reader.Mapping(item, "extraction_form entry");
            if (map is null) continue;
            reader.RejectUnknownKeys(map, "an extraction field", "name", "type", "description", "required", "values");
            var name = reader.String(map, "name", required: true, "an extraction field");
            var typeText = reader.String(map, "type", required: true, $"field '{name}'");
            var description = reader.String(map, "description", required: true, $"field '{name}'") ?? "";
            var required = reader.Bool(map, "required", false);
            var values = reader.StringList(map, "values");

            if (name is not null && !FieldName().IsMatch(name))
                reader.Error(map, $"field name '{name}' must be lower_snake_case (letters, digits, underscores)");
            if (name is not null && !names.Add(name))
                reader.Error(map, $"field name '{name}' is used twice");

            FieldType type = FieldType.Text;
            if (typeText is not null && !Enum.TryParse(typeText, ignoreCase: true, out type))
                reader.Error(YamlNodeReader.Get(map, "type")!, $"field '{name}' has unknown type '{typeText}' (text, integer, number, boolean, enum, list)");
            if (type == FieldType.Enum && values.Count == 0)
                reader.Error(map, $"enum field '{name}' needs 'values' (the allowed answers)");
            if (values.Count > 0 && type is not (FieldType.Enum or FieldType.List))
                reader.Error(YamlNodeReader.Get(map, "values")!, $"'values' only applies to enum and list fields, not {typeText}");

            if (name is not null) fields.Add(new ExtractionField(name, type, description, required, values));
        }
        return fields;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex FieldName();
}
