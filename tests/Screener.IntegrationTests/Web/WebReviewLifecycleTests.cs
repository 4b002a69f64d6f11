using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Screener.IntegrationTests.Web;

public sealed partial class WebAuthorizationTests
{
    [Fact]
    public async Task An_admin_archives_a_review_through_the_api_and_its_decisions_are_refused_with_409()
    {
        using var root = await AdminClientAsync();
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var refused = await alice.PostAsync("/api/admin/reviews/A/archive", null);
        var archived = await root.PostAsync("/api/admin/reviews/A/archive", null);
        var decide = await alice.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}/decision", new { decision = "include" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, decide.StatusCode);
        Assert.Contains("archived", await decide.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsync("/api/admin/reviews/A/unarchive", null)).StatusCode);
        var again = await alice.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}/decision", new { decision = "include" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_review_through_the_api_needs_its_name_repeated()
    {
        using var root = await AdminClientAsync();

        var unconfirmed = await root.DeleteAsync("/api/admin/reviews/B");
        var confirmed = await root.DeleteAsync("/api/admin/reviews/B?confirm=B");

        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await using var check = database.CreateDbContext();
        Assert.False(await check.Reviews.AnyAsync(r => r.Id == _seed.ReviewB));
        Assert.True(await check.Reviews.AnyAsync(r => r.Id == _seed.ReviewA));
    }
}
