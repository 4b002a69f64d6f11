using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Ranking;
using Screener.Web;

namespace Screener.IntegrationTests.Web;

/// <summary>The real web host (same pipeline as `screener serve`) on a free loopback port, against a test database.</summary>
public sealed class WebTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebTestApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<WebTestApp> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Screener"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var app = ScreenerWebHost.Build([], values, replaceServices);
        await app.StartAsync();
        return new WebTestApp(app, new Uri(app.Urls.First()));
    }

    /// <summary>Every routed endpoint the host maps (API, UI, health), for tests that must cover them all.</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints =>
        ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();

    /// <summary>
    /// Waits until the host's ranking worker has computed every ranking pages asked for (they answer with the last
    /// one at once and ask for a new one in the background): read, wait here, read again to see the new ranking.
    /// </summary>
    public Task RankingsIdleAsync() => _app.Services.GetRequiredService<QueueRankings>().IdleAsync();

    /// <summary>A client that authenticates with an API key (null: anonymous).</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
