using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public sealed record AgreementFigure(int Pairs, int Agreeing, double? ObservedAgreement, double? Kappa);

/// <summary>Cohen's kappa over paired categorical decisions (include / exclude / unsure).</summary>
public static class Agreement
{
    /// <summary>
    /// kappa = (po - pe) / (1 - pe). When both raters use one and the same category throughout, pe is 1 and kappa is
    /// undefined; it is reported as null rather than a made-up 1 or 0.
    /// </summary>
    public static AgreementFigure CohensKappa(IReadOnlyCollection<(ScreeningDecision A, ScreeningDecision B)> pairs)
    {
        if (pairs.Count == 0) return new AgreementFigure(0, 0, null, null);
        double n = pairs.Count;
        var agreeing = pairs.Count(p => p.A == p.B);
        var po = agreeing / n;
        var pe = Enum.GetValues<ScreeningDecision>()
            .Sum(c => pairs.Count(p => p.A == c) / n * (pairs.Count(p => p.B == c) / n));
        double? kappa = Math.Abs(1 - pe) < 1e-12 ? null : (po - pe) / (1 - pe);
        return new AgreementFigure(pairs.Count, agreeing, po, kappa);
    }
}
