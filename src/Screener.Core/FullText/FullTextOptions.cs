using System.ComponentModel.DataAnnotations;

namespace Screener.Core.FullText;

/// <summary>The "FullText" section: how large a file may be read and how texts are cut into chunks.</summary>
public sealed class FullTextOptions : IValidatableObject
{
    public const string SectionName = "FullText";

    /// <summary>
    /// Files larger than this (default 50 MiB) fail with a reason instead of being read: a journal article is rarely
    /// over 10 MiB, and a file far larger is usually a scanned book or a supplement that would hold the attach up.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Tokens per chunk (by the request token estimate), default 400: several chunks of one paper fit a small model's
    /// context beside the prompt, and one chunk still holds a paragraph with its context.
    /// </summary>
    [Range(50, 8000)]
    public int ChunkTokens { get; set; } = 400;

    /// <summary>Tokens a chunk shares with the one before it (default 60), so a sentence cut at a window edge is whole in one of them.</summary>
    [Range(0, 4000)]
    public int ChunkOverlapTokens { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ChunkOverlapTokens >= ChunkTokens)
            yield return new ValidationResult($"FullText:ChunkOverlapTokens ({ChunkOverlapTokens}) must be less than FullText:ChunkTokens ({ChunkTokens})");
    }
}
