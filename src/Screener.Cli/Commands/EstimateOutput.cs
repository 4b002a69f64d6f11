using System.Globalization;
using Screener.Core.Jobs;

namespace Screener.Cli.Commands;

/// <summary>`screen --estimate` and `extract --estimate` print the same figures.</summary>
internal static class EstimateOutput
{
    public static void Write(TextWriter o, RunEstimate e)
    {
        var cost = e.Cost is { } c ? string.Create(CultureInfo.InvariantCulture, $"${c:F4}")
            : $"unknown (no Llm:Prices entry for {string.Join(", ", e.UnpricedModels)})";
        var time = e.Minutes is { } m ? string.Create(CultureInfo.InvariantCulture, $"about {m:F1} min ({e.TimeFrom})") : e.TimeFrom;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"estimate for {e.Stage.ToLowerInvariant()} of review '{e.ReviewName}' (no LLM call made): {e.Records} record(s), {e.Calls} call(s), tokens {e.PromptTokens} in / {e.OutputTokens} out, cost {cost}, time {time}"));
        foreach (var g in e.Groups)
        {
            var groupCost = g.Cost is { } gc ? string.Create(CultureInfo.InvariantCulture, $"${gc:F4}") : "no price";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {g.Name} ({g.Model}, {g.Prompt}): {g.Calls} call(s) on {g.Records} record(s); prompt tokens {g.PromptTokens} ({g.PromptTokensCounted}); output {g.OutputTokensPerCall} a call ({g.OutputTokensFrom}); {groupCost}"));
        }
        o.WriteLine("  input priced at the full rate (a prompt-cache discount is not assumed); retries and repair calls not included");
    }
}
