using Screener.Core;
using Screener.Core.Persistence;
using Screener.Core.ReviewLifecycle;
using Screener.Core.Reviews;
using Screener.Web.Auth;

namespace Screener.Web.Api;

public sealed record NewReviewerBody(string? UserName, string? DisplayName, string? Role, string? Password);

public sealed record MembershipBody(string? Role);

public sealed record PasswordBody(string? Password);

/// <summary>
/// Account administration for global admins (the CLI's `screener review user|member|apikey` do the same), and
/// membership of one review for that review's own admins.
/// </summary>
public static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(ReviewerAuthentication.AdminPolicy);
        admin.MapPost("/reviewers", async (ScreenerDbContext db, TimeProvider time, NewReviewerBody body, CancellationToken ct) =>
        {
            var result = await AddReviewer.RunAsync(db, time, new AddReviewerRequest(body.UserName ?? "", body.DisplayName,
                Parse.Enum<ReviewerRole>("role", body.Role, ReviewerRole.Reviewer), body.Password), ct);
            return TypedResults.Created($"/api/admin/reviewers/{Uri.EscapeDataString(result.UserName)}", result);
        });
        admin.MapPost("/reviewers/{userName}/apikey", async (ScreenerDbContext db, string userName, CancellationToken ct) =>
            TypedResults.Ok(await IssueApiKey.RunAsync(db, userName, ct)));
        admin.MapPost("/reviewers/{userName}/disable", async (ScreenerDbContext db, TimeProvider time, string userName, CancellationToken ct) =>
            TypedResults.Ok(await AccountControl.SetDisabledAsync(db, time, userName, true, ct)));
        admin.MapPost("/reviewers/{userName}/enable", async (ScreenerDbContext db, TimeProvider time, string userName, CancellationToken ct) =>
            TypedResults.Ok(await AccountControl.SetDisabledAsync(db, time, userName, false, ct)));
        admin.MapPut("/reviewers/{userName}/password", async (ScreenerDbContext db, string userName, PasswordBody body, CancellationToken ct) =>
            TypedResults.Ok(await AccountControl.SetPasswordAsync(db, userName, body.Password, ct)));
        admin.MapPut("/reviews/{reviewName}/members/{userName}", async (ScreenerDbContext db, string reviewName, string userName, MembershipBody body, CancellationToken ct) =>
            TypedResults.Ok(await AddMembership.RunAsync(db, new AddMembershipRequest(reviewName, userName, Parse.Enum<ReviewerRole>("role", body.Role, ReviewerRole.Reviewer)), ct)));
        admin.MapDelete("/reviews/{reviewName}/members/{userName}", async (ScreenerDbContext db, string reviewName, string userName, CancellationToken ct) =>
            TypedResults.Ok(await RemoveMembership.RunAsync(db, reviewName, userName, ct)));
        admin.MapPost("/reviews/{reviewName}/archive", async (ScreenerDbContext db, TimeProvider time, string reviewName, CancellationToken ct) =>
            TypedResults.Ok(await ArchiveReview.RunAsync(db, time, reviewName, true, ct)));
        admin.MapPost("/reviews/{reviewName}/unarchive", async (ScreenerDbContext db, TimeProvider time, string reviewName, CancellationToken ct) =>
            TypedResults.Ok(await ArchiveReview.RunAsync(db, time, reviewName, false, ct)));
        // The API's --yes: the caller repeats the review's name, so a wrong URL or a replayed request cannot delete it.
        admin.MapDelete("/reviews/{reviewName}", async (ScreenerDbContext db, string reviewName, string? confirm, CancellationToken ct) =>
            TypedResults.Ok(await DeleteReview.RunAsync(db, reviewName, _ => confirm == reviewName
                ? true
                : throw new InvalidInputException("confirm", $"deleting review '{reviewName}' cannot be undone: repeat its name as ?confirm={reviewName}"), ct)));

        // A review's admin manages who works on that review (not accounts, not other reviews).
        var members = app.MapGroup("/api/reviews/{reviewId:long}/members").WithTags("Admin").RequireReviewMembership();
        members.MapPut("/{userName}", async (HttpContext http, ScreenerDbContext db, string userName, MembershipBody body, CancellationToken ct) =>
            TypedResults.Ok(await AddMembership.RunAsync(db, new AddMembershipRequest(await ReviewNameAsync(http, db, ct), userName,
                Parse.Enum<ReviewerRole>("role", body.Role, ReviewerRole.Reviewer)), ct)));
        members.MapDelete("/{userName}", async (HttpContext http, ScreenerDbContext db, string userName, CancellationToken ct) =>
            TypedResults.Ok(await RemoveMembership.RunAsync(db, await ReviewNameAsync(http, db, ct), userName, ct)));
    }

    private static async Task<string> ReviewNameAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var actor = http.Actor();
        if (actor.Role != ReviewerRole.Admin) throw new ForbiddenException("only an admin of this review manages its members");
        return await GetReviewName.RunAsync(db, actor, ct);
    }
}
