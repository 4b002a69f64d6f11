using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Persistence;
using Screener.Web.Auth;

namespace Screener.Web.Api;

/// <summary>
/// Maps use-case exceptions to HTTP: invalid input 400 with field errors, forbidden 403, not found 404,
/// conflict 409, other user-fixable problems 400, the database down, restarting or asking for a retry 503 with Retry-After. API callers get
/// problem+json; browsers a short HTML page.
/// </summary>
public sealed class ScreenerExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>
    /// What a reviewer reads when the database is down or restarting. Where the database is stays in the server log (the
    /// exception middleware logs the exception), not in a reply to a client.
    /// </summary>
    public const string DatabaseUnavailable = "the database could not complete this request right now (restarting, unreachable or busy), so it " +
        "may not have been saved: retry in a few seconds; sending a decision again is safe, it is stored once";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseErrors.IsUnavailable(exception))
        {
            context.Response.Headers.RetryAfter = "5";
            return await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, DatabaseUnavailable, new ProblemDetails(), exception, cancellationToken);
        }
        if (exception is not ScreenerException e) return false;
        var status = e switch
        {
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException => StatusCodes.Status409Conflict,
            ForbiddenException => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        ProblemDetails details = e is InvalidInputException invalid
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Problem] })
            : new ProblemDetails();
        return await WriteAsync(context, status, e.Message, details, e, cancellationToken);
    }

    private async ValueTask<bool> WriteAsync(HttpContext context, int status, string message, ProblemDetails details, Exception e, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        if (!ReviewerAuthentication.IsApi(context.Request))
        {
            await Ui.Pages.Render<Ui.ErrorPage, Ui.ErrorModel>(new(status, message), status).ExecuteAsync(context);
            return true;
        }
        details.Status = status;
        details.Title = ReasonPhrase(status);
        details.Detail = message;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = e });
    }

    private static string ReasonPhrase(int status) => status == 400 ? "One or more validation errors occurred." : ((HttpStatusCode)status).ToString();
}
