using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Web.Auth;

namespace Screener.Web.Api;

/// <summary>LLM runs, for admins: cancel a review's unfinished screening runs (the CLI's `screener screen --cancel`).</summary>
public static class RunApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Runs").RequireAuthorization(ReviewerAuthentication.AdminPolicy);
        admin.MapPost("/reviews/{reviewName}/runs/cancel", async (ScreenerDbContext db, TimeProvider time, string reviewName, long? run, CancellationToken ct) =>
            TypedResults.Ok(await CancelRuns.RunAsync(db, new CancelRunsRequest(reviewName, RunStage.Screening, run), time, ct)));
    }
}
