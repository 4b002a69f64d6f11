using System.Globalization;

namespace Screener.Core.Records.Formats;

/// <summary>
/// Refuses a file before it is opened when it cannot be a saved export: a device (/dev/zero, /dev/urandom), a pipe or
/// a socket (opening a FIFO blocks until someone writes; a device never ends), or a file larger than the limit.
/// Such files report a size of 0 where regular files report their length, so an empty or special file is refused
/// by its size without opening it (an empty export holds no records either).
/// </summary>
public static class InputFileCheck
{
    /// <summary>Import limit: ten times the largest export measured (172.6 MB for 100,000 RIS records, eval/records-dedup.md).</summary>
    public const long MaxImportBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Full-text limit: a long paper converted to text is 50–300 KB; 2 MB is a book, and would be sent whole to the LLM
    /// (tokens, cost and the model's context), so a larger file is refused instead of truncated without a word.
    /// </summary>
    public const long MaxFullTextBytes = 2L * 1024 * 1024;

    /// <summary>Throws, naming the file (<paramref name="shownName"/>, never a server path) and what to do, unless it is a regular file within the limit.</summary>
    public static void ThrowIfUnreadable(string path, long maxBytes, string shownName)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ScreenerException($"{shownName}: no such file");
        if (info.Length == 0)
            throw new ScreenerException($"{shownName}: the file is empty or not a regular file (a device, pipe or socket); give a saved file");
        if (info.Length > maxBytes)
            throw new ScreenerException($"{shownName}: the file is {Size(info.Length)}, more than the limit of {Size(maxBytes)}; split it or cut it down");
    }

    private static string Size(long bytes) => bytes >= 1 << 30
        ? (bytes / (double)(1 << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
}
