namespace Screener.Core.Tests.TestData;

/// <summary>PDFsharp writes the encrypted test PDF: PdfPig's builder cannot encrypt.</summary>
public static class EncryptedPdf
{
    /// <summary>One blank page under a user password (the standard security handler): unreadable without it.</summary>
    public static byte[] Build()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        document.SecuritySettings.UserPassword = "secret";
        document.SecuritySettings.OwnerPassword = "owner";
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }
}
