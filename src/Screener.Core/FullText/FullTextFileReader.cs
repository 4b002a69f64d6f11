namespace Screener.Core.FullText;

/// <summary>
/// Reads one full-text file of any supported kind: a PDF (by its %PDF header or .pdf name), JATS XML (.xml/.nxml),
/// plain text (.txt). Whatever goes wrong with the file is a Failed result naming the reason, never an exception:
/// one bad file must not stop the others.
/// </summary>
public static class FullTextFileReader
{
    public static readonly string[] Extensions = [".pdf", ".txt", ".text", ".xml", ".nxml"];

    public static bool IsSupported(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public static ParsedFullText Read(byte[] content, string fileName, CancellationToken ct)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var isPdf = content.Length >= 5 && content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F' && content[4] == '-';
        if (isPdf) return PdfTextReader.Read(content, ct);
        return extension switch
        {
            ".pdf" => ParsedFullText.Failed(FullTextSourceKind.Pdf, "the file is named .pdf but does not start with a PDF header (%PDF-): not a PDF, or damaged"),
            ".xml" or ".nxml" => JatsReader.Read(content),
            ".txt" or ".text" => PlainTextReader.Read(content),
            _ => ParsedFullText.Failed(FullTextSourceKind.Text, $"'{extension}' files are not read: attach a PDF, a plain-text file (.txt) or PMC JATS XML (.xml, .nxml)"),
        };
    }
}
