namespace Screener.Core.Records;

/// <summary>One record as exported: its bibliographic fields, where it came from, and what was decided about it.</summary>
public sealed record ExportRow(
    long Id,
    string? ExternalId,
    string Source,
    string FileName,
    int SourceLine,
    long? DuplicateOfId,
    string Title,
    string? Abstract,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Journal,
    string? Doi,
    string? Pmid,
    IReadOnlyList<string> Keywords,
    bool? LabelTitleAbstract,
    bool? LabelFinal,
    RecordDecisions Decisions);

/// <summary>
/// The settled human decision per stage ("include", "exclude", "conflict" while reviewers disagree, null when
/// none yet), its reason, and the latest parsed LLM suggestion with its flags.
/// </summary>
public sealed record RecordDecisions(
    string? TitleAbstract,
    string? TitleAbstractReason,
    string? FullText,
    string? FullTextReason,
    string? LlmDecision,
    double? LlmConfidence,
    string? LlmReason,
    IReadOnlyList<string> Flags)
{
    public static RecordDecisions None { get; } = new(null, null, null, null, null, null, null, []);

    /// <summary>The mean include vote of the record's parsed suggestions (include 1, unsure 0.5, exclude 0), as rank uses it.</summary>
    public double? LlmIncludeProbability { get; init; }
}
