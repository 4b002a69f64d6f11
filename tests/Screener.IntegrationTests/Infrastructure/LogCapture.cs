using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Screener.Core;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>Collects every log line (category, level, formatted message, exception) for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Text => string.Join("\n", _lines);

    /// <summary>The product's services over <paramref name="settings"/>, logging everything down to Trace here.</summary>
    public static ServiceProvider Services(TestDatabase database, IDictionary<string, string?> settings, LogCapture capture)
    {
        var values = new Dictionary<string, string?>(settings) { ["ConnectionStrings:Screener"] = database.ConnectionString };
        var configuration = ScreenerServices.BuildConfiguration(overrides: values);
        return new ServiceCollection().AddScreenerCore(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture))
            .BuildServiceProvider();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
