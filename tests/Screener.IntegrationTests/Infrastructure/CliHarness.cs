using System.Diagnostics;
using Screener.Cli;

namespace Screener.IntegrationTests.Infrastructure;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Fails unless `screener` exited with <paramref name="expected"/>, quoting what it printed so the failure explains itself.</summary>
    public CliResult AssertExit(int expected)
    {
        Assert.True(ExitCode == expected, $"screener exited with {ExitCode}, expected {expected}\n--- stderr:\n{Error}\n--- stdout:\n{Out}");
        return this;
    }
}

/// <summary>Runs `screener` against a test database, with its own output and settings: in-process, or as a real process to kill.</summary>
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

    /// <summary>`screener ARGS` as a process of its own (the build beside the tests), settings passed as SCREENER__ variables.</summary>
    public static Process StartProcess(string connectionString, IDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "screener.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["SCREENER__ConnectionStrings__Screener"] = connectionString;
        foreach (var (key, value) in settings) start.Environment["SCREENER__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return Process.Start(start)!;
    }
}
