namespace Screener.Core;

/// <summary>The thing asked for does not exist, or the caller may not know it exists (web hosts answer 404).</summary>
public sealed class NotFoundException(string message) : ScreenerException(message);

/// <summary>The request clashes with the current state, e.g. a conflict that is already adjudicated (web hosts answer 409).</summary>
public sealed class ConflictException(string message) : ScreenerException(message);

/// <summary>The caller may not do this in this review (web hosts answer 403).</summary>
public sealed class ForbiddenException(string message) : ScreenerException(message);

/// <summary>One input field is invalid; Field names it as the request spells it (web hosts answer 400 with field errors).</summary>
public sealed class InvalidInputException(string field, string message) : ScreenerException($"{field}: {message}")
{
    public string Field { get; } = field;
    public string Problem { get; } = message;
}
