namespace Screener.Core.Records.Formats;

/// <summary>Which CSV column holds which field: ASReview's names, Zotero's, Scopus's and our own, case-insensitive.</summary>
public sealed class CsvColumns
{
    private static readonly Dictionary<string, string> Aliases = BuildAliases();

    private readonly Dictionary<string, int> _index;

    private CsvColumns(Dictionary<string, int> index, int width)
    {
        _index = index;
        Width = width;
    }

    public int Width { get; }

    public static CsvColumns Map(IReadOnlyList<string> header, string fileName)
    {
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
            if (Aliases.TryGetValue(Key(header[i]), out var field)) index.TryAdd(field, i);
        if (!index.ContainsKey("title"))
            throw new ScreenerException($"{fileName}:1: no title column in the header (expected one of: title, primary_title, article title, ti)");
        return new CsvColumns(index, header.Count);
    }

    public RecordReadResult ToRecord(IReadOnlyList<string> row, string file, int line, int position)
    {
        string? Get(string field) => _index.TryGetValue(field, out var i) ? FieldText.NullIfBlank(row[i]) : null;
        var record = new ParsedRecord { Position = position, Line = line, ExternalId = Get("id") };
        record.Title = Get("title") ?? "";
        record.Abstract = Get("abstract");
        record.Authors.AddRange(FieldText.SplitAuthors(Get("authors")));
        record.Year = FieldText.Year(Get("year"));
        record.Journal = Get("journal");
        record.Doi = FieldText.Doi(Get("doi"));
        record.Pmid = FieldText.Pmid(Get("pmid"));
        record.Keywords.AddRange(FieldText.SplitKeywords(Get("keywords")));
        foreach (var (field, set) in new (string, Action<bool?>)[]
                 { ("label_ta", v => record.LabelTitleAbstract = v), ("label_final", v => record.LabelFinal = v) })
        {
            var text = Get(field);
            if (!FieldText.TryLabel(text, out var label))
                return RecordReadResult.Fail(file, line, position, $"{field} '{text}' is not a label (use 1/0, yes/no or empty)");
            set(label);
        }
        return record.IsEmpty ? RecordReadResult.Fail(file, line, position, ParsedRecord.EmptyReason) : RecordReadResult.Ok(record);
    }

    private static string Key(string header) =>
        header.Trim().Trim('"').ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static Dictionary<string, string> BuildAliases()
    {
        var fields = new Dictionary<string, string[]>
        {
            ["id"] = ["record_id", "id", "key", "record_number"],
            ["title"] = ["title", "primary_title", "article_title", "ti", "document_title"],
            ["abstract"] = ["abstract", "abstract_note", "ab", "notes_abstract"],
            ["authors"] = ["authors", "author", "au", "first_authors", "author_full_names"],
            ["year"] = ["year", "publication_year", "py", "pubyear", "year_published"],
            ["journal"] = ["journal", "publication", "publication_title", "secondary_title", "source_title", "journal_name", "so", "t2"],
            ["doi"] = ["doi", "do"],
            ["pmid"] = ["pmid", "pubmed_id", "pubmedid", "pm"],
            ["keywords"] = ["keywords", "keyword", "author_keywords", "manual_tags", "kw", "de"],
            ["label_ta"] = ["label_ta", "label_included", "included", "label", "label_abstract_screening", "abstract_included", "title_abstract_included"],
            ["label_final"] = ["label_final", "final_included", "label_fulltext", "fulltext_included", "full_text_included"],
        };
        return fields.SelectMany(f => f.Value.Select(alias => (alias, f.Key))).ToDictionary(p => p.alias, p => p.Key);
    }
}
