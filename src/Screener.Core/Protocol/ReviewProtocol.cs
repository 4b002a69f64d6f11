namespace Screener.Core.Protocol;

/// <summary>A review's protocol as loaded and validated from its YAML file.</summary>
public sealed record ReviewProtocol(
    string Title,
    string Question,
    Picos Picos,
    IReadOnlyList<Criterion> InclusionCriteria,
    IReadOnlyList<Criterion> ExclusionCriteria,
    IReadOnlyList<string> ExclusionReasons,
    IReadOnlyList<ExtractionField> ExtractionForm,
    ScreeningPolicy Screening,
    string Hash)
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
public sealed record ReviewerSlot(string Name, string Prompt, string? Model, double Temperature, int Repeats, int? Seed);

/// <summary>
/// How LLM votes become routing: the inclusion probability is the share of include votes (unsure counts half);
/// a probability inside [UncertainLow, UncertainHigh], or slots that disagree, go to humans first.
/// </summary>
public sealed record ScreeningPolicy(
    IReadOnlyList<ReviewerSlot> Slots,
    double UncertainLow,
    double UncertainHigh,
    bool DualHumanReview,
    bool ShowLlmSuggestion)
{
    public const string DefaultPrompt = "screening/v1";

    public static ScreeningPolicy Default { get; } = new(
        [new ReviewerSlot("main", DefaultPrompt, null, 0.0, 1, null)], 0.2, 0.8, true, true);
}
