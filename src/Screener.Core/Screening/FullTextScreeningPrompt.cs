using Microsoft.Extensions.AI;
using Screener.Core.FullText;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;

namespace Screener.Core.Screening;

/// <summary>A full-text screening prompt, what of the paper it holds, and the paper's pages to ground quotes against.</summary>
public sealed record FullTextScreeningInput(RenderedPrompt Rendered, FullTextPassages Passages, PageGrounding Pages);

/// <summary>
/// Builds the prompt of full-text screening: the whole paper when it fits <see cref="ScreeningOptions.FullTextCharacters"/>,
/// else its chunks most relevant to each full-text criterion (<see cref="RelevantChunks"/>).
/// </summary>
public static class FullTextScreeningPrompt
{
    public const string Prompt = "screening-fulltext/v1";

    public static async Task<FullTextScreeningInput?> PrepareAsync(ScreenerDbContext db, PromptTemplate template, ReviewProtocol protocol,
        Record record, ScreeningOptions options, IEmbeddingGenerator<string, Embedding<float>>? embeddings, CancellationToken ct)
    {
        if (await RecordFullTexts.ForRecordAsync(db, record.Id, ct) is not { Status: FullTextStatus.Text, Pages.Count: > 0 } text) return null;
        var eligibility = protocol.Eligibility(Vocabulary.ReviewStage.FullText);
        var passages = FullTextPassages.WholeTextWithin(text.Pages, options.FullTextCharacters);
        if (passages is null)
        {
            var perCriterion = new List<IReadOnlyList<RelevantChunk>>();
            foreach (var criterion in eligibility.AllCriteria)
                perCriterion.Add(await RelevantChunks.FindAsync(db, record.Id, criterion.Text, options.ChunksPerCriterion, embeddings, ct));
            passages = FullTextPassages.FromChunks(perCriterion, options.FullTextCharacters, text.Pages.Count);
        }
        var rendered = template.Render(Variables(protocol, eligibility, record, passages));
        return new FullTextScreeningInput(rendered, passages, new PageGrounding(text.Pages.Select(p => (p.PageNumber, p.Text))));
    }

    public static Dictionary<string, string> Variables(ReviewProtocol protocol, StageEligibility eligibility, Record record, FullTextPassages passages)
    {
        var variables = ScreeningPrompt.Variables(protocol, eligibility, record);
        variables.Remove("record_abstract");
        variables["text_scope"] = passages.Scope;
        variables["record_text"] = ScreeningPrompt.Untrusted(passages.Text);
        return variables;
    }
}
