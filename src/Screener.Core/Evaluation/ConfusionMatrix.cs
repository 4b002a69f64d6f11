namespace Screener.Core.Evaluation;

/// <summary>Counts of a binary comparison where "positive" means include: predictions against the truth.</summary>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;
    public int ActualPositives => TruePositives + FalseNegatives;
    public int ActualNegatives => TrueNegatives + FalsePositives;
    public int PredictedPositives => TruePositives + FalsePositives;
    public int PredictedNegatives => TrueNegatives + FalseNegatives;
    public int Agreements => TruePositives + TrueNegatives;

    public static ConfusionMatrix From(IEnumerable<(bool Truth, bool Prediction)> pairs)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var (truth, prediction) in pairs)
        {
            if (truth && prediction) tp++;
            else if (!truth && prediction) fp++;
            else if (truth) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, fn, tn);
    }

    public static ConfusionMatrix operator +(ConfusionMatrix a, ConfusionMatrix b) => new(
        a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
        a.FalseNegatives + b.FalseNegatives, a.TrueNegatives + b.TrueNegatives);
}
