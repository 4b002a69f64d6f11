using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;

namespace Screener.IntegrationTests.Web;

public sealed partial class WebAuthorizationTests
{
    [Fact]
    public async Task Only_an_admin_cancels_a_reviews_unfinished_screening_runs_through_the_api()
    {
        using var root = await AdminClientAsync();
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var refused = await carol.PostAsync("/api/admin/reviews/A/runs/cancel", null);
        var cancelled = await root.PostAsync("/api/admin/reviews/A/runs/cancel", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var runs = JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync()).RootElement;
        await using var check = database.CreateDbContext();
        var screeningRuns = await check.Runs.Where(r => r.ReviewId == _seed.ReviewA && r.Stage == RunStage.Screening).ToListAsync();
        Assert.Equal(screeningRuns.Select(r => r.Id).Order(), runs.EnumerateArray().Select(r => r.GetProperty("runId").GetInt64()).Order());
        Assert.NotEmpty(screeningRuns);
        Assert.All(screeningRuns, r => Assert.Equal(RunStatus.Cancelled, r.Status));
    }
}
