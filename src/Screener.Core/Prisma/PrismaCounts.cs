using Screener.Core.Decisions;

namespace Screener.Core.Prisma;

public sealed record SourceCount(string Source, int Records);

/// <summary>
/// PRISMA 2020 flow counts. Human and automated exclusions are kept apart, as the PRISMA 2020 statement asks
/// ("records excluded by automation tools" is its own box). <see cref="Screened"/> is PRISMA's "records screened"
/// box, which counts every unique record that enters screening (<see cref="ScreeningFigures.UniqueRecords"/>); the
/// records with a settled decision are <see cref="Figures"/>.Settled.
/// </summary>
public sealed record PrismaCounts(
    IReadOnlyList<SourceCount> IdentifiedPerSource,
    int Identified,
    int DuplicatesRemoved,
    int Screened,
    int ExcludedByHumans,
    int ExcludedByAutomation,
    int IncludedAfterTitleAbstract,
    int AwaitingDecision,
    ScreeningFigures Figures);
