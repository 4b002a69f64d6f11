using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests;

/// <summary>Every options section is checked when a host starts, not when a verb first happens to read it.</summary>
public sealed class ConfigurationValidationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("Jobs:LeaseSeconds", "1", "LeaseSeconds")]
    [InlineData("Screening:MaxOutputTokens", "5", "MaxOutputTokens")]
    [InlineData("Embeddings:IndexFromVectors", "-3", "IndexFromVectors")]
    public async Task A_setting_out_of_range_stops_any_verb_with_exit_2_naming_it(string key, string value, string named)
    {
        var result = await CliHarness.RunAsync(database, new Dictionary<string, string?> { [key] = value }, "status", "--review", "nothing");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid configuration", result.Error);
        Assert.Contains(named, result.Error);
    }
}
