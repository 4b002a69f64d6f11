using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Protocol;

namespace Screener.Cli;

/// <summary>
/// What every verb shares: configuration, services, output (text or --json) and the rule that an error
/// ends the program non-zero with a one-line cause on stderr.
/// </summary>
public sealed class CliRunner : IAsyncDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Where output goes and which settings override the configuration; tests set these per call.</summary>
    public sealed record Invocation(TextWriter Out, TextWriter Error, IDictionary<string, string?>? ConfigurationOverrides);

    private static readonly AsyncLocal<Invocation?> CurrentInvocation = new();

    /// <summary>Runs the command tree with its own output writers and settings (used by in-process tests).</summary>
    public static async Task<int> InvokeAsync(string[] args, Invocation invocation)
    {
        CurrentInvocation.Value = invocation;
        var config = new InvocationConfiguration { Output = invocation.Out, Error = invocation.Error };
        return await CliApp.BuildRootCommand().Parse(args).InvokeAsync(config);
    }

    private readonly ServiceProvider _services;

    private CliRunner(ParseResult parseResult, IConfiguration configuration)
    {
        ParseResult = parseResult;
        Configuration = configuration;
        _services = new ServiceCollection().AddScreenerCore(configuration).BuildServiceProvider();
        ScreenerServices.ValidateAtStart(_services);
    }

    public ParseResult ParseResult { get; }
    public TextWriter Out { get; } = CurrentInvocation.Value?.Out ?? Console.Out;
    public TextWriter Error { get; } = CurrentInvocation.Value?.Error ?? Console.Error;
    public IConfiguration Configuration { get; }
    public bool JsonOutput => ParseResult.GetValue(CliApp.Json);

    /// <summary>A person at a terminal can answer a question; in-process test invocations and pipes cannot.</summary>
    public bool CanAsk => CurrentInvocation.Value is null && !Console.IsInputRedirected && !Console.IsOutputRedirected;
    public IServiceProvider Services => _services;
    public TimeProvider Time => _services.GetRequiredService<TimeProvider>();

    public Task<ScreenerDbContext> OpenDbAsync(CancellationToken cancellationToken) =>
        _services.GetRequiredService<IDbContextFactory<ScreenerDbContext>>().CreateDbContextAsync(cancellationToken);

    /// <summary>Writes text for people, or the JSON summary when --json was given.</summary>
    public void Report<T>(T summary, Action<T> writeText)
    {
        if (JsonOutput) Out.WriteLine(JsonSerializer.Serialize(summary, JsonOptions));
        else writeText(summary);
    }

    /// <summary>Runs one verb with the shared error rules: exit 0 on success, 2 for a user-fixable problem, 1 otherwise.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken, Func<CliRunner, CancellationToken, Task<int>> verb)
    {
        var configuration = ScreenerServices.BuildConfiguration(overrides: CurrentInvocation.Value?.ConfigurationOverrides);
        var stderr = CurrentInvocation.Value?.Error ?? Console.Error;
        try
        {
            await using var runner = new CliRunner(parseResult, configuration);
            return await verb(runner, cancellationToken);
        }
        catch (ProtocolValidationException e)
        {
            await stderr.WriteLineAsync($"error: {e.Path}: {e.Errors.Count} problem(s) in the protocol; nothing was written");
            foreach (var error in e.Errors) await stderr.WriteLineAsync($"  {e.Path}:{error}");
            return 2;
        }
        catch (ScreenerException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: work saved so far is kept; run the same command again to resume");
            return 130;
        }
        catch (WorkInterruptedException e)
        {
            var cause = DatabaseErrors.Explain(e.InnerException!, configuration.GetConnectionString(ScreenerDatabase.ConnectionStringName) ?? "")
                ?? e.InnerException!.Message.ReplaceLineEndings(" ");
            await stderr.WriteLineAsync($"error: the run was interrupted: {cause}; work saved so far is kept: run the same command again to continue");
            return 3;
        }
        catch (Exception e) when (DatabaseErrors.Explain(e, configuration.GetConnectionString(ScreenerDatabase.ConnectionStringName) ?? "") is { } explained)
        {
            await stderr.WriteLineAsync($"error: {explained}");
            return 3;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
