namespace Screener.Core.Records.Formats;

/// <summary>
/// The @string macros of one BibTeX file, expanded when defined. Nesting is bounded: a macro built from macros built
/// from macros doubles in size with each level, so a 1 KB file could otherwise ask for gigabytes. A value may not
/// nest deeper than <see cref="MaxDepth"/> or grow past <see cref="MaxValueLength"/>, and all macros together may not
/// hold more than <see cref="MaxTotalLength"/> characters; past that the entry is reported, not expanded.
/// </summary>
internal sealed class BibtexMacros
{
    /// <summary>Real files nest a few levels at most (a journal abbreviation inside a series name).</summary>
    public const int MaxDepth = 8;

    /// <summary>Longer than any real field, abstracts included.</summary>
    public const int MaxValueLength = 100_000;

    public const int MaxTotalLength = 1_000_000;

    private readonly Dictionary<string, (string Value, int Depth)> _macros = new(StringComparer.OrdinalIgnoreCase);
    private long _total;

    public bool TryGet(string name, out string value, out int depth)
    {
        var found = _macros.TryGetValue(name, out var macro);
        (value, depth) = found ? macro : ("", 0);
        return found;
    }

    /// <summary>Stores the macro, or says why it cannot be kept.</summary>
    public string? Define(string name, string value, int depth)
    {
        if (depth > MaxDepth) return $"@string '{name}' nests macros {depth} deep (at most {MaxDepth}); write its text out";
        var previous = _macros.TryGetValue(name, out var old) ? old.Value.Length : 0;
        if (_total - previous + value.Length > MaxTotalLength)
            return $"the file's @string macros hold more than {MaxTotalLength:N0} characters; write the texts out or remove unused macros";
        _total += value.Length - previous;
        _macros[name] = (value, depth);
        return null;
    }
}
