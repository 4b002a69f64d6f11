using System.CommandLine;
using Screener.Core;
using Screener.Core.Vocabulary;

namespace Screener.Cli.Commands;

/// <summary>`--stage title-abstract|fulltext` (ta and ft too, as `eval` spells them), title/abstract by default.</summary>
internal static class StageOption
{
    public static Option<string> Create() =>
        new("--stage") { Description = "title-abstract (default) or fulltext (records included at title/abstract)", DefaultValueFactory = _ => "title-abstract" };

    public static ReviewStage Parse(string? value) =>
        (value ?? "").Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal) switch
        {
            "" or "ta" or "titleabstract" => ReviewStage.TitleAbstract,
            "ft" or "fulltext" => ReviewStage.FullText,
            _ => throw new ScreenerException($"--stage '{value}' is not known; use title-abstract or fulltext"),
        };

    public static string Name(ReviewStage stage) => stage == ReviewStage.FullText ? "full-text" : "title/abstract";
}
