namespace Screener.Core.Ranking;

/// <summary>
/// Callaghan and Müller-Hansen's stopping criterion (Systematic Reviews 2020, 9:273): the p-value of "recall is still
/// below the target". Each run of the last j screened records is treated as j random draws from the records that
/// were unscreened when the run began. If recall were below the target, those records held at least
/// K = floor(found / target - found before the run) + 1 includes, and the chance of drawing at most the k includes the
/// run holds is hypergeometric; the p-value is the smallest over every j. A ranking puts likely includes first, so
/// ranked records yield more includes than random draws would: treating them as random makes the test stop later
/// than it needs to, never earlier (the authors' argument; measured by `simulate --stopping-aid`).
/// </summary>
public static class RecallTest
{
    public const double Target = 0.95;

    /// <summary>Stop when the p-value is below this (95% confidence).</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// <paramref name="labelsInOrder"/>: the labels of the screened records in the order they were screened (records
    /// screened without a usable label are left out: they count as unscreened). <paramref name="totalRecords"/>: all
    /// records to be screened, screened or not.
    /// </summary>
    public static double PValue(IReadOnlyList<bool> labelsInOrder, int totalRecords, double target = Target)
    {
        var screened = labelsInOrder.Count;
        if (totalRecords < screened) throw new ArgumentOutOfRangeException(nameof(totalRecords), "fewer records than screened");
        if (target is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(target), "a recall target between 0 and 1");
        var found = labelsInOrder.Count(l => l);
        var logFactorial = LogFactorials(totalRecords);
        var smallest = 1.0;
        var inRun = 0;
        for (var j = 1; j <= screened && smallest > 0; j++)
        {
            if (labelsInOrder[screened - j]) inRun++;
            var population = totalRecords - (screened - j);
            // Smallest include count among those records for which recall would be below the target. Rounding error in
            // found / target can only lower it, which raises the p-value (errs towards screening on).
            var needed = (long)Math.Floor(found / target - (found - inRun)) + 1;
            smallest = Math.Min(smallest, HypergeometricCdf(inRun, population, needed, j, logFactorial));
        }
        return smallest;
    }

    /// <summary>P(X &lt;= k) for X the includes in n draws without replacement from N records of which K are includes.</summary>
    public static double HypergeometricCdf(int k, int population, long includes, int draws, double[] logFactorial)
    {
        var excludes = population - includes;
        if (excludes < 0) return 0; // more includes than records: the hypothesis is impossible
        var lowest = (int)Math.Max(0, draws - excludes);
        var highest = (int)Math.Min(draws, includes);
        if (k < lowest) return 0;
        if (k >= highest) return 1;
        var K = (int)includes;
        double LogPmf(int x) => LogChoose(K, x) + LogChoose(population - K, draws - x) - LogChoose(population, draws);
        double LogChoose(int n, int r) => logFactorial[n] - logFactorial[r] - logFactorial[n - r];

        // Sum from k away from the mode, where the terms shrink, so a vanishing first term means a vanishing sum.
        var mode = (int)Math.Floor((draws + 1.0) * (K + 1.0) / (population + 2.0));
        if (k <= mode)
        {
            double term = Math.Exp(LogPmf(k)), sum = term;
            for (var x = k; x > lowest && term > sum * 1e-17; x--)
            {
                term *= (double)x * (population - K - draws + x) / ((double)(K - x + 1) * (draws - x + 1));
                sum += term;
            }
            return Math.Min(1, sum);
        }
        else
        {
            double term = Math.Exp(LogPmf(k + 1)), tail = term;
            for (var x = k + 1; x < highest && term > tail * 1e-17; x++)
            {
                term *= (double)(K - x) * (draws - x) / ((double)(x + 1) * (population - K - draws + x + 1));
                tail += term;
            }
            return Math.Max(0, 1 - tail);
        }
    }

    public static double[] LogFactorials(int n)
    {
        var table = new double[n + 1];
        for (var i = 2; i <= n; i++) table[i] = table[i - 1] + Math.Log(i);
        return table;
    }
}
