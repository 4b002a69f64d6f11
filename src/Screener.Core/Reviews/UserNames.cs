using System.Globalization;
using System.Text;

namespace Screener.Core.Reviews;

/// <summary>
/// What a user name may be: 1 to 100 letters (any script), combining marks, digits and <c>. _ - @ +</c>, in Unicode
/// normal form C so that two spellings of "José" are one name. Control and format characters (NUL, bidi overrides,
/// zero-width joiners), whitespace and path characters are refused: names appear in URLs, headers and logs.
/// </summary>
public static class UserNames
{
    public const int MaxLength = 100;
    private const string AllowedPunctuation = "._-@+";

    /// <summary>The name as stored and looked up (trimmed, NFC), or an <see cref="InvalidInputException"/> saying what is wrong.</summary>
    public static string Normalize(string? userName) =>
        TryNormalize(userName) ?? throw new InvalidInputException("userName",
            $"must be 1 to {MaxLength} letters, digits or the characters {AllowedPunctuation}, without spaces or control characters");

    /// <summary>The stored form of a name, or null when no account could have it (sign-in then looks nothing up).</summary>
    public static string? TryNormalize(string? userName)
    {
        var name = userName?.Trim() ?? "";
        try
        {
            name = name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null; // an unpaired surrogate
        }
        return name.Length is > 0 and <= MaxLength && name.EnumerateRunes().All(Allowed) ? name : null;
    }

    private static bool Allowed(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber => true,
        _ => rune.IsAscii && AllowedPunctuation.Contains((char)rune.Value, StringComparison.Ordinal),
    };
}
