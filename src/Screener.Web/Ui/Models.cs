using Screener.Core.HumanScreening;
using Screener.Core.Prisma;
using Screener.Core.Ranking;

namespace Screener.Web.Ui;

/// <param name="ReturnUrl">Already checked to be local (LocalUrl), or null.</param>
/// <param name="RetryAfterSeconds">Set when sign-in backoff refuses the attempt: the page says how long to wait instead of the form.</param>
public sealed record LoginModel(string? ReturnUrl, int? RetryAfterSeconds = null);

public sealed record ErrorModel(int Status, string Message);

public sealed record PrismaModel(ReviewHeader Review, string Svg);

public sealed record OverviewModel(
    ReviewHeader Review, Screener.Core.Reviews.ReviewActor Actor, PrismaCounts Counts, ReviewAgreement? Agreement, StoppingAid Stopping, int Remaining,
    string RecallCurveSvg);

public sealed record ScreenModel(ReviewHeader Review, ScreeningItem Item);

public sealed record ConflictsModel(ReviewHeader Review, bool CanAdjudicate, IReadOnlyList<ConflictView> Conflicts, IReadOnlyList<string> ExclusionReasons);

public sealed record ExtractionListModel(ReviewHeader Review, IReadOnlyList<Screener.Core.Extraction.ExtractionRecordSummary> Records);

public sealed record ExtractionRecordModel(ReviewHeader Review, Screener.Core.Extraction.ExtractionRecordView View);
