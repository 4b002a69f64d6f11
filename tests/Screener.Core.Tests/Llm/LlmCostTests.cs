using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class LlmCostTests
{
    private static readonly Dictionary<string, ModelPrice> Prices = new()
    {
        ["gpt-4o"] = new ModelPrice { Input = 2.5m, Output = 10m },
    };

    [Fact]
    public void Cost_is_tokens_times_price_per_million()
    {
        var price = LlmCost.PriceFor(Prices, "gpt-4o");

        Assert.Equal(0.0045m, LlmCost.Compute(price, 1000, 200)); // 1000 × 2.5 + 200 × 10 = 4500 per million
        Assert.Equal(12.5m, LlmCost.Compute(price, 1_000_000, 1_000_000));
    }

    [Fact]
    public void Cached_prompt_tokens_are_priced_at_the_cached_rate_and_at_the_input_rate_when_none_is_set()
    {
        var cachedRate = new ModelPrice { Input = 2.5m, Output = 10m, CachedInput = 1.25m };

        // 600 of the 1000 prompt tokens came from the cache: 400 x 2.5 + 600 x 1.25 + 200 x 10 = 3750 per million.
        Assert.Equal(0.00375m, LlmCost.Compute(cachedRate, 1000, 200, cachedPromptTokens: 600));
        Assert.Equal(0.0045m, LlmCost.Compute(LlmCost.PriceFor(Prices, "gpt-4o"), 1000, 200, cachedPromptTokens: 600));
    }

    [Fact]
    public void Lookup_falls_back_to_the_reported_model_and_ignores_case()
    {
        Assert.NotNull(LlmCost.PriceFor(Prices, "my-azure-deployment", reportedModel: "gpt-4o"));
        Assert.NotNull(LlmCost.PriceFor(Prices, "GPT-4o"));
    }

    [Fact]
    public void A_price_set_in_the_shell_form_with_underscores_prices_a_name_with_hyphens_and_dots()
    {
        var prices = new Dictionary<string, ModelPrice>
        {
            ["gpt_4o_mini"] = new ModelPrice { Input = 0.15m, Output = 0.6m },
            ["llama3_1_8b"] = new ModelPrice { Input = 1m, Output = 1m },
        };

        Assert.Equal(0.15m, LlmCost.PriceFor(prices, "gpt-4o-mini")?.Input);
        Assert.Equal(0.15m, LlmCost.PriceFor(prices, "my-deployment", reportedModel: "GPT-4o-mini")?.Input);
        Assert.Equal(1m, LlmCost.PriceFor(prices, "llama3.1-8b")?.Input);
        Assert.Null(LlmCost.PriceFor(prices, "gpt-4o"));
    }

    [Fact]
    public void An_unpriced_model_costs_zero_rather_than_a_guess() =>
        Assert.Equal(0m, LlmCost.Compute(LlmCost.PriceFor(Prices, "llama3.1:8b"), 5000, 5000));

    [Fact]
    public void Run_totals_add_up_calls_of_every_status_from_many_threads()
    {
        var usage = new LlmRunUsage(Prices);

        Parallel.For(0, 1000, i => usage.Add((LlmCallStatus)(i % 4), 10, 2, 0.001m, 1 + i % 2));

        var t = usage.Totals;
        Assert.Equal(1000, t.Calls);
        Assert.Equal((250, 250, 250, 250), (t.Parsed, t.Repaired, t.Unparseable, t.Failures));
        Assert.Equal((10_000, 2000, 12_000), (t.PromptTokens, t.CompletionTokens, t.TotalTokens));
        Assert.Equal(1m, t.Cost);
        Assert.Equal(1500, t.HttpAttempts);
    }

    [Fact]
    public void A_batch_reply_is_priced_at_half_the_online_rates_unless_the_table_sets_batch_prices()
    {
        var price = new ModelPrice { Input = 2.5m, Output = 10m, CachedInput = 1.25m };
        var listed = new ModelPrice { Input = 2.5m, Output = 10m, BatchInput = 1m, BatchOutput = 4m };

        // 400 x 1.25 + 600 x 0.625 + 200 x 5 = 1875 per million: half of the online 3750.
        Assert.Equal(0.001875m, LlmCost.Compute(price, 1000, 200, cachedPromptTokens: 600, batch: true));
        Assert.Equal(0.0018m, LlmCost.Compute(listed, 1000, 200, batch: true)); // 1000 x 1 + 200 x 4
    }
}
