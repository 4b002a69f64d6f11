using System.Text;
using Screener.Core.Evaluation;

namespace Screener.IntegrationTests.Evaluation;

/// <summary>
/// Evaluates the extraction evaluator on PICO spans in the shape of EBM-NLP (Nye et al. 2018): generated tokenised
/// abstracts' population, intervention and outcome spans become a gold span file; known perturbations of that gold must
/// give exactly the precision, recall and F1 they imply, computed here from plain counts of the gold, not by the
/// evaluator. The same checks on the real EBM-NLP test set are in eval/scripts/ebmnlp.sh.
/// </summary>
public sealed class EbmNlpSpanEvaluationTests : IDisposable
{
    private static readonly Lazy<List<Abstract>> Corpus = new(Load);
    private readonly string _dir = Directory.CreateTempSubdirectory("ebmnlp-").FullName;

    private sealed record Abstract(string Pmid, string Text, IReadOnlyList<string> Bio, IReadOnlyList<(LabelledSpan Span, string Text)> Spans);

    private static List<Abstract> Load() => SyntheticPicoAbstracts.Generate(191, seed: 2018).Select(a => new Abstract(a.Pmid, a.Text, a.Bio,
        a.Spans.Select(s => (new LabelledSpan(a.Pmid, s.Label, s.Start, s.End), string.Join(' ', a.Tokens.Skip(s.Start).Take(s.End - s.Start)))).ToList())).ToList();

    private static List<LabelledSpan> Gold => Corpus.Value.SelectMany(a => a.Spans.Select(s => s.Span)).ToList();
    private static int Tokens(IEnumerable<LabelledSpan> spans) => spans.Sum(s => s.End - s.Start);
    private static int Count(string label) => Gold.Count(s => s.Label == label);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Gold_against_itself_scores_1_and_every_span_text_is_grounded_then_invented_values_are_caught()
    {
        var gold = await WriteSpansAsync("gold.csv", Corpus.Value.SelectMany(a => a.Spans));
        var sources = Path.Combine(_dir, "sources.csv");
        await File.WriteAllTextAsync(sources, EvalReportWriter.Csv(["record_id", "text"], Corpus.Value.Select(a => new object?[] { a.Pmid, a.Text })));

        var self = await EvaluateSpanFiles.RunAsync(new SpanEvaluationRequest(gold, gold, sources), CancellationToken.None);

        var n = Gold.Count;
        Assert.Equal(new OverlapScores(n, n, n, 1, 1, 1), self.Overall.Spans);
        Assert.Equal(1, self.Overall.Tokens.F1);
        Assert.Equal(n, self.Grounding!.Checked);
        Assert.Equal(0, self.Grounding.Ungrounded);

        var first = Corpus.Value[0];
        var invented = await WriteSpansAsync("invented.csv", first.Spans.Append((new LabelledSpan(first.Pmid, "PAR", 0, 2), "zebrafish larvae"))
            .Append((new LabelledSpan(first.Pmid, "PAR", 3, 4), "2431")));
        var withInvention = await EvaluateSpanFiles.RunAsync(new SpanEvaluationRequest(gold, invented, sources), CancellationToken.None);
        Assert.Equal(2, withInvention.Grounding!.Ungrounded);
        Assert.Equal(["2431", "zebrafish larvae"], withInvention.Grounding.UngroundedValues.Select(u => u.Value).Order());
    }

    [Fact]
    public void Dropping_every_fourth_span_keeps_precision_at_1_and_lowers_recall_by_exactly_what_was_dropped()
    {
        var gold = Gold;
        var kept = gold.Where((_, i) => i % 4 != 3).ToList();
        var dropped = gold.Where((_, i) => i % 4 == 3).ToList();

        var r = EvaluateSpanFiles.Score(gold, kept).Overall;

        var (n, d) = (gold.Count, gold.Count / 4);
        Assert.Equal(new OverlapScores(n, n - d, n - d, 1, (n - d) / (double)n, 2.0 * (n - d) / (2 * n - d)), r.Spans);
        Assert.Equal(d, dropped.Count);
        var tokens = Tokens(gold);
        Assert.Equal(1, r.Tokens.Precision);
        Assert.Equal((double)(tokens - Tokens(dropped)) / tokens, r.Tokens.Recall!.Value, 12);
    }

    [Fact]
    public void Shrinking_every_multi_token_span_by_one_token_breaks_span_matches_but_not_token_precision()
    {
        var gold = Gold;
        var shrunk = gold.Select(s => s.End - s.Start > 1 ? s with { End = s.End - 1 } : s).ToList();
        var singleTokenSpans = gold.Count(s => s.End - s.Start == 1);
        var tokens = Tokens(gold);

        var r = EvaluateSpanFiles.Score(gold, shrunk).Overall;

        var n = gold.Count;
        Assert.InRange(singleTokenSpans, 1, n - 1); // both kinds are there
        Assert.Equal(singleTokenSpans / (double)n, r.Spans.Precision!.Value, 12);
        Assert.Equal(singleTokenSpans / (double)n, r.Spans.Recall!.Value, 12);
        Assert.Equal(1, r.Tokens.Precision);
        Assert.Equal((tokens - (n - singleTokenSpans)) / (double)tokens, r.Tokens.Recall!.Value, 12);
    }

    [Fact]
    public void Adding_one_spurious_span_per_abstract_keeps_recall_at_1_and_lowers_precision()
    {
        var spurious = Corpus.Value.Select(a => new LabelledSpan(a.Pmid, "OUT", a.Bio.ToList().IndexOf("O"), a.Bio.ToList().IndexOf("O") + 1)).ToList();

        var r = EvaluateSpanFiles.Score(Gold, [.. Gold, .. spurious]).Overall;

        var (n, tokens) = (Gold.Count, Tokens(Gold));
        Assert.Equal(191, spurious.Count);
        Assert.Equal(new OverlapScores(n, n + 191, n, n / (double)(n + 191), 1, 2.0 * n / (2 * n + 191)), r.Spans);
        Assert.Equal(tokens / (double)(tokens + 191), r.Tokens.Precision!.Value, 12);
        Assert.Equal(1, r.Tokens.Recall);
    }

    [Fact]
    public void Relabelling_interventions_as_outcomes_zeroes_intervention_recall_and_dilutes_outcome_precision()
    {
        var gold = Gold;
        var relabelled = gold.Select(s => s.Label == "INT" ? s with { Label = "OUT" } : s).ToList();
        var interventionTokens = Tokens(gold.Where(s => s.Label == "INT"));

        var r = EvaluateSpanFiles.Score(gold, relabelled);

        var intervention = r.Labels.Single(l => l.Label == "INT");
        var outcome = r.Labels.Single(l => l.Label == "OUT");
        Assert.Equal(new OverlapScores(Count("INT"), 0, 0, null, 0, 0), intervention.Spans);
        Assert.Equal(Count("OUT") / (double)(Count("OUT") + Count("INT")), outcome.Spans.Precision!.Value, 12);
        Assert.Equal(1, outcome.Spans.Recall);
        var tokens = Tokens(gold);
        Assert.Equal((tokens - interventionTokens) / (double)tokens, r.Overall.Tokens.Recall!.Value, 12);
        Assert.Equal(r.Overall.Tokens.Recall, r.Overall.Tokens.Precision);
    }

    private async Task<string> WriteSpansAsync(string name, IEnumerable<(LabelledSpan Span, string Text)> spans)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, EvalReportWriter.Csv(["record_id", "label", "start", "end", "text"],
            spans.Select(s => new object?[] { s.Span.DocumentId, s.Span.Label, s.Span.Start, s.Span.End, s.Text })), Encoding.UTF8);
        return path;
    }
}
