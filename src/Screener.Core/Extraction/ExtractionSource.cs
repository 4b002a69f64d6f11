using System.Text;
using Screener.Core.Records;
using Screener.Core.Screening;

namespace Screener.Core.Extraction;

/// <summary>The text a draft is extracted from and checked against: a supplied full text, else title and abstract.</summary>
public sealed record ExtractionSource(string Kind, string Text)
{
    public const string Abstract = "abstract";

    /// <summary>
    /// Full text is a UTF-8 text file per record in <paramref name="fullTextDirectory"/>, named by the record's
    /// id or its external id ("123.txt", "PMID123.txt"). PDF-to-text is out of scope: convert before.
    /// </summary>
    public static ExtractionSource For(Record record, string? fullTextDirectory)
    {
        if (fullTextDirectory is not null)
        {
            foreach (var name in new[] { record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), record.ExternalId })
            {
                if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) continue;
                var path = Path.Combine(fullTextDirectory, name + ".txt");
                if (File.Exists(path)) return new ExtractionSource(path, File.ReadAllText(path, Encoding.UTF8));
            }
        }
        return new ExtractionSource(Abstract, ReplyAssessment.SourceText(record));
    }
}
