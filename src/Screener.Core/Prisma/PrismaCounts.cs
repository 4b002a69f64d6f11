namespace Screener.Core.Prisma;

public sealed record SourceCount(string Source, int Records);

/// <summary>
/// PRISMA 2020 flow counts. Human and automated exclusions are kept apart, as the PRISMA 2020 statement asks
/// ("records excluded by automation tools" is its own box).
/// </summary>
public sealed record PrismaCounts(
    IReadOnlyList<SourceCount> IdentifiedPerSource,
    int Identified,
    int DuplicatesRemoved,
    int Screened,
    int ExcludedByHumans,
    int ExcludedByAutomation,
    int IncludedAfterTitleAbstract,
    int AwaitingDecision);
