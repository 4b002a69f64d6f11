using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Screening;

/// <summary>The "Screening" section.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "Screening";

    /// <summary>Room for one verdict, quote and reason per criterion; a reply cut at this limit fails to parse and is repaired once.</summary>
    [Range(200, 32000)]
    public int MaxOutputTokens { get; set; } = 2000;
}
