using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Auth;

namespace Screener.Web.Api;

public sealed record NewReviewerBody(string? UserName, string? DisplayName, string? Role, string? Password);

public sealed record MembershipBody(string? Role);

/// <summary>Account administration for global admins (the CLI's `screener review user|member|apikey` do the same).</summary>
public static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(ReviewerAuthentication.AdminPolicy);
        admin.MapPost("/reviewers", async (ScreenerDbContext db, TimeProvider time, NewReviewerBody body, CancellationToken ct) =>
        {
            var result = await AddReviewer.RunAsync(db, time, new AddReviewerRequest(body.UserName ?? "", body.DisplayName,
                Parse.Enum<ReviewerRole>("role", body.Role, ReviewerRole.Reviewer), body.Password), ct);
            return Results.Created($"/api/admin/reviewers/{result.UserName}", result);
        });
        admin.MapPost("/reviewers/{userName}/apikey", (ScreenerDbContext db, string userName, CancellationToken ct) =>
            IssueApiKey.RunAsync(db, userName, ct));
        admin.MapPut("/reviews/{reviewName}/members/{userName}", (ScreenerDbContext db, string reviewName, string userName, MembershipBody body, CancellationToken ct) =>
            AddMembership.RunAsync(db, new AddMembershipRequest(reviewName, userName, Parse.Enum<ReviewerRole>("role", body.Role, ReviewerRole.Reviewer)), ct));
    }
}
