using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Web.Auth;

namespace Screener.Web.Api;

/// <summary>
/// Maps use-case exceptions to HTTP: invalid input 400 with field errors, forbidden 403, not found 404,
/// conflict 409, other user-fixable problems 400. API callers get problem+json; browsers a short HTML page.
/// </summary>
public sealed class ScreenerExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ScreenerException e) return false;
        var status = e switch
        {
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException => StatusCodes.Status409Conflict,
            ForbiddenException => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        context.Response.StatusCode = status;
        if (!ReviewerAuthentication.IsApi(context.Request))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Ui.Html.ErrorPage(status, e.Message), cancellationToken);
            return true;
        }
        ProblemDetails details = e is InvalidInputException invalid
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Problem] })
            : new ProblemDetails();
        details.Status = status;
        details.Title = ReasonPhrase(status);
        details.Detail = e.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = e });
    }

    private static string ReasonPhrase(int status) => status == 400 ? "One or more validation errors occurred." : ((HttpStatusCode)status).ToString();
}
