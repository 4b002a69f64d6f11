using System.Text;

namespace Screener.Core.Dedup;

/// <summary>Character-trigram Jaccard similarity of normalised titles: robust to typos and small wording changes.</summary>
public static class TitleSimilarity
{
    /// <summary>Distinct trigrams of the text, each packed into a long, sorted for a linear-time intersection.</summary>
    public static long[] Trigrams(string key)
    {
        if (key.Length < 3) return key.Length == 0 ? [] : [Pack(key.PadRight(3))];
        var all = new long[key.Length - 2];
        for (var i = 0; i < all.Length; i++) all[i] = Pack(key.AsSpan(i, 3));
        Array.Sort(all);
        var distinct = 1;
        for (var i = 1; i < all.Length; i++)
            if (all[i] != all[distinct - 1]) all[distinct++] = all[i];
        return distinct == all.Length ? all : all[..distinct];
    }

    public static double Jaccard(long[] a, long[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var common = DedupKeys.CommonSorted<long>(a, b);
        return common / (double)(a.Length + b.Length - common);
    }

    public static double Similarity(string titleA, string titleB) =>
        Jaccard(Trigrams(DedupKeys.Title(titleA).Replace(" ", "", StringComparison.Ordinal)),
            Trigrams(DedupKeys.Title(titleB).Replace(" ", "", StringComparison.Ordinal)));

    /// <summary>The digit runs of a normalised title, space-separated.</summary>
    public static string Numbers(string titleWords)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < titleWords.Length; i++)
        {
            if (!char.IsAsciiDigit(titleWords[i])) continue;
            if (sb.Length > 0) sb.Append(' ');
            while (i < titleWords.Length && char.IsAsciiDigit(titleWords[i])) sb.Append(titleWords[i++]);
        }
        return sb.ToString();
    }

    private static long Pack(ReadOnlySpan<char> t) => ((long)t[0] << 32) | ((long)t[1] << 16) | t[2];

    private static long Pack(string t) => Pack(t.AsSpan());
}
