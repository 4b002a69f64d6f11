using System.Text;

namespace Screener.Core.Exports;

/// <summary>One RIS field: a two-character tag ("TI", "AU", "N1") and its value (left out when empty).</summary>
public readonly record struct RisField(string Tag, string? Value);

/// <summary>
/// The one RIS writer (records and screening results, CLI and web). RIS has no escaping: a reader takes any line
/// that starts like "XX  - " as a new tag, so an abstract holding "\nER  - \nTY  - JOUR" would end its record and
/// forge another. A value's line breaks are therefore written as continuation lines (RisReader joins them back
/// with '\n', so paragraphs survive a round trip) except where the next line could be read as a tag by any RIS
/// reader (two letters or digits, spaces, a dash, in either case and after any indentation): that line break is
/// folded into a space. Nothing else in the text changes.
/// </summary>
public static class RisWriter
{
    private const string LineEnd = "\r\n";

    public static Task WriteRecordAsync(TextWriter output, string type, IEnumerable<RisField> fields, CancellationToken cancellationToken) =>
        output.WriteAsync(Record(type, fields).AsMemory(), cancellationToken);

    /// <summary>"TY  - type", the fields in order, "ER  - " and a blank line.</summary>
    public static string Record(string type, IEnumerable<RisField> fields)
    {
        var ris = new StringBuilder();
        Append(ris, new RisField("TY", type));
        foreach (var field in fields) Append(ris, field);
        return ris.Append("ER  - ").Append(LineEnd).Append(LineEnd).ToString();
    }

    /// <summary>Whether a RIS reader could take this line for a tag line ("ER  - ", "ty -", "  N1-").</summary>
    public static bool CouldBeTag(string line)
    {
        var text = line.AsSpan().TrimStart();
        if (text.Length < 3 || !char.IsAsciiLetterOrDigit(text[0]) || !char.IsAsciiLetterOrDigit(text[1])) return false;
        return text[2..].TrimStart(" \t").StartsWith("-", StringComparison.Ordinal);
    }

    private static void Append(StringBuilder ris, RisField field)
    {
        if (field.Tag.Length != 2 || !char.IsAsciiLetterUpper(field.Tag[0]) || !(char.IsAsciiLetterUpper(field.Tag[1]) || char.IsAsciiDigit(field.Tag[1])))
            throw new ArgumentException($"'{field.Tag}' is not a RIS tag (two characters: a capital letter, then a capital letter or digit)", nameof(field));
        if (string.IsNullOrWhiteSpace(field.Value)) return;
        var lines = new List<string> { field.Tag + "  - " };
        var parts = field.Value.ReplaceLineEndings("\n").Split('\n');
        lines[0] += parts[0];
        foreach (var part in parts.Skip(1))
        {
            lines.Add(part);
            // Folding into a blank line would leave " ER  - ", itself a tag to a reader that trims: fold until safe.
            while (lines.Count > 1 && CouldBeTag(lines[^1]))
            {
                lines[^2] += " " + lines[^1];
                lines.RemoveAt(lines.Count - 1);
            }
        }
        foreach (var line in lines) ris.Append(line).Append(LineEnd);
    }
}
