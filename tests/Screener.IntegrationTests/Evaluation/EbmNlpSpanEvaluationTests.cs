using System.Text;
using System.Text.Json;
using Screener.Core.Evaluation;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Evaluation;

/// <summary>
/// Evaluates the extraction evaluator on EBM-NLP (Nye et al. 2018): the 191 expert-annotated test abstracts' PICO
/// spans become a gold span file; known perturbations of that gold must give exactly the precision, recall and F1
/// they imply, computed here from plain counts of the gold, not by the evaluator.
/// </summary>
public sealed class EbmNlpSpanEvaluationTests : IDisposable
{
    private static readonly string Folder = Path.Combine(Paths.EvalData, "extraction", "ebmnlp_pio");
    private static readonly Lazy<List<Abstract>> Corpus = new(Load);
    private readonly string _dir = Directory.CreateTempSubdirectory("ebmnlp-").FullName;

    private sealed record Abstract(string Pmid, string Text, IReadOnlyList<string> Bio, IReadOnlyList<(LabelledSpan Span, string Text)> Spans);

    private static List<Abstract> Load() => File.ReadLines(Path.Combine(Folder, "ebmnlp_test.jsonl")).Select(line =>
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var pmid = root.GetProperty("pmid").GetString()!;
        var spans = root.GetProperty("spans").EnumerateArray().Select(s => (new LabelledSpan(pmid, s.GetProperty("label").GetString()!,
            s.GetProperty("start_tok").GetInt32(), s.GetProperty("end_tok").GetInt32()), s.GetProperty("text").GetString()!)).ToList();
        return new Abstract(pmid, root.GetProperty("text_tokenized").GetString()!,
            root.GetProperty("bio").EnumerateArray().Select(t => t.GetString()!).ToList(), spans);
    }).ToList();

    private static List<LabelledSpan> Gold => Corpus.Value.SelectMany(a => a.Spans.Select(s => s.Span)).ToList();
    private static int Tokens(IEnumerable<LabelledSpan> spans) => spans.Sum(s => s.End - s.Start);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Gold_spans_agree_with_the_bio_tags_and_the_published_counts()
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "stats.json")));
        var expected = stats.RootElement.GetProperty("test").GetProperty("spans");

        Assert.Equal(191, Corpus.Value.Count);
        foreach (var label in new[] { "INT", "PAR", "OUT" })
            Assert.Equal(expected.GetProperty(label).GetInt32(), Gold.Count(s => s.Label == label));
        foreach (var a in Corpus.Value)
            for (var t = 0; t < a.Bio.Count; t++)
            {
                var covering = a.Spans.Where(s => s.Span.Start <= t && t < s.Span.End).Select(s => "I-" + s.Span.Label).ToList();
                Assert.Equal(a.Bio[t] == "O" ? [] : [a.Bio[t]], covering); // spans are disjoint and cover exactly the tagged tokens
            }
    }

    [Fact]
    public async Task Gold_against_itself_scores_1_and_every_span_text_is_grounded_then_invented_values_are_caught()
    {
        var gold = await WriteSpansAsync("gold.csv", Corpus.Value.SelectMany(a => a.Spans));
        var sources = Path.Combine(_dir, "sources.csv");
        await File.WriteAllTextAsync(sources, EvalReportWriter.Csv(["record_id", "text"], Corpus.Value.Select(a => new object?[] { a.Pmid, a.Text })));

        var self = await EvaluateSpanFiles.RunAsync(new SpanEvaluationRequest(gold, gold, sources), CancellationToken.None);

        Assert.Equal(new OverlapScores(3545, 3545, 3545, 1, 1, 1), self.Overall.Spans);
        Assert.Equal(1, self.Overall.Tokens.F1);
        Assert.Equal(3545, self.Grounding!.Checked);
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

        Assert.Equal(new OverlapScores(3545, 3545 - 886, 3545 - 886, 1, (3545 - 886) / 3545.0, 2.0 * (3545 - 886) / (2 * 3545 - 886)), r.Spans);
        Assert.Equal(886, dropped.Count);
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

        Assert.Equal(1424, singleTokenSpans);
        Assert.Equal(11908, tokens);
        Assert.Equal(singleTokenSpans / 3545.0, r.Spans.Precision!.Value, 12);
        Assert.Equal(singleTokenSpans / 3545.0, r.Spans.Recall!.Value, 12);
        Assert.Equal(1, r.Tokens.Precision);
        Assert.Equal((tokens - (3545 - singleTokenSpans)) / (double)tokens, r.Tokens.Recall!.Value, 12);
    }

    [Fact]
    public void Adding_one_spurious_span_per_abstract_keeps_recall_at_1_and_lowers_precision()
    {
        var spurious = Corpus.Value.Select(a => new LabelledSpan(a.Pmid, "OUT", a.Bio.ToList().IndexOf("O"), a.Bio.ToList().IndexOf("O") + 1)).ToList();

        var r = EvaluateSpanFiles.Score(Gold, [.. Gold, .. spurious]).Overall;

        Assert.Equal(191, spurious.Count);
        Assert.Equal(new OverlapScores(3545, 3545 + 191, 3545, 3545.0 / 3736, 1, 2.0 * 3545 / (3545 + 3736)), r.Spans);
        Assert.Equal(11908.0 / (11908 + 191), r.Tokens.Precision!.Value, 12);
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
        Assert.Equal(new OverlapScores(1521, 0, 0, null, 0, 0), intervention.Spans);
        Assert.Equal(1403.0 / (1403 + 1521), outcome.Spans.Precision!.Value, 12);
        Assert.Equal(1, outcome.Spans.Recall);
        Assert.Equal((11908.0 - interventionTokens) / 11908, r.Overall.Tokens.Recall!.Value, 12);
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
