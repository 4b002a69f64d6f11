namespace Screener.Core.Evaluation;

/// <summary>How many suggestions were checked for grounding, how many were not grounded, and how many confident ones contradict the human.</summary>
public sealed record HallucinationSummary(
    int SuggestionsChecked,
    int Ungrounded,
    Estimate UngroundedRate,
    int ConfidentContradictions,
    double ConfidenceThreshold,
    int ExtractionFieldsChecked = 0,
    int ExtractionFieldsUngrounded = 0);

/// <summary>
/// Everything `screener eval` found for screening decisions: one evaluation per prediction set (file, or the
/// majority over an LLM run's slots), run-to-run agreement when there are several, and the flags to look at.
/// Notes say what was left out of the figures and why.
/// </summary>
public sealed record EvaluationReport(
    string Title,
    string TruthSource,
    IReadOnlyList<ScreeningEvaluation> Sets,
    RunAgreement? Agreement,
    HallucinationSummary Hallucinations,
    IReadOnlyList<HallucinationFlag> Flags,
    IReadOnlyList<string> Notes);
