using System.Globalization;

namespace Screener.Core.Records.Formats;

/// <summary>Writes exported records as RFC 4180 CSV whose first columns are the ones import reads back.</summary>
public static class RecordCsvWriter
{
    private static readonly string[] Header =
    [
        "record_id", "title", "abstract", "doi", "pmid", "year", "authors", "journal", "keywords", "label_ta", "label_final",
        "screener_id", "source", "source_file", "source_line", "duplicate_of", "decision_ta", "reason_ta", "decision_ft",
        "reason_ft", "llm_decision", "llm_confidence", "llm_reason", "flags",
        "llm_include_probability",
    ];

    public static Task WriteHeaderAsync(TextWriter output) => output.WriteLineAsync(string.Join(',', Header));

    public static Task WriteAsync(TextWriter output, ExportRow r)
    {
        var d = r.Decisions;
        string?[] cells =
        [
            r.ExternalId, r.Title, r.Abstract, r.Doi, r.Pmid, Num(r.Year), string.Join("; ", r.Authors), r.Journal,
            string.Join("; ", r.Keywords), Label(r.LabelTitleAbstract), Label(r.LabelFinal), Num(r.Id), r.Source, r.FileName,
            Num(r.SourceLine), Num(r.DuplicateOfId), d.TitleAbstract, d.TitleAbstractReason, d.FullText, d.FullTextReason,
            d.LlmDecision, d.LlmConfidence?.ToString("0.###", CultureInfo.InvariantCulture), d.LlmReason, string.Join("; ", d.Flags),
            d.LlmIncludeProbability?.ToString("0.###", CultureInfo.InvariantCulture),
        ];
        return output.WriteLineAsync(string.Join(',', cells.Select(Quote)));
    }

    private static string? Num(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Label(bool? value) => value is null ? null : value.Value ? "1" : "0";

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
