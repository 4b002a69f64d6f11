using Screener.Cli;

namespace Screener.IntegrationTests.Infrastructure;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs `screener` in-process against a test database, with its own output and settings.</summary>
public static class CliHarness
{
    public static Task<CliResult> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync(database.ConnectionString, new Dictionary<string, string?>(), args);

    public static Task<CliResult> RunAsync(TestDatabase database, IDictionary<string, string?> settings, params string[] args) =>
        RunAsync(database.ConnectionString, settings, args);

    public static async Task<CliResult> RunAsync(string connectionString, IDictionary<string, string?> settings, params string[] args)
    {
        var overrides = new Dictionary<string, string?>(settings) { ["ConnectionStrings:Screener"] = connectionString };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliRunner.InvokeAsync(args, new CliRunner.Invocation(stdout, stderr, overrides));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
