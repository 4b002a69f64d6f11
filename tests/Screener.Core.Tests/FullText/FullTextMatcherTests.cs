using Screener.Core.Dedup;
using Screener.Core.FullText;

namespace Screener.Core.Tests.FullText;

public sealed class FullTextMatcherTests
{
    private static readonly MatchCandidate[] Records =
    [
        MatchCandidate.Of(1, "smith2020", "Emicizumab prophylaxis in haemophilia A with inhibitors: a multicentre cohort", "https://doi.org/10.1000/ABC.1", "31234567"),
        MatchCandidate.Of(2, "7", "Long-term bleeding outcomes after switching prophylaxis in a national registry", null, null),
        MatchCandidate.Of(7, "jones2019", "Quality of life with weekly subcutaneous prophylaxis: a questionnaire study", null, null),
        MatchCandidate.Of(8, "lee2021", "Joint health after ten years of prophylaxis in a paediatric cohort (part one)", null, null),
        MatchCandidate.Of(9, "lee2021b", "Joint health after ten years of prophylaxis in a paediatric cohort (part two)", null, null),
    ];

    private static FileMatch Match(string stem = "file", string[]? dois = null, string[]? pmids = null, string[]? lines = null) =>
        FullTextMatcher.Match(new FileEvidence(stem, dois ?? [], pmids ?? [], lines ?? []), Records, DedupSettings.Default);

    [Fact]
    public void Doi_matches_in_normal_form_and_wins_over_the_file_name()
    {
        var match = Match(stem: "jones2019", dois: ["10.1000/abc.1"]);

        Assert.Equal((MatchOutcome.Matched, 1L, "doi"), (match.Outcome, match.RecordId, match.By));
    }

    [Fact]
    public void Pmid_matches()
    {
        Assert.Equal((MatchOutcome.Matched, 1L, "pmid"), Pick(Match(pmids: ["31234567"])));
    }

    [Fact]
    public void File_name_equal_to_an_imported_id_matches()
    {
        Assert.Equal((MatchOutcome.Matched, 7L, "imported id"), Pick(Match(stem: "jones2019")));
    }

    [Fact]
    public void File_name_equal_to_one_record_id_and_another_records_imported_id_is_ambiguous_never_guessed()
    {
        var match = Match(stem: "7");

        Assert.Equal(MatchOutcome.Ambiguous, match.Outcome);
        Assert.Equal([2L, 7L], match.Candidates);
        Assert.Contains("record 7's id and the imported id of record 2", match.Note);
    }

    [Fact]
    public void Title_over_wrapped_lines_matches_with_dedup_similarity()
    {
        var match = Match(lines: ["Original research", "Quality of life with weekly subcutaneous", "prophylaxis: a questionnaire study", "A. Author, B. Author"]);

        Assert.Equal((MatchOutcome.Matched, 7L, "title"), Pick(match));
    }

    [Fact]
    public void Title_as_close_to_two_records_is_ambiguous()
    {
        var match = Match(lines: ["Joint health after ten years of prophylaxis in a paediatric cohort"]);

        Assert.Equal(MatchOutcome.Ambiguous, match.Outcome);
        Assert.Equal([8L, 9L], match.Candidates);
    }

    [Fact]
    public void Nothing_known_is_unmatched()
    {
        var match = Match(stem: "scan_0001", dois: ["10.9999/unknown"], lines: ["Some other paper about dentistry in adults"]);

        Assert.Equal(MatchOutcome.Unmatched, match.Outcome);
        Assert.Null(match.RecordId);
    }

    private static (MatchOutcome, long?, string?) Pick(FileMatch m) => (m.Outcome, m.RecordId, m.By);
}
