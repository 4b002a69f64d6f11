using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Screener.Core.Protocol;

/// <summary>
/// Reads typed values out of a YAML mapping and collects every problem with its line and column,
/// so a protocol author sees all mistakes at once. Unknown keys are errors: they are usually typos.
/// </summary>
internal sealed class YamlNodeReader(List<ProtocolError> errors)
{
    public void Error(YamlNode node, string message) =>
        errors.Add(new ProtocolError((int)node.Start.Line, (int)node.Start.Column, message));

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlMappingNode m) return m;
        Error(node, $"'{what}' must be a mapping of keys to values");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlSequenceNode s) return s;
        Error(node, $"'{what}' must be a list");
        return null;
    }

    public void RejectUnknownKeys(YamlMappingNode map, string where, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
                Error(key, $"unknown key '{name}' in {where} (expected one of: {string.Join(", ", known)})");
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlMappingNode map, string key, bool required, string where)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Error(map, $"{where} is missing required key '{key}'");
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"'{key}' must be text");
            return null;
        }
        var text = scalar.Value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) Error(node, $"'{key}' must not be empty");
            return null;
        }
        return text;
    }

    public bool Bool(YamlMappingNode map, string key, bool defaultValue)
    {
        var node = Get(map, key);
        if (node is null) return defaultValue;
        if (node is YamlScalarNode { Value: { } v } && bool.TryParse(v, out var parsed)) return parsed;
        Error(node, $"'{key}' must be true or false");
        return defaultValue;
    }

    public double Number(YamlMappingNode map, string key, double defaultValue, double min, double max)
    {
        var node = Get(map, key);
        if (node is null) return defaultValue;
        return NumberOf(node, key, defaultValue, min, max);
    }

    public double NumberOf(YamlNode node, string what, double defaultValue, double min, double max)
    {
        if (node is YamlScalarNode { Value: { } v }
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            if (parsed >= min && parsed <= max) return parsed;
            Error(node, $"'{what}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {v}");
            return defaultValue;
        }
        Error(node, $"'{what}' must be a number");
        return defaultValue;
    }

    public int? Integer(YamlMappingNode map, string key, int? defaultValue, int min, int max)
    {
        var node = Get(map, key);
        if (node is null) return defaultValue;
        if (node is YamlScalarNode { Value: { } v }
            && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            if (parsed >= min && parsed <= max) return parsed;
            Error(node, $"'{key}' must be between {min} and {max}, not {v}");
            return defaultValue;
        }
        Error(node, $"'{key}' must be a whole number");
        return defaultValue;
    }

    public List<string> StringList(YamlMappingNode map, string key)
    {
        var result = new List<string>();
        var seq = Sequence(Get(map, key), key);
        if (seq is null) return result;
        foreach (var item in seq)
        {
            if (item is YamlScalarNode { Value: { } v } && v.Trim().Length > 0) result.Add(v.Trim());
            else Error(item, $"each entry of '{key}' must be non-empty text");
        }
        return result;
    }
}
