namespace Screener.IntegrationTests.Infrastructure;

public sealed class CliResultTests
{
    [Fact]
    public void A_wrong_exit_code_fails_with_what_the_cli_printed()
    {
        var result = new CliResult(2, "imported 0 records", "error: records.csv not found: check the path");

        var failure = Assert.ThrowsAny<Exception>(() => result.AssertExit(0));

        Assert.Contains("screener exited with 2, expected 0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("error: records.csv not found: check the path", failure.Message, StringComparison.Ordinal);
        Assert.Contains("imported 0 records", failure.Message, StringComparison.Ordinal);
        Assert.Same(result, result.AssertExit(2)); // the expected code passes and hands the result on
    }
}
