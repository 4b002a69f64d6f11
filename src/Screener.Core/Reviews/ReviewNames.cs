namespace Screener.Core.Reviews;

/// <summary>The existing review names closest to a misspelled one, for a "did you mean" answer.</summary>
public static class ReviewNames
{
    private const int MostSuggestions = 3;

    /// <summary>
    /// Names within a few edits of <paramref name="wanted"/> (ignoring case), closest first. The allowance grows with
    /// the name's length (a third of it, at least 2) so that a slip is found but an unrelated short name is not.
    /// </summary>
    public static IReadOnlyList<string> Closest(string wanted, IEnumerable<string> names)
    {
        var allowed = Math.Max(2, wanted.Length / 3);
        return names.Select(n => (Name: n, Distance: EditDistance(wanted.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(x => x.Distance <= allowed)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(MostSuggestions).Select(x => x.Name).ToList();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, one each.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The "did you mean" sentence, or how to create the review when nothing is close.</summary>
    public static string NotFoundMessage(string wanted, IReadOnlyList<string> closest) => closest.Count == 0
        ? $"no review named '{wanted}': create it with `screener init --protocol FILE --name {wanted}`"
        : $"no review named '{wanted}': did you mean {string.Join(" or ", closest.Select(n => $"'{n}'"))}?";
}
