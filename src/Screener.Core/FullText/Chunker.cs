using Screener.Core.Llm;

namespace Screener.Core.FullText;

/// <summary>A chunk's place: its page, section and character offsets into that page's text.</summary>
public sealed record ChunkSpan(int Ordinal, int PageNumber, string? Section, int Start, int End, string Text, int Tokens);

/// <summary>
/// Cuts page text into overlapping windows sized in tokens (by <see cref="TokenEstimate"/>, the estimate the LLM
/// budget uses), never across a page or a section start, so every chunk has one page and one section to cite.
/// Windows end at a word boundary where there is one.
/// </summary>
public static class Chunker
{
    public static IReadOnlyList<ChunkSpan> Chunk(IReadOnlyList<ParsedPage> pages, int chunkTokens, int overlapTokens)
    {
        if (chunkTokens < 1 || overlapTokens < 0 || overlapTokens >= chunkTokens)
            throw new ArgumentOutOfRangeException(nameof(overlapTokens), "the overlap must be at least 0 and less than the chunk size");
        var maxChars = TokenEstimate.MaxCharacters(chunkTokens);
        var overlapChars = TokenEstimate.MaxCharacters(overlapTokens);
        var chunks = new List<ChunkSpan>();
        string? section = null;
        foreach (var page in pages)
        {
            var bounds = page.Sections.Select(s => s.Offset).Prepend(0).Append(page.Text.Length).Distinct().Order().ToList();
            for (var b = 0; b + 1 < bounds.Count; b++)
            {
                section = page.Sections.LastOrDefault(s => s.Offset == bounds[b])?.Title ?? section;
                Windows(page, bounds[b], bounds[b + 1], section, maxChars, overlapChars, chunks);
            }
        }
        return chunks;
    }

    private static void Windows(ParsedPage page, int from, int to, string? section, int maxChars, int overlapChars, List<ChunkSpan> chunks)
    {
        var text = page.Text;
        var start = SkipSpace(text, from, to);
        while (start < to)
        {
            var end = Math.Min(to, start + maxChars);
            if (end < to)
            {
                var space = text.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - start);
                if (space > start) end = space;
            }
            var trimmedEnd = end;
            while (trimmedEnd > start && char.IsWhiteSpace(text[trimmedEnd - 1])) trimmedEnd--;
            if (trimmedEnd > start)
            {
                var piece = text[start..trimmedEnd];
                chunks.Add(new ChunkSpan(chunks.Count, page.Number, section, start, trimmedEnd, piece, TokenEstimate.FromText(piece.Length)));
            }
            if (end >= to) break;
            // The next window starts overlapChars back, at a word start, and always after this window's start.
            var next = Math.Max(start + 1, end - overlapChars);
            while (next < end && !char.IsWhiteSpace(text[next - 1])) next++;
            start = SkipSpace(text, next, to);
        }
    }

    private static int SkipSpace(string text, int from, int to)
    {
        while (from < to && char.IsWhiteSpace(text[from])) from++;
        return from;
    }
}
