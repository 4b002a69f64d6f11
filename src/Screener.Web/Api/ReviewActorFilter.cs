using System.Globalization;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Auth;

namespace Screener.Web.Api;

/// <summary>
/// Runs before every endpoint under /…/reviews/{reviewId}: resolves the caller's role in that review or answers 404,
/// so membership is enforced server-side in one place rather than remembered per endpoint.
/// </summary>
public static class ReviewActorFilter
{
    private const string ItemKey = "screener.actor";

    public static TBuilder RequireReviewMembership<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var reviewId = long.Parse(Convert.ToString(http.Request.RouteValues["reviewId"], CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
            var db = http.RequestServices.GetRequiredService<ScreenerDbContext>();
            http.Items[ItemKey] = await ReviewAccess.RequireAsync(db, http.User.ReviewerId(), reviewId, http.RequestAborted);
            return await next(context);
        });

    public static ReviewActor Actor(this HttpContext context) =>
        context.Items[ItemKey] as ReviewActor ?? throw new InvalidOperationException("endpoint is not under RequireReviewMembership");
}
