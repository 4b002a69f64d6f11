using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Prompts;

/// <summary>The two rendered messages plus what the audit trail needs to reproduce them.</summary>
public sealed record RenderedPrompt(string PromptId, string Version, string PromptHash, string System, string User, string RenderedHash)
{
    public string Reference => $"{PromptId}/v{Version}";
}

/// <summary>One released prompt version, as loaded from prompts/&lt;id&gt;/v&lt;version&gt;.yaml.</summary>
public sealed partial record PromptTemplate(
    string Id, string Version, string Description, IReadOnlyList<string> Variables, string System, string User, string FileHash)
{
    public string Reference => $"{Id}/v{Version}";

    /// <summary>Replaces every {{name}}; a variable that is missing, or used but not declared, is an error.</summary>
    public RenderedPrompt Render(IReadOnlyDictionary<string, string> values)
    {
        var missing = Variables.Where(v => !values.ContainsKey(v)).ToList();
        if (missing.Count > 0)
            throw new ScreenerException($"prompt {Reference}: no value for {string.Join(", ", missing)}");
        var system = Fill(System, values);
        var user = Fill(User, values);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(system + "\u0000" + user)));
        return new RenderedPrompt(Id, Version, FileHash, system, user, hash);
    }

    /// <summary>Names used in the templates that the file does not declare (checked at load).</summary>
    public IEnumerable<string> UndeclaredPlaceholders() =>
        Placeholder().Matches(System + User).Select(m => m.Groups[1].Value).Distinct().Where(n => !Variables.Contains(n));

    // One pass, so a value that itself contains "{{x}}" (untrusted record text) is never expanded.
    private string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) && Variables.Contains(m.Groups[1].Value)
            ? v
            : throw new ScreenerException($"prompt {Reference}: placeholder {{{{{m.Groups[1].Value}}}}} is not a declared variable"));

    [GeneratedRegex(@"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
