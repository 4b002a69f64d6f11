using Screener.Core.Persistence;

namespace Screener.Web;

/// <summary>
/// Liveness (/health: the process answers, touches nothing) and readiness (/health/ready: a database connection can
/// be had from the pool and answers within <see cref="ReadinessTimeout"/>; 503 otherwise, so a load balancer stops
/// sending work while the pool or the server is exhausted).
/// </summary>
public static class Health
{
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().WithName("Health");
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous().WithName("Ready");
    }

    private static async Task<IResult> ReadyAsync(ScreenerDbContext db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            await DatabaseReadiness.PingAsync(db, timeout.Token);
            return Results.Ok(new { status = "ready" });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return Results.Json(new { status = "unavailable", reason = "the database cannot be reached" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
