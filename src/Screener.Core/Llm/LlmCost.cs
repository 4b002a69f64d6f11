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
        // Case-insensitive even when the dictionary was built without a comparer (configuration binding may replace it),
        // and '_' standing for '-' or '.': SCREENER__Llm__Prices__gpt-4o-mini__Input is not a name a shell can export.
        var key = PriceKey(model);
        var reportedKey = reportedModel is null ? null : PriceKey(reportedModel);
        return prices.FirstOrDefault(p => PriceKey(p.Key) == key).Value
            ?? (reportedKey is null ? null : prices.FirstOrDefault(p => PriceKey(p.Key) == reportedKey).Value);
    }

    /// <summary>
    /// The name a price is matched by: lower case, with '-' and '.' written as '_', so that gpt_4o_mini (the form an
    /// environment variable can carry) and gpt-4o-mini name the same model. Two configured names with the same key
    /// are refused at start (<see cref="LlmOptions.Validate"/>).
    /// </summary>
    public static string PriceKey(string model) =>
        model.ToLowerInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>
    /// 0 when the model has no price: an unknown price is not a guess. <paramref name="cachedPromptTokens"/> are the part
    /// of <paramref name="promptTokens"/> the provider served from its prompt cache (OpenAI counts them inside
    /// prompt_tokens), priced at <see cref="ModelPrice.CachedInput"/>. A reply from the Batch API (<paramref name="batch"/>)
    /// is priced at the model's batch rates.
    /// </summary>
    public static decimal Compute(ModelPrice? price, long promptTokens, long completionTokens, long cachedPromptTokens = 0, bool batch = false)
    {
        if (price is null) return 0m;
        var cached = Math.Clamp(cachedPromptTokens, 0, promptTokens);
        return batch
            ? ((promptTokens - cached) * price.BatchInputRate + cached * price.BatchCachedInputRate + completionTokens * price.BatchOutputRate) / TokensPerPriceUnit
            : ((promptTokens - cached) * price.Input + cached * price.CachedInputRate + completionTokens * price.Output) / TokensPerPriceUnit;
    }
}

/// <summary>
/// A model's prices per million tokens (Llm:Prices:NAME:Input, :Output, :CachedInput). One type for every rate a
/// provider charges, so that a new route (a batch rate) is one more property here, read by <see cref="LlmCost"/>.
/// </summary>
public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }

    /// <summary>Input tokens served from the provider's prompt cache (OpenAI: half the input price or less); unset means the input price.</summary>
    public decimal? CachedInput { get; set; }

    public decimal CachedInputRate => CachedInput ?? Input;

    /// <summary>Input through the Batch API (Llm:Prices:NAME:BatchInput); unset means half the input price, as OpenAI and Azure OpenAI charge.</summary>
    public decimal? BatchInput { get; set; }

    /// <summary>Output through the Batch API; unset means half the output price.</summary>
    public decimal? BatchOutput { get; set; }

    /// <summary>Cached input through the Batch API; unset means half the cached input price.</summary>
    public decimal? BatchCachedInput { get; set; }

    public decimal BatchInputRate => BatchInput ?? Input * BatchShare;
    public decimal BatchOutputRate => BatchOutput ?? Output * BatchShare;
    public decimal BatchCachedInputRate => BatchCachedInput ?? CachedInputRate * BatchShare;

    // OpenAI and Azure OpenAI list Batch API prices at 50% of the online ones.
    private const decimal BatchShare = 0.5m;
}
