using System.Globalization;
using Screener.Core.Dedup;

namespace Screener.Core.FullText;

/// <summary>A unique record a file may belong to, with its identifiers in dedup's normal form.</summary>
public sealed record MatchCandidate(long RecordId, string? ExternalId, string Title, string? Doi, string? Pmid)
{
    internal string TitleKey { get; } = DedupKeys.Title(Title).Replace(" ", "", StringComparison.Ordinal);
    internal long[] Trigrams { get; } = TitleSimilarity.Trigrams(DedupKeys.Title(Title).Replace(" ", "", StringComparison.Ordinal));

    public static MatchCandidate Of(long recordId, string? externalId, string title, string? doi, string? pmid) =>
        new(recordId, externalId, title, DedupKeys.Doi(doi), DedupKeys.Pmid(pmid));
}

/// <summary>What a file says about which paper it is: DOIs and PMIDs (stated, or on its first pages), its name, title lines.</summary>
public sealed record FileEvidence(string FileStem, IReadOnlyList<string> Dois, IReadOnlyList<string> Pmids, IReadOnlyList<string> TitleLines);

public enum MatchOutcome
{
    Matched,
    Ambiguous,
    Unmatched,
}

/// <summary>The outcome; By names the rule (doi, pmid, record id, imported id, title); Candidates are listed when ambiguous.</summary>
public sealed record FileMatch(MatchOutcome Outcome, long? RecordId, string? By, IReadOnlyList<long> Candidates, string? Note);

/// <summary>
/// Which record a full-text file belongs to, by the first rule that finds one: DOI, PMID, a file name equal to a
/// record's id or imported id, then title similarity (dedup's trigram similarity and thresholds: "the same work"
/// means the same here as there). A rule that finds more than one record makes the file ambiguous: it is listed,
/// never guessed, and the later rules are not asked.
/// </summary>
public static class FullTextMatcher
{
    /// <summary>Two titles this close to the best are too close to choose between.</summary>
    private const double TitleTieMargin = 0.02;

    public static FileMatch Match(FileEvidence file, IReadOnlyList<MatchCandidate> records, DedupSettings settings)
    {
        if (ById(file.Dois, records, r => r.Doi, "doi") is { } byDoi) return byDoi;
        if (ById(file.Pmids, records, r => r.Pmid, "pmid") is { } byPmid) return byPmid;
        if (ByFileName(file.FileStem, records) is { } byName) return byName;
        return ByTitle(file.TitleLines, records, settings);
    }

    private static FileMatch? ById(IReadOnlyList<string> ids, IReadOnlyList<MatchCandidate> records, Func<MatchCandidate, string?> key, string rule)
    {
        if (ids.Count == 0) return null;
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var found = records.Where(r => key(r) is { } k && wanted.Contains(k)).Select(r => r.RecordId).Distinct().Order().ToList();
        return found.Count switch
        {
            0 => null,
            1 => new FileMatch(MatchOutcome.Matched, found[0], rule, [], null),
            _ => new FileMatch(MatchOutcome.Ambiguous, null, rule, found, $"its {rule}s ({string.Join(", ", ids)}) belong to {found.Count} records"),
        };
    }

    private static FileMatch? ByFileName(string stem, IReadOnlyList<MatchCandidate> records)
    {
        var name = stem.Trim();
        if (name.Length == 0) return null;
        var byId = records.Where(r => r.RecordId.ToString(CultureInfo.InvariantCulture) == name).Select(r => r.RecordId).ToList();
        var byImported = records.Where(r => string.Equals(r.ExternalId?.Trim(), name, StringComparison.OrdinalIgnoreCase)).Select(r => r.RecordId).Distinct().ToList();
        var all = byId.Concat(byImported).Distinct().Order().ToList();
        if (all.Count == 0) return null;
        if (all.Count == 1) return new FileMatch(MatchOutcome.Matched, all[0], byId.Count == 1 ? "record id" : "imported id", [], null);
        var note = byId.Count > 0 && byImported.Count > 0
            ? $"the file name '{name}' is record {byId[0]}'s id and the imported id of record {string.Join(", ", byImported)}"
            : $"the file name '{name}' is the imported id of {all.Count} records";
        return new FileMatch(MatchOutcome.Ambiguous, null, "file name", all, note + ": attach it with --record");
    }

    private static FileMatch ByTitle(IReadOnlyList<string> lines, IReadOnlyList<MatchCandidate> records, DedupSettings settings)
    {
        var candidates = TitleCandidates(lines).Select(t => DedupKeys.Title(t).Replace(" ", "", StringComparison.Ordinal))
            .Where(k => k.Length >= settings.MinTitleLength).Distinct().Select(TitleSimilarity.Trigrams).ToList();
        var scored = new List<(long Id, double Score)>();
        foreach (var record in records)
        {
            // Short titles ("Editorial", "Reply") name no work on their own; dedup matches them only with more evidence.
            if (record.TitleKey.Length < settings.MinTitleLength || candidates.Count == 0) continue;
            var best = candidates.Max(c => TitleSimilarity.Jaccard(c, record.Trigrams));
            var threshold = record.TitleKey.Length < settings.ShortFuzzyTitleLength ? settings.ShortFuzzyTitleThreshold : settings.FuzzyTitleThreshold;
            if (best >= threshold) scored.Add((record.RecordId, best));
        }
        if (scored.Count == 0) return new FileMatch(MatchOutcome.Unmatched, null, null, [], "no record's DOI, PMID, id or title was found in it");
        var top = scored.Max(s => s.Score);
        var close = scored.Where(s => s.Score >= top - TitleTieMargin).Select(s => s.Id).Order().ToList();
        return close.Count == 1
            ? new FileMatch(MatchOutcome.Matched, close[0], "title", [], null)
            : new FileMatch(MatchOutcome.Ambiguous, null, "title", close, $"its title is as close to {close.Count} records' titles: attach it with --record");
    }

    /// <summary>Each line, and runs of two and three lines joined (a title wraps), from the stated title and the first lines.</summary>
    private static IEnumerable<string> TitleCandidates(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            yield return lines[i];
            if (i + 1 < lines.Count) yield return lines[i] + " " + lines[i + 1];
            if (i + 2 < lines.Count) yield return lines[i] + " " + lines[i + 1] + " " + lines[i + 2];
        }
    }
}
