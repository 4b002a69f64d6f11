namespace Screener.Core.Jobs;

public enum RunStage
{
    /// <summary>Title/abstract screening.</summary>
    Screening,
    Extraction,

    /// <summary>Full-text screening of the records included at title/abstract that have a text.</summary>
    FullTextScreening,
}

public static class RunStages
{
    /// <summary>The run stage whose suggestions belong to a human screening stage.</summary>
    public static RunStage ScreeningOf(Vocabulary.ReviewStage stage) =>
        stage == Vocabulary.ReviewStage.FullText ? RunStage.FullTextScreening : RunStage.Screening;
}

public enum RunStatus
{
    Pending,
    Running,
    Completed,
    CompletedWithFailures,
    Cancelled,
}

/// <summary>One pass of the LLM over a review's records (screening or extraction), under one protocol version and settings.</summary>
public sealed class ScreeningRun
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long ProtocolVersionId { get; set; }
    public RunStage Stage { get; set; }
    public RunStatus Status { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }

    /// <summary>The settings the run was started with (slots, prompt versions, limits), as JSON, for reproduction.</summary>
    public string SettingsJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
