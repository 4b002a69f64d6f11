using System.Text;

namespace Screener.Core.Embeddings;

/// <summary>Which terms a text contributes: word unigrams and bigrams always, character n-grams on request.</summary>
public sealed record TermOptions(bool WordBigrams, int CharGramMin, int CharGramMax)
{
    /// <summary>For the classifier: words and word pairs carry most of the signal and keep vectors short (fast retraining).</summary>
    public static TermOptions Words { get; } = new(true, 0, 0);

    /// <summary>For embeddings: character 3-5-grams add robustness to spelling variants and inflections.</summary>
    public static TermOptions WordsAndCharacters { get; } = new(true, 3, 5);
}

/// <summary>
/// Pure, culture-invariant term extraction. Terms are 64-bit FNV-1a hashes, so no vocabulary is kept and the same
/// text always yields the same terms on every machine (string.GetHashCode is randomised per process).
/// </summary>
public static class TextTerms
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong BigramSalt = 0x9E3779B97F4A7C15UL;
    private const ulong CharSalt = 0xC2B2AE3D27D4EB4FUL;

    // Frequent function words: as unigrams they carry no signal and as bigrams they dilute real phrases.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "in",
        "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "these", "this", "those", "to",
        "was", "were", "which", "with", "we", "our", "than", "then", "also", "both", "can", "may", "not", "no", "all",
    };

    /// <summary>Counts of each term hash in <paramref name="text"/>.</summary>
    public static Dictionary<ulong, int> Count(string text, TermOptions options)
    {
        var counts = new Dictionary<ulong, int>();
        var words = Words(text);
        ulong previous = 0;
        var hasPrevious = false;
        foreach (var word in words)
        {
            if (options.CharGramMax > 0) AddCharGrams(counts, word, options);
            if (StopWords.Contains(word)) { hasPrevious = false; continue; }
            var h = Hash(word, FnvOffset);
            Add(counts, h);
            if (options.WordBigrams && hasPrevious) Add(counts, Mix(previous ^ BigramSalt, h));
            previous = h;
            hasPrevious = true;
        }
        return counts;
    }

    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c)) { current.Append(char.ToLowerInvariant(c)); continue; }
            Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 1) words.Add(current.ToString());
            current.Clear();
        }
    }

    private static void AddCharGrams(Dictionary<ulong, int> counts, string word, TermOptions options)
    {
        var padded = " " + word + " ";
        for (var n = options.CharGramMin; n <= options.CharGramMax; n++)
            for (var i = 0; i + n <= padded.Length; i++)
                Add(counts, Hash(padded.AsSpan(i, n), FnvOffset ^ CharSalt));
    }

    private static void Add(Dictionary<ulong, int> counts, ulong term) =>
        counts[term] = counts.GetValueOrDefault(term) + 1;

    private static ulong Hash(ReadOnlySpan<char> s, ulong seed)
    {
        var h = seed;
        foreach (var c in s) { h ^= c; h *= FnvPrime; }
        return h;
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var h = a * FnvPrime ^ b;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }
}
