using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Screener.Core;
using Screener.IntegrationTests.Infrastructure;
using Screener.Web;

namespace Screener.IntegrationTests;

/// <summary>Every options section is checked when a host starts, not when a verb first happens to read it.</summary>
public sealed class ConfigurationValidationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("Jobs:LeaseSeconds", "1", "LeaseSeconds")]
    [InlineData("Screening:MaxOutputTokens", "5", "MaxOutputTokens")]
    [InlineData("Embeddings:IndexFromVectors", "-3", "IndexFromVectors")]
    [InlineData("Llm:MaxConcurrency", "0", "MaxConcurrency")]
    [InlineData("Llm:Provider", "gpt", "Llm:Provider")]
    public async Task A_setting_out_of_range_stops_any_verb_with_exit_2_naming_it(string key, string value, string named)
    {
        var result = await CliHarness.RunAsync(database, new Dictionary<string, string?> { [key] = value }, "status", "--review", "nothing");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid configuration", result.Error);
        Assert.Contains(named, result.Error);
    }

    [Fact]
    public async Task Two_sections_wrong_at_once_are_both_named()
    {
        var settings = new Dictionary<string, string?> { ["Jobs:LeaseSeconds"] = "1", ["Llm:Provider"] = "local", ["Llm:Model"] = "m" };

        var result = await CliHarness.RunAsync(database, settings, "status", "--review", "nothing");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("LeaseSeconds", result.Error);
        Assert.Contains("Endpoint is required", result.Error);
    }

    [Fact]
    public async Task The_web_host_checks_the_llm_section_when_it_starts()
    {
        await using var app = ScreenerWebHost.Build([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Screener"] = database.ConnectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Llm:Provider"] = "local",
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Llm:Model"] = "m",
            ["Llm:Providers:slow:Provider"] = "local",
            ["Llm:Providers:slow:Model"] = "m",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Llm:Providers:slow", error.Message);
        Assert.Contains("Endpoint is required", error.Message);
    }

    [Fact]
    public async Task Both_hosts_read_the_same_configuration_sources()
    {
        var overrides = new Dictionary<string, string?> { ["ConnectionStrings:Screener"] = database.ConnectionString, ["urls"] = "http://127.0.0.1:0" };
        await using var app = ScreenerWebHost.Build([], overrides);

        var web = ((IConfigurationRoot)app.Configuration).Providers.Select(p => p.ToString()).ToList();
        var cli = ScreenerServices.BuildConfiguration(overrides: overrides).Providers.Select(p => p.ToString()).ToList();

        // The web host adds only the command line (empty here; --urls when Screener.Web is started by itself).
        Assert.Equal(cli, web.Where(p => !p!.StartsWith("CommandLineConfigurationProvider", StringComparison.Ordinal)));
    }
}
