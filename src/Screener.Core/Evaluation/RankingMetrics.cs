namespace Screener.Core.Evaluation;

/// <summary>One point of a recall curve: after screening <see cref="Screened"/> records, <see cref="Found"/> relevant ones are found.</summary>
public sealed record RecallPoint(int Screened, int Found, double Recall);

/// <summary>Ranking quality for records screened in a given order (the ASReview / Cohen conventions).</summary>
public sealed record RankingResult(
    int Records,
    int Relevant,
    IReadOnlyList<RecallPoint> Curve,
    double Wss95,
    double Wss100,
    double Rrf10,
    int? RecordsTo95,
    int? RecordsTo985,
    int? RecordsTo100,
    int RecordsSinceLastInclude);

/// <summary>Pure functions over a screening order; each relevant flag is the label of the record at that rank.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Work saved over sampling at recall r (Cohen 2006): WSS@r = (TN + FN) / N - (1 - r), taken at the first
    /// rank where recall reaches r. With no relevant records every metric is defined as 0 and no rank is reached.
    /// </summary>
    public static RankingResult Compute(IReadOnlyList<bool> relevantInOrder)
    {
        var n = relevantInOrder.Count;
        var relevant = relevantInOrder.Count(x => x);
        var curve = new List<RecallPoint>(n + 1) { new(0, 0, 0) };
        var found = 0;
        var lastInclude = 0;
        for (var i = 0; i < n; i++)
        {
            if (relevantInOrder[i]) { found++; lastInclude = i + 1; }
            curve.Add(new RecallPoint(i + 1, found, relevant == 0 ? 0 : (double)found / relevant));
        }
        return new RankingResult(n, relevant, curve,
            Wss(curve, n, relevant, 0.95), Wss(curve, n, relevant, 1.0), Rrf(relevantInOrder, relevant, 0.10),
            RecordsToRecall(curve, relevant, 0.95), RecordsToRecall(curve, relevant, 0.985), RecordsToRecall(curve, relevant, 1.0),
            n - lastInclude);
    }

    /// <summary>The number of records screened when recall first reaches <paramref name="recall"/> (null if never).</summary>
    public static int? RecordsToRecall(IReadOnlyList<RecallPoint> curve, int relevant, double recall)
    {
        if (relevant == 0) return null;
        var needed = (int)Math.Ceiling(recall * relevant - 1e-9);
        foreach (var p in curve)
            if (p.Found >= needed && p.Screened > 0) return p.Screened;
        return null;
    }

    public static double Wss(IReadOnlyList<RecallPoint> curve, int n, int relevant, double recall)
    {
        if (n == 0 || relevant == 0) return 0;
        var screened = RecordsToRecall(curve, relevant, recall) ?? n;
        return (double)(n - screened) / n - (1 - recall);
    }

    /// <summary>Relevant records found after screening the first share of records (ASReview's RRF@10%), as a share of all relevant.</summary>
    public static double Rrf(IReadOnlyList<bool> relevantInOrder, int relevant, double share)
    {
        if (relevant == 0 || relevantInOrder.Count == 0) return 0;
        var k = (int)Math.Ceiling(share * relevantInOrder.Count - 1e-9);
        return (double)relevantInOrder.Take(k).Count(x => x) / relevant;
    }

    /// <summary>Recall after screening the top <paramref name="share"/> of records.</summary>
    public static double RecallAt(IReadOnlyList<RecallPoint> curve, double share)
    {
        var n = curve.Count - 1;
        if (n <= 0) return 0;
        var k = (int)Math.Ceiling(share * n - 1e-9);
        return curve[Math.Clamp(k, 0, n)].Recall;
    }
}
