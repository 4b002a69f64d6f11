using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Screener.Core.Dedup;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.FullText;

/// <summary>Files or folders to attach; with RecordId, one file settled by hand to that record.</summary>
public sealed record AttachFullTextsRequest(string ReviewName, IReadOnlyList<string> Paths, long? RecordId = null);

public enum AttachOutcome
{
    Attached,
    Unchanged,
    Ambiguous,
    Unmatched,
    Failed,
}

/// <summary>
/// One file's outcome. Status: what was stored (Text, NeedsOcr, or Failed when a matched file could not be read).
/// Candidates: the records an ambiguous file could belong to. Reason: why it failed, is ambiguous or unmatched.
/// </summary>
public sealed record AttachedFile(string Path, AttachOutcome Outcome, long? RecordId, string? MatchedBy, FullTextStatus? Status,
    int Pages, int Chunks, IReadOnlyList<long> Candidates, string? Reason);

public sealed record AttachFullTextsResult(string Review, string? Model, IReadOnlyList<AttachedFile> Files)
{
    public int Attached => Files.Count(f => f.Outcome is AttachOutcome.Attached or AttachOutcome.Unchanged);
    public int Ambiguous => Files.Count(f => f.Outcome == AttachOutcome.Ambiguous);
    public int Unmatched => Files.Count(f => f.Outcome == AttachOutcome.Unmatched);
    public int Failed => Files.Count(f => f.Outcome == AttachOutcome.Failed);
    public int Pages => Files.Where(f => f.Outcome == AttachOutcome.Attached).Sum(f => f.Pages);
}

/// <summary>
/// Reads full-text files, matches each to a unique record of the review (<see cref="FullTextMatcher"/>) or to the
/// record given by hand, and stores the file once by SHA-256, its pages and its embedded chunks. Each file is read,
/// matched and saved on its own: a file that cannot be read, or matches no record or several, is reported and the
/// rest go on. Attaching a file to a record that has one replaces it; the same bytes again change nothing.
/// </summary>
public static class AttachFullTexts
{
    public static async Task<AttachFullTextsResult> RunAsync(ScreenerDbContext db, TimeProvider time, AttachFullTextsRequest request,
        FullTextOptions options, IEmbeddingGenerator<string, Embedding<float>>? provider, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, ct);
        if (request.Paths.Count == 0) throw new ScreenerException("name at least one file or folder to attach");
        var candidates = await db.Records.AsNoTracking().Where(r => r.ReviewId == review.Id && r.DuplicateOfId == null).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ExternalId, r.Title, r.Doi, r.Pmid }).ToListAsync(ct);
        var records = candidates.Select(r => MatchCandidate.Of(r.Id, r.ExternalId, r.Title, r.Doi, r.Pmid)).ToList();
        if (request.RecordId is { } byHand) await CheckRecordAsync(db, review, byHand, request.Paths, ct);

        var store = new FullTextStore(db, time, review.Id, options, provider);
        var results = new List<AttachedFile>();
        foreach (var path in Expand(request.Paths, results))
        {
            ct.ThrowIfCancellationRequested();
            results.Add(await AttachOneAsync(store, path, records, request.RecordId, options, ct));
        }
        return new AttachFullTextsResult(review.Name, store.Model, results);
    }

    private static async Task<AttachedFile> AttachOneAsync(FullTextStore store, string path, IReadOnlyList<MatchCandidate> records,
        long? recordId, FullTextOptions options, CancellationToken ct)
    {
        var size = new FileInfo(path).Length;
        if (size > options.MaxFileBytes)
            return Failed(path, $"{size:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit (FullText:MaxFileBytes)");
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"could not be read: {e.Message}");
        }
        var parsed = FullTextFileReader.Read(content, Path.GetFileName(path), ct);
        var match = recordId is { } id
            ? new FileMatch(MatchOutcome.Matched, id, "by hand", [], null)
            : FullTextMatcher.Match(Evidence(path, parsed), records, DedupSettings.Default);
        if (match.Outcome != MatchOutcome.Matched)
        {
            if (parsed.Status == FullTextStatus.Failed) return Failed(path, parsed.Reason!);
            var outcome = match.Outcome == MatchOutcome.Ambiguous ? AttachOutcome.Ambiguous : AttachOutcome.Unmatched;
            var why = parsed.Status == FullTextStatus.NeedsOcr ? $"{match.Note}; {parsed.Reason}" : match.Note;
            return new AttachedFile(path, outcome, null, match.By, parsed.Status, 0, 0, match.Candidates, why);
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var saved = await store.SaveAsync(match.RecordId!.Value, Path.GetFileName(path), content, sha, parsed, match.By!, ct);
        if (parsed.Status == FullTextStatus.Failed)
            return Failed(path, saved.KeptBetterText
                ? $"{parsed.Reason}; record {match.RecordId}'s readable full text is kept"
                : $"{parsed.Reason}; recorded as failed for record {match.RecordId}", match.RecordId, match.By);
        if (saved.KeptBetterText)
            return new AttachedFile(path, AttachOutcome.Unchanged, match.RecordId, match.By, FullTextStatus.Text, 0, 0, [],
                $"{parsed.Reason}; record {match.RecordId}'s readable full text is kept");
        return new AttachedFile(path, saved.Unchanged ? AttachOutcome.Unchanged : AttachOutcome.Attached, match.RecordId, match.By,
            parsed.Status, saved.Pages, saved.Chunks, [], parsed.Status == FullTextStatus.Text ? null : parsed.Reason);
    }

    /// <summary>Stated identifiers win; otherwise those printed on the first pages. Title lines: the stated title, then page 1's first lines.</summary>
    internal static FileEvidence Evidence(string path, ParsedFullText parsed)
    {
        var front = string.Join("\n", parsed.Pages.Take(FullTextIdentifiers.IdentifierPages).Select(p => p.Text).Concat(parsed.LeadLines));
        var dois = parsed.Stated.Dois.Count > 0 ? parsed.Stated.Dois : FullTextIdentifiers.Dois(front);
        var pmids = parsed.Stated.Pmids.Count > 0 ? parsed.Stated.Pmids : FullTextIdentifiers.Pmids(front);
        var lines = (parsed.Stated.Title is { } title ? new[] { title } : []).Concat(parsed.LeadLines).ToList();
        return new FileEvidence(Path.GetFileNameWithoutExtension(path), dois, pmids, lines);
    }

    /// <summary>Files as given and the supported files under folders (sorted, hidden ones skipped); a missing path fails alone.</summary>
    private static IEnumerable<string> Expand(IReadOnlyList<string> paths, List<AttachedFile> results)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path)) yield return Path.GetFullPath(path);
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
                    .Where(FullTextFileReader.IsSupported).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) results.Add(Failed(path, $"the folder holds no {string.Join(", ", FullTextFileReader.Extensions)} files"));
                foreach (var file in files) yield return Path.GetFullPath(file);
            }
            else results.Add(Failed(path, "no such file or folder"));
        }
    }

    private static async Task CheckRecordAsync(ScreenerDbContext db, Review review, long recordId, IReadOnlyList<string> paths, CancellationToken ct)
    {
        if (paths.Count != 1 || !File.Exists(paths[0]))
            throw new ScreenerException("--record attaches exactly one file (not a folder): `screener fulltext attach --review R --record ID FILE`");
        var record = await db.Records.Where(r => r.Id == recordId && r.ReviewId == review.Id).Select(r => new { r.DuplicateOfId }).SingleOrDefaultAsync(ct)
            ?? throw new ScreenerException($"review '{review.Name}' has no record {recordId}");
        if (record.DuplicateOfId is { } kept)
            throw new ScreenerException($"record {recordId} was merged into record {kept} by dedup: attach the full text to record {kept}");
    }

    private static AttachedFile Failed(string path, string reason, long? recordId = null, string? matchedBy = null) =>
        new(path, AttachOutcome.Failed, recordId, matchedBy, recordId is null ? null : FullTextStatus.Failed, 0, 0, [], $"{path}: {reason}");
}
