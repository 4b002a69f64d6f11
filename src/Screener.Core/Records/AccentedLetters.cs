using System.Text;

namespace Screener.Core.Records;

/// <summary>
/// Latin accented letters composed and folded by table. The product runs with InvariantGlobalization, where
/// string.Normalize does not compose or decompose, so "é" and "e\u0301" must be handled here.
/// </summary>
public static class AccentedLetters
{
    private static readonly (char Accent, string Bases, string Composed)[] Compositions =
    [
        ('\u0301', "aeiouyAEIOUYcnszCNSZlrLR", "áéíóúýÁÉÍÓÚÝćńśźĆŃŚŹĺŕĹŔ"),
        ('\u0300', "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ('\u0302', "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ('\u0308', "aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"),
        ('\u0303', "anoANO", "ãñõÃÑÕ"),
        ('\u0327', "cCsS", "çÇşŞ"),
        ('\u030C', "cszrenCSZREN", "čšžřěňČŠŽŘĚŇ"),
        ('\u030A', "auAU", "åůÅŮ"),
        ('\u0304', "aeiouAEIOU", "āēīōūĀĒĪŌŪ"),
        ('\u030B', "ouOU", "őűŐŰ"),
        ('\u0307', "zZ", "żŻ"),
    ];

    private static readonly Dictionary<(char, char), char> Compose = Compositions
        .SelectMany(c => c.Bases.Zip(c.Composed, (b, composed) => ((b, c.Accent), composed)))
        .ToDictionary(p => p.Item1, p => p.composed);

    private static readonly Dictionary<char, string> Fold = BuildFold();

    /// <summary>The letter with the combining accent as one character, or the pair unchanged when there is none.</summary>
    public static string Combine(char letter, char combiningAccent) =>
        Compose.TryGetValue((letter, combiningAccent), out var c) ? c.ToString() : $"{letter}{combiningAccent}";

    /// <summary>The unaccented form of a letter ("é" → "e", "ß" → "ss"), or null when it has none.</summary>
    public static string? Unaccented(char c) => Fold.GetValueOrDefault(c);

    /// <summary>Composes letter + combining accent pairs left over from LaTeX or decomposed input.</summary>
    public static string ComposeAll(string text)
    {
        if (!text.Any(c => c is >= '\u0300' and <= '\u036F')) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c is >= '\u0300' and <= '\u036F' && sb.Length > 0 && Compose.TryGetValue((sb[^1], c), out var composed)) sb[^1] = composed;
            else sb.Append(c);
        return sb.ToString();
    }

    private static Dictionary<char, string> BuildFold()
    {
        var fold = Compositions.SelectMany(c => c.Composed.Zip(c.Bases, (composed, b) => (composed, b.ToString())))
            .ToDictionary(p => p.composed, p => p.Item2);
        foreach (var (from, to) in new[]
                 {
                     ("ß", "ss"), ("æ", "ae"), ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"), ("ø", "o"), ("Ø", "O"), ("ł", "l"), ("Ł", "L"),
                     ("đ", "d"), ("Đ", "D"), ("þ", "th"), ("ð", "d"), ("ı", "i"), ("ğ", "g"), ("Ğ", "G"), ("İ", "I"), ("ę", "e"),
                     ("ą", "a"), ("Ę", "E"), ("Ą", "A"), ("ţ", "t"), ("ț", "t"), ("ș", "s"), ("ﬁ", "fi"), ("ﬂ", "fl"),
                 })
            fold[from[0]] = to;
        return fold;
    }
}
