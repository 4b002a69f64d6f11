using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Time.Testing;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>What a seeded database holds: two reviews, their records, and the people with their API keys.</summary>
public sealed record SeededReviews(long ReviewA, long ReviewB, IReadOnlyList<long> RecordsA, long RecordB, long ExtractionRecord,
    IReadOnlyDictionary<string, string> ApiKeys, IReadOnlyDictionary<string, string> Abstracts);

/// <summary>
/// Seeds review A (the bundled Donners 2021 protocol and its first records, with LLM suggestions and one extraction
/// draft) and review B, with alice and bob (reviewers of A), carol (adjudicator of A) and mallory (reviewer of B only).
/// Import is another feature; records are written directly, as an import would leave them.
/// </summary>
public static class ReviewSeed
{
    public const string Password = "correct-horse-battery";

    public static async Task<SeededReviews> RunAsync(TestDatabase database, int records = 6, bool passwords = false)
    {
        await using var db = database.CreateDbContext();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        var protocol = Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml");
        var a = await InitReview.RunAsync(db, time, new InitReviewRequest("A", protocol), CancellationToken.None);
        var b = await InitReview.RunAsync(db, time, new InitReviewRequest("B", protocol), CancellationToken.None);
        var rows = ReadExampleRows(records + 1);
        var recordsA = await AddRecordsAsync(db, a.ReviewId, rows.Take(records).ToList());
        var recordB = (await AddRecordsAsync(db, b.ReviewId, rows.Skip(records).ToList()))[0];
        await AddSuggestionsAsync(db, a.ReviewId, recordsA, rows);
        await AddExtractionDraftAsync(db, a.ReviewId, recordsA[0], rows[0].Abstract!);

        var keys = new Dictionary<string, string>();
        foreach (var (user, role, review) in new[]
        {
            ("alice", ReviewerRole.Reviewer, "A"), ("bob", ReviewerRole.Reviewer, "A"),
            ("carol", ReviewerRole.Adjudicator, "A"), ("mallory", ReviewerRole.Reviewer, "B"),
        })
        {
            await AddReviewer.RunAsync(db, time, new AddReviewerRequest(user, char.ToUpperInvariant(user[0]) + user[1..], role, passwords ? Password : null), CancellationToken.None);
            await AddMembership.RunAsync(db, new AddMembershipRequest(review, user, role), CancellationToken.None);
            keys[user] = (await IssueApiKey.RunAsync(db, user, CancellationToken.None)).ApiKey;
        }
        return new SeededReviews(a.ReviewId, b.ReviewId, recordsA, recordB, recordsA[0], keys,
            recordsA.Zip(rows).ToDictionary(x => x.First.ToString(CultureInfo.InvariantCulture), x => x.Second.Abstract ?? ""));
    }

    private sealed record Row(string Id, string Title, string? Abstract, int? Year, string? Authors, string? Journal);

    /// <summary>The first example records that have an abstract long enough to quote from.</summary>
    private static List<Row> ReadExampleRows(int count)
    {
        using var reader = new StreamReader(Path.Combine(Paths.Examples, "donners2021-emicizumab", "records.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Row>();
        while (rows.Count < count && csv.Read())
        {
            var abstractText = csv.GetField("abstract");
            if (string.IsNullOrWhiteSpace(abstractText) || abstractText.Split(' ').Length < 40) continue;
            rows.Add(new Row(csv.GetField("record_id")!, csv.GetField("title")!, abstractText,
                int.TryParse(csv.GetField("year"), out var y) ? y : null, csv.GetField("authors"), csv.GetField("journal")));
        }
        return rows;
    }

    private static async Task<List<long>> AddRecordsAsync(ScreenerDbContext db, long reviewId, List<Row> rows)
    {
        var source = new ImportSource
        {
            ReviewId = reviewId,
            SourceName = "SYNERGY",
            FileName = "records.csv",
            FileSha256 = new string('a', 64),
            Format = RecordFileFormat.Csv,
            RecordCount = rows.Count,
            ImportedAt = DateTimeOffset.UnixEpoch,
        };
        db.ImportSources.Add(source);
        await db.SaveChangesAsync();
        var records = rows.Select((r, i) => new Core.Records.Record
        {
            ReviewId = reviewId,
            ImportSourceId = source.Id,
            SourcePosition = i + 1,
            SourceLine = i + 2,
            ExternalId = r.Id,
            Title = r.Title,
            Abstract = r.Abstract,
            Year = r.Year,
            Journal = r.Journal,
            Authors = (r.Authors ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        }).ToList();
        db.Records.AddRange(records);
        await db.SaveChangesAsync();
        return records.Select(r => r.Id).ToList();
    }

    /// <summary>Suggestions for all but the last record; include probability falls with position so the queue order is known.</summary>
    private static async Task AddSuggestionsAsync(ScreenerDbContext db, long reviewId, List<long> ids, List<Row> rows)
    {
        var version = db.ProtocolVersions.Single(p => p.ReviewId == reviewId);
        var run = new ScreeningRun { ReviewId = reviewId, ProtocolVersionId = version.Id, Provider = "test", Model = "test-model", Stage = RunStage.Screening };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        for (var i = 0; i < ids.Count - 1; i++)
        {
            var words = rows[i].Abstract!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            List<CriterionVerdict> verdicts =
            [
                new("I1", Verdict.Met, string.Join(' ', words.Skip(3).Take(6)), true, null),
                new("I3", i % 2 == 0 ? Verdict.Met : Verdict.Unclear, string.Join(' ', words.Skip(20).Take(5)).ToUpperInvariant(), true, null),
            ];
            db.Suggestions.Add(new LlmSuggestion
            {
                RunId = run.Id,
                RecordId = ids[i],
                Slot = "main",
                IdempotencyKey = $"seed-{ids[i]}",
                Status = SuggestionStatus.Parsed,
                Decision = i < 2 ? ScreeningDecision.Include : i < 4 ? ScreeningDecision.Unsure : ScreeningDecision.Exclude,
                Confidence = 0.9 - i * 0.1,
                ExclusionReason = i >= 4 ? "no PK or PK/PD data" : null,
                Verdicts = verdicts,
                Audit = SeedAudit(version.Hash, "screening"),
            });
        }
        await db.SaveChangesAsync();
    }

    private static async Task AddExtractionDraftAsync(ScreenerDbContext db, long reviewId, long recordId, string abstractText)
    {
        var version = db.ProtocolVersions.Single(p => p.ReviewId == reviewId);
        var run = new ScreeningRun { ReviewId = reviewId, ProtocolVersionId = version.Id, Provider = "test", Model = "test-model", Stage = RunStage.Extraction };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        var words = abstractText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        db.ExtractionDrafts.Add(new ExtractionDraft
        {
            RunId = run.Id,
            RecordId = recordId,
            IdempotencyKey = $"draft-{recordId}",
            Status = SuggestionStatus.Parsed,
            Audit = SeedAudit(version.Hash, "extraction"),
            SourceKind = "abstract",
            Fields =
            [
                new ExtractionDraftField { RecordId = recordId, FieldName = "study_design", ValueJson = "\"narrative review\"", Evidence = string.Join(' ', words.Take(5)), Confidence = 0.7 },
                new ExtractionDraftField { RecordId = recordId, FieldName = "sample_size", ValueJson = "12", Evidence = string.Join(' ', words.Skip(8).Take(4)), Confidence = 0.4 },
            ],
        });
        await db.SaveChangesAsync();
    }

    private static LlmCallAudit SeedAudit(string protocolHash, string promptId) => new()
    {
        ProtocolHash = protocolHash, PromptId = promptId, PromptVersion = "v1", PromptHash = "h", RenderedPromptHash = "r", Model = "test-model",
    };
}
