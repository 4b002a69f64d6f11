using Screener.Core.Vocabulary;

namespace Screener.Core.Protocol;

/// <summary>A review's protocol as loaded and validated from its YAML file.</summary>
/// <param name="FullText">The criteria and exclusion reasons of full-text screening: the protocol's `full_text:` section,
/// each of its keys falling back to the title/abstract one when absent (see <see cref="Eligibility"/>).</param>
public sealed record ReviewProtocol(
    string Title,
    string Question,
    Picos Picos,
    IReadOnlyList<Criterion> InclusionCriteria,
    IReadOnlyList<Criterion> ExclusionCriteria,
    IReadOnlyList<string> ExclusionReasons,
    IReadOnlyList<ExtractionField> ExtractionForm,
    ScreeningPolicy Screening,
    StageEligibility FullText,
    string Hash)
{
    public IEnumerable<Criterion> AllCriteria => InclusionCriteria.Concat(ExclusionCriteria);

    public StageEligibility TitleAbstract => new(InclusionCriteria, ExclusionCriteria, ExclusionReasons);

    /// <summary>What a reviewer or the LLM decides a record against at a stage: its criteria and exclusion reasons.</summary>
    public StageEligibility Eligibility(ReviewStage stage) => stage == ReviewStage.FullText ? FullText : TitleAbstract;
}

/// <summary>The eligibility criteria and exclusion reasons of one screening stage.</summary>
public sealed record StageEligibility(IReadOnlyList<Criterion> InclusionCriteria, IReadOnlyList<Criterion> ExclusionCriteria, IReadOnlyList<string> ExclusionReasons)
{
    public IEnumerable<Criterion> AllCriteria => InclusionCriteria.Concat(ExclusionCriteria);
}

public sealed record Picos(string Population, string Intervention, string Comparison, string Outcomes, string StudyDesign);

/// <summary>A numbered eligibility criterion; ids (I1, E2, ...) are how replies refer to it.</summary>
public sealed record Criterion(string Id, string Text);

public enum FieldType
{
    Text,
    Integer,
    Number,
    Boolean,
    Enum,
    List,
}

/// <summary>One column of the extraction table.</summary>
public sealed record ExtractionField(
    string Name,
    FieldType Type,
    string Description,
    bool Required,
    IReadOnlyList<string> AllowedValues);

/// <summary>One LLM reviewer: a prompt and model; repeats at temperature above 0 give independent votes.</summary>
/// <param name="Provider">A named provider (Llm:Providers:NAME); null means the Llm section.</param>
public sealed record ReviewerSlot(string Name, string Prompt, string? Model, double Temperature, int Repeats, int? Seed, string? Provider = null);

/// <summary>
/// How LLM votes become routing: the inclusion probability is the share of include votes (unsure counts half);
/// a probability inside [UncertainLow, UncertainHigh], or slots that disagree, go to humans first.
/// </summary>
/// <param name="ExclusionReasonRequired">`exclusion_reason_required`: whether a human exclusion must name a reason
/// (default no: a reason is optional; when given it must be one of the protocol's reasons).</param>
public sealed record ScreeningPolicy(
    IReadOnlyList<ReviewerSlot> Slots,
    double UncertainLow,
    double UncertainHigh,
    bool DualHumanReview,
    bool ShowLlmSuggestion,
    bool ExclusionReasonRequired = false)
{
    public const string DefaultPrompt = "screening/v1";

    public static ScreeningPolicy Default { get; } = new(
        [new ReviewerSlot("main", DefaultPrompt, null, 0.0, 1, null)], 0.2, 0.8, true, true);
}
