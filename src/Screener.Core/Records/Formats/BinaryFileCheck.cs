namespace Screener.Core.Records.Formats;

/// <summary>
/// Refuses archives and binary files before any line is read: a zip or gzip is never unpacked (no bomb can
/// expand), and a binary file without line breaks would otherwise be read as one enormous "line".
/// </summary>
public static class BinaryFileCheck
{
    private const int SniffBytes = 8192;

    private static readonly (byte[] Magic, string Kind)[] Signatures =
    [
        ("PK\x03\x04"u8.ToArray(), "a zip archive"), ("PK\x05\x06"u8.ToArray(), "a zip archive"),
        ([0x1F, 0x8B], "a gzip archive"), ("BZh"u8.ToArray(), "a bzip2 archive"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "an xz archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-zip archive"), ("Rar!"u8.ToArray(), "a rar archive"),
        ("%PDF"u8.ToArray(), "a PDF document"), ([0xD0, 0xCF, 0x11, 0xE0], "an old Office document"),
    ];

    /// <summary>Throws naming the file and what to do when its first bytes are an archive's or not text.</summary>
    public static void ThrowIfNotText(string path)
    {
        var head = new byte[SniffBytes];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var kind = Describe(head.AsSpan(0, read));
        if (kind is not null)
            throw new ScreenerException(
                $"{Path.GetFileName(path)}: the file is {kind}, not a text export; unpack it or export the records as RIS, MEDLINE, BibTeX, CSV or TSV and import that");
    }

    /// <summary>What the bytes are when they are not text (null for text, UTF-16 included).</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, kind) in Signatures)
            if (head.StartsWith(magic)) return kind;
        if (head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..]) return null;
        // UTF-8 text has no zero bytes; UTF-16 without a BOM has them mostly on one side of each pair (the other
        // side only for the odd U+xx00 character, e.g. U+4E00 or U+3000). Zeros on both sides alike mean binary.
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < head.Length; i++)
            if (head[i] == 0) { if (i % 2 == 0) zeroEven++; else zeroOdd++; }
        return Math.Min(zeroEven, zeroOdd) > Math.Max(zeroEven, zeroOdd) / 4 ? "a binary file" : null;
    }
}
