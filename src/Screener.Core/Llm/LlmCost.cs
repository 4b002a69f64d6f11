namespace Screener.Core.Llm;

/// <summary>Cost of a call from the price table (prices per million tokens).</summary>
public static class LlmCost
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>The price of the model, looked up by the configured name, then by the name the server reported.</summary>
    public static ModelPrice? PriceFor(IReadOnlyDictionary<string, ModelPrice> prices, string model, string? reportedModel = null)
    {
        if (prices.TryGetValue(model, out var price)) return price;
        if (reportedModel is not null && prices.TryGetValue(reportedModel, out price)) return price;
        // Case-insensitive even when the dictionary was built without a comparer (configuration binding may replace it).
        return prices.FirstOrDefault(p => string.Equals(p.Key, model, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>0 when the model has no price: an unknown price is not a guess.</summary>
    public static decimal Compute(ModelPrice? price, long promptTokens, long completionTokens) =>
        price is null ? 0m : (promptTokens * price.Input + completionTokens * price.Output) / TokensPerPriceUnit;
}
