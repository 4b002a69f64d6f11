namespace Screener.Core.Llm;

/// <summary>Cost of a call from the configured price table (per million tokens); an unpriced model costs 0.</summary>
public static class LlmCost
{
    public static decimal Of(LlmOptions options, string model, int promptTokens, int completionTokens) =>
        options.Prices.TryGetValue(model, out var price)
            ? (promptTokens * price.Input + completionTokens * price.Output) / 1_000_000m
            : 0m;
}
