using Screener.Core.Evaluation;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

public sealed record AgreementFigure(int Pairs, int Agreeing, double? ObservedAgreement, double? Kappa);

/// <summary>Agreement over paired include / exclude / unsure decisions, by the eval harness's definitions.</summary>
public static class Agreement
{
    /// <summary>
    /// Cohen's kappa as <see cref="AgreementMetrics.CohenKappa{T}"/> defines it (eval/README.md): undefined (null)
    /// with no pairs; 1 when every decision falls in one category, which is perfect agreement.
    /// </summary>
    public static AgreementFigure CohensKappa(IReadOnlyCollection<(ScreeningDecision A, ScreeningDecision B)> pairs)
    {
        var list = pairs.ToList();
        return new AgreementFigure(list.Count, list.Count(p => p.A == p.B), AgreementMetrics.PercentAgreement(list), AgreementMetrics.CohenKappa(list));
    }
}
