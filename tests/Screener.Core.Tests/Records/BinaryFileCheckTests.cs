using System.Text;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Records;

public sealed class BinaryFileCheckTests
{
    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "a zip archive")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "a gzip archive")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "a PDF document")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "a binary file")]
    public void Archives_documents_and_binary_bytes_are_named(byte[] head, string expected) =>
        Assert.Equal(expected, BinaryFileCheck.Describe(head));

    [Fact]
    public void Text_in_utf8_and_in_utf16_with_or_without_a_bom_is_text()
    {
        const string ris = "TY  - JOUR\nTI  - Café au lait and ΑΒΓ, 一\u3000二\nER  - \n"; // U+4E00 and U+3000 have a zero low byte
        Assert.Null(BinaryFileCheck.Describe(Encoding.UTF8.GetBytes(ris)));
        Assert.Null(BinaryFileCheck.Describe(Encoding.Unicode.GetBytes(ris)));
        Assert.Null(BinaryFileCheck.Describe(Encoding.BigEndianUnicode.GetBytes(ris)));
        Assert.Null(BinaryFileCheck.Describe([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ris)]));
    }

    [Fact]
    public void Random_bytes_are_binary()
    {
        var bytes = new byte[8192];
        new Random(3).NextBytes(bytes);
        Assert.Equal("a binary file", BinaryFileCheck.Describe(bytes));
    }
}
