using System.Text;

namespace Screener.Core.Records.Formats;

/// <summary>
/// The lines of a text file with their numbers, decoded from UTF-8 or UTF-16 (by BOM, or by the zero bytes
/// UTF-16 without a BOM shows). Bytes that are not valid in the encoding stop the file with the line named,
/// because a mis-encoded export (Latin-1 saved as .ris) would otherwise import with silently garbled text.
/// </summary>
public sealed class LineSource : IDisposable
{
    /// <summary>A noncharacter that never appears in real text, substituted for invalid bytes so the line can be named.</summary>
    private const char InvalidMarker = '\uFFFF';

    private readonly StreamReader _reader;

    public LineSource(Stream stream, string fileName)
    {
        FileName = fileName;
        var encoding = DetectEncoding(stream);
        _reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }

    public string FileName { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Lines handed back by a reader that read too far (a CSV quote never closed), returned again first.</summary>
    private readonly Stack<(string Line, int Number)> _unread = new();
    private int _fileLines;

    /// <summary>Lines of the file that are not blank, counted once each however often a reader re-reads them.</summary>
    public int NonBlankLines { get; private set; }

    /// <summary>Lines that start a RIS record ("TY  - "), counted once each: what a RIS file should yield.</summary>
    public int RisStartLines { get; private set; }

    /// <summary>Hands lines back (numbered from <paramref name="firstNumber"/>) so that the next reads return them again, in order.</summary>
    public void Unread(IReadOnlyList<string> lines, int firstNumber)
    {
        for (var i = lines.Count - 1; i >= 0; i--) _unread.Push((lines[i], firstNumber + i));
    }

    public string? ReadLine()
    {
        if (_unread.TryPop(out var again))
        {
            LineNumber = again.Number;
            return again.Line;
        }
        var line = _reader.ReadLine();
        if (line is null) return null;
        LineNumber = ++_fileLines;
        if (!string.IsNullOrWhiteSpace(line)) NonBlankLines++;
        if (line.StartsWith("TY  -", StringComparison.Ordinal)) RisStartLines++;
        if (line.Contains(InvalidMarker, StringComparison.Ordinal))
            throw new ScreenerException(
                $"{FileName}:{LineNumber}: the file is not valid {_reader.CurrentEncoding.WebName}; save it as UTF-8 (or UTF-16) and import again");
        return line;
    }

    private static Encoding DetectEncoding(Stream stream)
    {
        Span<byte> head = stackalloc byte[64];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        var (encoding, bomLength) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Strict(new UTF8Encoding(false)), 3),
            [0xFF, 0xFE, ..] => (Strict(new UnicodeEncoding(false, false)), 2),
            [0xFE, 0xFF, ..] => (Strict(new UnicodeEncoding(true, false)), 2),
            _ => (GuessWithoutBom(head), 0),
        };
        stream.Seek(bomLength, SeekOrigin.Begin);
        return encoding;
    }

    /// <summary>ASCII text in UTF-16 has a zero byte in every pair: odd positions for little-endian, even for big-endian.</summary>
    private static Encoding GuessWithoutBom(ReadOnlySpan<byte> head)
    {
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < head.Length; i++)
            if (head[i] == 0) { if (i % 2 == 0) zeroEven++; else zeroOdd++; }
        var half = head.Length / 2;
        if (half >= 4 && zeroOdd > half * 0.6) return Strict(new UnicodeEncoding(false, false));
        if (half >= 4 && zeroEven > half * 0.6) return Strict(new UnicodeEncoding(true, false));
        return Strict(new UTF8Encoding(false));
    }

    private static Encoding Strict(Encoding encoding)
    {
        var clone = (Encoding)encoding.Clone();
        clone.DecoderFallback = new DecoderReplacementFallback(InvalidMarker.ToString());
        return clone;
    }

    public void Dispose() => _reader.Dispose();
}
