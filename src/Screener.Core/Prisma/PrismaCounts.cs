using Screener.Core.Decisions;

namespace Screener.Core.Prisma;

public sealed record SourceCount(string Source, int Records);

/// <summary>One line of PRISMA's "reports excluded with reasons" box.</summary>
public sealed record ReasonCount(string Reason, int Reports);

/// <summary>
/// The full-text half of the PRISMA 2020 flow. Sought are the records included at title/abstract
/// (<see cref="FullTextEntry"/>); not retrieved are those with neither a readable stored text nor a human full-text
/// decision; assessed are the rest (awaiting a decision until one settles); excluded and included are
/// settled full-text decisions (<see cref="Figures"/>, the same definition of settled as title/abstract). Screener
/// links one report to one record, so "studies included" counts included reports: it cannot tell two reports of one study.
/// </summary>
public sealed record FullTextFlow(
    int ReportsSought,
    int ReportsNotRetrieved,
    int ReportsAssessed,
    int ReportsExcluded,
    IReadOnlyList<ReasonCount> ExcludedWithReasons,
    int StudiesIncluded,
    int AwaitingDecision,
    ScreeningFigures Figures);

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
    ScreeningFigures Figures,
    FullTextFlow FullText);
