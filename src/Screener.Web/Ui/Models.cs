using Screener.Core.Decisions;
using Screener.Core.HumanScreening;
using Screener.Core.Prisma;
using Screener.Core.Ranking;
using Screener.Core.Vocabulary;

namespace Screener.Web.Ui;

/// <param name="ReturnUrl">Already checked to be local (LocalUrl), or null.</param>
/// <param name="RetryAfterSeconds">Set when sign-in backoff refuses the attempt: the page says how long to wait instead of the form.</param>
public sealed record LoginModel(string? ReturnUrl, int? RetryAfterSeconds = null);

public sealed record ErrorModel(int Status, string Message);

public sealed record PrismaModel(ReviewHeader Review, string Svg);

public sealed record OverviewModel(
    ReviewHeader Review, Screener.Core.Reviews.ReviewActor Actor, PrismaCounts Counts, ReviewAgreement? Agreement, StoppingAid Stopping, int Remaining,
    string RecallCurveSvg, string RankingAge);

/// <param name="AtFullText">The record is settled include at title/abstract: the page links to its full-text screening.</param>
public sealed record ScreenModel(ReviewHeader Review, ScreeningItem Item, bool AtFullText = false);

public sealed record ConflictsModel(ReviewHeader Review, bool CanAdjudicate, IReadOnlyList<ConflictView> Conflicts, IReadOnlyList<string> ExclusionReasons, ReviewStage Stage);

public sealed record ExtractionListModel(ReviewHeader Review, IReadOnlyList<Screener.Core.Extraction.ExtractionRecordSummary> Records);

public sealed record ExtractionRecordModel(ReviewHeader Review, Screener.Core.Extraction.ExtractionRecordView View);

public sealed record FullTextModel(ReviewHeader Review, Screener.Core.HumanScreening.FullTextScreeningItem Item);

public sealed record NotAtFullTextModel(ReviewHeader Review, long RecordId, string Message);

/// <param name="Query">The filters as given, to keep them in the form and the paging links.</param>
public sealed record RecordListModel(ReviewHeader Review, ReviewStage Stage, RecordPage Page, RecordListQuery Query);
