using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Screener.Core.Prompts;

/// <summary>Loads released prompt files from the prompts/ folder (copied beside each host) by reference "id/vN".</summary>
public sealed class PromptLibrary(string directory)
{
    private readonly ConcurrentDictionary<string, PromptTemplate> _cache = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>The prompts/ folder beside the running program.</summary>
    public static PromptLibrary Default() => new(Path.Combine(AppContext.BaseDirectory, "prompts"));

    public PromptTemplate Get(string reference) => _cache.GetOrAdd(reference, Load);

    private PromptTemplate Load(string reference)
    {
        var parts = reference.Split('/');
        if (parts.Length != 2 || !parts[1].StartsWith('v') || parts[0].Length == 0)
            throw new ScreenerException($"prompt reference '{reference}' must look like screening/v1");
        var path = Path.Combine(Directory, parts[0], parts[1] + ".yaml");
        if (!File.Exists(path))
            throw new ScreenerException($"prompt '{reference}' not found: expected {path}");
        var text = File.ReadAllText(path);
        var template = Parse(text, path);
        if (template.Id != parts[0] || "v" + template.Version != parts[1])
            throw new ScreenerException($"{path}: id/version ({template.Id}/v{template.Version}) disagree with the file's path");
        var undeclared = template.UndeclaredPlaceholders().ToList();
        if (undeclared.Count > 0)
            throw new ScreenerException($"{path}: placeholders not declared in 'variables': {string.Join(", ", undeclared)}");
        return template;
    }

    internal static PromptTemplate Parse(string text, string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ScreenerException($"{path}: a prompt file must be a YAML mapping");
        string Required(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } v }
                ? v
                : throw new ScreenerException($"{path}: missing '{key}'");
        var variables = root.Children.TryGetValue(new YamlScalarNode("variables"), out var vars) && vars is YamlSequenceNode seq
            ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
            : [];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new PromptTemplate(Required("id"), Required("version"), Required("description"), variables,
            Required("system"), Required("user"), hash);
    }
}
