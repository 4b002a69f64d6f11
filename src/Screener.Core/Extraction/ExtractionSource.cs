using System.Globalization;
using System.Text;
using Screener.Core.Records;
using Screener.Core.Records.Formats;
using Screener.Core.Screening;

namespace Screener.Core.Extraction;

/// <summary>
/// The text a draft is extracted from and checked against: a supplied full text, else title and abstract. Kind is
/// <see cref="Abstract"/> or "full text (FILE NAME)": reviewers see it, so it never holds a server path.
/// </summary>
public sealed record ExtractionSource(string Kind, string Text)
{
    public const string Abstract = "abstract";

    /// <summary>File name of the full text of a Screener record: "record-517.txt" for record 517.</summary>
    public const string RecordPrefix = "record-";

    /// <summary>File name of the full text by the id the record was imported with: "external-PMID123.txt".</summary>
    public const string ExternalPrefix = "external-";

    /// <summary>
    /// Full text is a UTF-8 text file per record in <paramref name="fullTextDirectory"/>, named by the record's
    /// Screener id ("record-517.txt") or the id it was imported with ("external-517.txt"): the prefixes keep the
    /// two apart, so an imported id 517 never reads the text meant for Screener record 517. A Screener-id file wins
    /// when both exist. Devices, pipes and files over <see cref="InputFileCheck.MaxFullTextBytes"/> are refused.
    /// PDF-to-text is out of scope: convert before.
    /// </summary>
    public static ExtractionSource For(Record record, string? fullTextDirectory)
    {
        if (fullTextDirectory is not null)
        {
            foreach (var name in FileNames(record))
            {
                var path = Path.Combine(fullTextDirectory, name);
                if (!File.Exists(path)) continue;
                InputFileCheck.ThrowIfUnreadable(path, InputFileCheck.MaxFullTextBytes, $"record {record.Id}: full text {name}");
                return new ExtractionSource($"full text ({name})", File.ReadAllText(path, Encoding.UTF8));
            }
        }
        return new ExtractionSource(Abstract, ReplyAssessment.SourceText(record));
    }

    /// <summary>The file names looked for, in order.</summary>
    public static IEnumerable<string> FileNames(Record record)
    {
        yield return RecordPrefix + record.Id.ToString(CultureInfo.InvariantCulture) + ".txt";
        if (!string.IsNullOrWhiteSpace(record.ExternalId) && record.ExternalId.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
            yield return ExternalPrefix + record.ExternalId + ".txt";
    }

    /// <summary>
    /// Throws when the directory holds .txt files but none named the way <see cref="For"/> looks for them (the old
    /// "517.txt" naming, which could mean either id): every record would silently fall back to its abstract.
    /// </summary>
    public static void ThrowIfNoFileIsNamedForRecords(string fullTextDirectory)
    {
        var texts = Directory.EnumerateFiles(fullTextDirectory, "*.txt").Select(Path.GetFileName).Take(1000).ToList();
        if (texts.Count > 0 && !texts.Any(n => n!.StartsWith(RecordPrefix, StringComparison.Ordinal) || n.StartsWith(ExternalPrefix, StringComparison.Ordinal)))
            throw new ScreenerException(
                $"the full-text directory holds .txt files (e.g. {texts[0]}) but none named {RecordPrefix}ID.txt (Screener record id) or {ExternalPrefix}ID.txt (the id in the imported file); rename them");
    }
}
