using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Screening;

/// <summary>The "Screening" section.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "Screening";

    /// <summary>Room for one verdict, quote and reason per criterion; a reply cut at this limit fails to parse and is repaired once.</summary>
    [Range(200, 32000)]
    public int MaxOutputTokens { get; set; } = 2000;

    /// <summary>
    /// Longest rendered prompt (system + user characters, about 4 per token) sent for one record. A record over it
    /// (a pasted full text, a 5 MB "abstract") is recorded as failed with the reason instead of being sent: it would
    /// overflow most context windows and cost real money. Default 100,000 (about 25,000 tokens).
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxPromptCharacters { get; set; } = 100_000;

    /// <summary>
    /// Full-text screening: the most paper text (characters, about 4 per token) put in one prompt. A paper that fits
    /// is sent whole; a longer one is sent as its chunks most relevant to each criterion, up to this budget. Default
    /// 40,000 (about 10,000 tokens): a 12-page paper rarely fits, its relevant sections do, with room for the reply.
    /// </summary>
    [Range(1000, 5_000_000)]
    public int FullTextCharacters { get; set; } = 40_000;

    /// <summary>Full-text screening of a paper over the budget: how many chunks are sought per criterion (default 4).</summary>
    [Range(1, 50)]
    public int ChunksPerCriterion { get; set; } = 4;
}
