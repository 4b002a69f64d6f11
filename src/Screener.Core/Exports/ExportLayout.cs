using System.Globalization;

namespace Screener.Core.Exports;

/// <summary>
/// The one column set of an export, the same in CSV and XLSX from the CLI and the web (README "Import, dedup and
/// export" lists them). The first eleven are the columns import reads, so a CSV export imports back as the same
/// records; record_id is the imported id, screener_id Screener's own. Then per stage (_ta title/abstract, _ft full
/// text) the state, settled decision, its reason, what settled it and every reviewer's decision; then the latest
/// LLM suggestion and the inclusion probability.
/// </summary>
public static class ExportLayout
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "record_id", "title", "abstract", "doi", "pmid", "year", "authors", "journal", "keywords", "label_ta", "label_final",
        "screener_id", "source", "source_file", "source_line", "duplicate_of",
        "state_ta", "decision_ta", "reason_ta", "settled_by_ta", "human_decisions_ta",
        "state_ft", "decision_ft", "reason_ft", "settled_by_ft", "human_decisions_ft",
        "llm_decision", "llm_confidence", "llm_reason", "flags", "llm_include_probability",
    ];

    /// <summary>The row's cells, typed: numbers stay numbers (never formula-guarded), everything else is text.</summary>
    public static IReadOnlyList<object?> Cells(ExportRow r) =>
    [
        r.ExternalId, r.Title, r.Abstract, r.Doi, r.Pmid, r.Year, Joined(r.Authors), r.Journal, Joined(r.Keywords),
        Label(r.LabelTitleAbstract), Label(r.LabelFinal), r.Id, r.Source, r.FileName, r.SourceLine, r.DuplicateOfId,
        .. Stage(r.TitleAbstract), .. Stage(r.FullText),
        r.Llm.Decision, r.Llm.Confidence, r.Llm.Reason, Joined(r.Llm.Flags), r.Llm.IncludeProbability,
    ];

    /// <summary>
    /// RIS for reference managers: the bibliographic fields RisReader reads back (PMID as "AN  - PMID:…", so the
    /// record imports as itself), and everything Screener decided as N1 notes, which no reader takes for a field.
    /// </summary>
    public static IEnumerable<RisField> RisFields(ExportRow r)
    {
        yield return new RisField("ID", r.ExternalId);
        yield return new RisField("TI", r.Title);
        foreach (var author in r.Authors) yield return new RisField("AU", author);
        yield return new RisField("PY", r.Year?.ToString(CultureInfo.InvariantCulture));
        yield return new RisField("T2", r.Journal);
        yield return new RisField("AB", r.Abstract);
        foreach (var keyword in r.Keywords) yield return new RisField("KW", keyword);
        yield return new RisField("DO", r.Doi);
        yield return new RisField("AN", r.Pmid is null ? null : "PMID:" + r.Pmid);
        yield return new RisField("DB", r.Source);
        foreach (var note in Notes(r)) yield return new RisField("N1", note);
    }

    private static IEnumerable<string> Notes(ExportRow r)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"Screener record {r.Id}");
        if (r.LabelTitleAbstract is { } ta) yield return $"Screener imported label_ta: {Label(ta)}";
        if (r.LabelFinal is { } fin) yield return $"Screener imported label_final: {Label(fin)}";
        if (r.DuplicateOfId is { } of) yield return string.Create(CultureInfo.InvariantCulture, $"Screener duplicate of record {of}");
        if (StageNote("title/abstract", r.TitleAbstract) is { } taNote) yield return taNote;
        if (StageNote("full-text", r.FullText) is { } ftNote) yield return ftNote;
        if (r.Llm.Decision is not null)
            yield return $"Screener LLM suggestion: {r.Llm.Decision}" +
                (r.Llm.Confidence is { } c ? string.Create(CultureInfo.InvariantCulture, $" (confidence {c:0.###})") : "") +
                (r.Llm.IncludeProbability is { } p ? string.Create(CultureInfo.InvariantCulture, $"; inclusion probability {p:0.###}") : "") +
                (r.Llm.Reason is null ? "" : $"; reason: {r.Llm.Reason}");
        if (r.Llm.Flags.Count > 0) yield return "Screener flags: " + Joined(r.Llm.Flags);
    }

    /// <summary>"Screener title/abstract: settled, exclude (wrong population); ann: exclude (wrong population); bob: exclude".</summary>
    private static string? StageNote(string stage, StageResult s) => s.State is null ? null
        : $"Screener {stage}: {s.State}" + (s.Decision is null ? "" : $", {s.Decision}") + (s.Reason is null ? "" : $" ({s.Reason})") +
          (s.SettledBy is null ? "" : $" by {s.SettledBy}") + (s.HumanDecisions is null ? "" : $"; {s.HumanDecisions}");

    private static object?[] Stage(StageResult s) => [s.State, s.Decision, s.Reason, s.SettledBy, s.HumanDecisions];

    private static int? Label(bool? value) => value is null ? null : value.Value ? 1 : 0;

    private static string? Joined(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join("; ", values);
}
