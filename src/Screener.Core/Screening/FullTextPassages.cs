using System.Text;
using System.Text.Json;
using Screener.Core.FullText;

namespace Screener.Core.Screening;

/// <summary>
/// What of a paper goes into one prompt: every page when the whole text fits the budget, else the chunks most
/// relevant to each criterion (or field), taken in turns (each query's best, then each one's second best, ...) so
/// that no query crowds out the others, then put back in reading order. Each passage is headed by its page, which
/// is how the model cites a page. <see cref="AuditJson"/> records what was sent. Pure.
/// </summary>
public sealed record FullTextPassages(string Text, string Scope, bool WholeText, IReadOnlyList<int> Pages, IReadOnlyList<long> ChunkIds)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string AuditJson => JsonSerializer.Serialize(new { wholeText = WholeText, pages = Pages, chunks = ChunkIds }, Json);

    public static FullTextPassages? WholeTextWithin(IReadOnlyList<FullTextPageText> pages, int budgetCharacters)
    {
        var text = new StringBuilder();
        foreach (var page in pages) text.Append("[page ").Append(page.PageNumber).Append("]\n").Append(page.Text.Trim()).Append("\n\n");
        return text.Length > budgetCharacters
            ? null
            : new FullTextPassages(text.ToString().TrimEnd(), $"the whole text, {pages.Count} page(s)", true, pages.Select(p => p.PageNumber).ToList(), []);
    }

    /// <param name="queryKind">What each query is, for the prompt's description of the text: "criterion" or "field".</param>
    public static FullTextPassages FromChunks(IReadOnlyList<IReadOnlyList<RelevantChunk>> perQuery, int budgetCharacters, int totalPages, string queryKind = "criterion")
    {
        var chosen = new Dictionary<long, RelevantChunk>();
        var used = 0;
        var depth = perQuery.Count == 0 ? 0 : perQuery.Max(q => q.Count);
        for (var rank = 0; rank < depth; rank++)
            foreach (var query in perQuery)
            {
                if (rank >= query.Count || chosen.ContainsKey(query[rank].ChunkId)) continue;
                var size = Header(query[rank]).Length + query[rank].Text.Length + 2;
                if (used + size > budgetCharacters) continue;
                chosen[query[rank].ChunkId] = query[rank];
                used += size;
            }
        var ordered = chosen.Values.OrderBy(c => c.Ordinal).ToList();
        var text = string.Join("\n\n", ordered.Select(c => Header(c) + c.Text.Trim()));
        var pages = ordered.Select(c => c.PageNumber).Distinct().Order().ToList();
        return new FullTextPassages(text, $"the passages most relevant to each {queryKind}: {ordered.Count} excerpt(s) from {pages.Count} of {totalPages} page(s)",
            false, pages, ordered.Select(c => c.ChunkId).ToList());
    }

    private static string Header(RelevantChunk chunk) =>
        chunk.Section is { Length: > 0 } section ? $"[page {chunk.PageNumber}, {section}]\n" : $"[page {chunk.PageNumber}]\n";
}
