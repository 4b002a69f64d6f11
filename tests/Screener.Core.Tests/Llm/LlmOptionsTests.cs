using System.Net;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class LlmOptionsTests
{
    private static LlmOptions Valid(LlmProvider provider) => new()
    {
        Provider = provider,
        Endpoint = "http://127.0.0.1:8000/v1",
        Model = "m",
        ApiKey = provider == LlmProvider.OpenAI ? "sk-x" : "",
    };

    [Fact]
    public void No_provider_is_valid_and_means_no_llm() => new LlmOptions().Validate();

    [Theory]
    [InlineData(LlmProvider.OpenAI)]
    [InlineData(LlmProvider.Azure)]
    [InlineData(LlmProvider.Local)]
    public void A_complete_configuration_is_accepted(LlmProvider provider) => Valid(provider).Validate();

    [Fact]
    public void OpenAI_may_leave_the_endpoint_to_the_public_api()
    {
        var options = Valid(LlmProvider.OpenAI);
        options.Endpoint = "";
        options.Validate();
        Assert.Equal("https://api.openai.com/v1", LlmClientFactory.EndpointFor(options).ToString());
    }

    [Theory]
    [InlineData(LlmProvider.Local, "", "m", "Endpoint is required for provider Local")]
    [InlineData(LlmProvider.Azure, "https://x.openai.azure.com", "", "Model (the Azure deployment name) is required")]
    [InlineData(LlmProvider.Local, "ftp://host", "m", "is not an absolute http(s) URL")]
    public void Missing_or_bad_settings_are_named(LlmProvider provider, string endpoint, string model, string expected)
    {
        var options = new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model };

        var error = Assert.Throws<ScreenerException>(options.Validate);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void OpenAI_without_a_key_says_which_variable_to_set()
    {
        var options = Valid(LlmProvider.OpenAI);
        options.ApiKey = "";

        Assert.Contains("SCREENER__Llm__ApiKey", Assert.Throws<ScreenerException>(options.Validate).Message);
    }

    [Fact]
    public void Out_of_range_numbers_are_refused_by_name()
    {
        var options = Valid(LlmProvider.Local);
        options.MaxConcurrency = 0;

        Assert.Contains("MaxConcurrency", Assert.Throws<ScreenerException>(options.Validate).Message);
    }

    [Theory]
    [InlineData("2024-10-21")]
    [InlineData("2025-01-01-preview")]
    [InlineData("2025-04-01-Preview")]
    public void Azure_api_versions_map_to_the_versions_the_sdk_can_send(string apiVersion)
    {
        var options = Valid(LlmProvider.Azure);
        options.ApiVersion = apiVersion;

        options.Validate();
        Assert.Equal(apiVersion.ToLowerInvariant(), LlmClientFactory.KnownAzureApiVersions()
            .Single(v => LlmClientFactory.AzureServiceVersion(v) == LlmClientFactory.AzureServiceVersion(apiVersion)));
    }

    [Fact]
    public void A_named_provider_is_validated_as_its_own_section_and_its_prices_join_the_table()
    {
        var options = Valid(LlmProvider.Local);
        options.Providers["cloud"] = new LlmOptions { Provider = LlmProvider.OpenAI, Model = "gpt-4o-mini" };

        var error = Assert.Throws<ScreenerException>(options.Validate).Message;

        Assert.Contains("section Llm:Providers:cloud", error);
        Assert.Contains("SCREENER__Llm__Providers__cloud__ApiKey", error);
        options.Providers["cloud"].ApiKey = "sk-x";
        options.Providers["cloud"].Prices["gpt-4o-mini"] = new ModelPrice { Input = 0.15m, Output = 0.6m };
        options.Validate();
        Assert.Equal(0.6m, options.Prices["gpt-4o-mini"].Output);
    }

    [Fact]
    public void An_Azure_api_version_the_sdk_does_not_know_is_refused_with_the_known_ones()
    {
        var options = Valid(LlmProvider.Azure);
        options.ApiVersion = "2023-05-15";

        var error = Assert.Throws<ScreenerException>(options.Validate).Message;
        Assert.Contains("ApiVersion '2023-05-15'", error);
        Assert.Contains("2024-10-21", error);
        Assert.Contains("SCREENER__Llm__ApiVersion", error);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    public void Only_transient_statuses_are_retried(HttpStatusCode status, bool retried) =>
        Assert.Equal(retried, LlmResilience.IsTransient(status));

    [Fact]
    public void Llamasharp_needs_a_model_path_and_names_the_model_after_the_file()
    {
        var missing = Assert.Throws<ScreenerException>(() => new LlmOptions { Provider = LlmProvider.LlamaSharp }.Validate());
        Assert.Contains("SCREENER__Llm__ModelPath", missing.Message);

        var options = new LlmOptions { Provider = LlmProvider.LlamaSharp, ModelPath = "/models/qwen-7b.Q4_K_M.gguf" };
        options.Validate();
        Assert.Equal("qwen-7b.Q4_K_M", options.Model);
    }

    [Fact]
    public void Llamasharp_parallel_sequences_out_of_range_is_rejected()
    {
        var options = new LlmOptions { Provider = LlmProvider.LlamaSharp, ModelPath = "m.gguf", ParallelSequences = 0 };

        Assert.Contains("ParallelSequences", Assert.Throws<ScreenerException>(options.Validate).Message);
    }

    [Fact]
    public void Two_price_names_that_name_the_same_model_are_refused_naming_both()
    {
        var options = new LlmOptions();
        options.Prices["gpt-4o-mini"] = new ModelPrice { Input = 1m };
        options.Prices["gpt_4o_mini"] = new ModelPrice { Input = 2m };

        var message = Assert.Throws<ScreenerException>(options.Validate).Message;

        Assert.Contains("'gpt-4o-mini'", message);
        Assert.Contains("'gpt_4o_mini'", message);
    }
}
