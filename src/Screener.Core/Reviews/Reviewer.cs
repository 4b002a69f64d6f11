namespace Screener.Core.Reviews;

public enum ReviewerRole
{
    Reviewer,
    Adjudicator,
    Admin,
}

/// <summary>A person (or script) who makes human decisions. Credentials are only set for web sign-in.</summary>
public sealed class Reviewer
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public string? DisplayName { get; set; }
    public ReviewerRole Role { get; set; }
    public string? PasswordHash { get; set; }

    /// <summary>SHA-256 of an API key (the key itself is shown once and never stored).</summary>
    public string? ApiKeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Random, replaced on sign-out, password change and disabling. Every session cookie carries the stamp it was
    /// issued under and is refused once it differs, so one change ends every session of the account at once.
    /// </summary>
    public string SecurityStamp { get; set; } = Credentials.NewSecurityStamp();

    /// <summary>When an admin disabled the account: no sign-in, no session, no API key until enabled again.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}

/// <summary>Which reviews a reviewer may see and decide on, and in which role there.</summary>
public sealed class ReviewMembership
{
    public long ReviewId { get; set; }
    public long ReviewerId { get; set; }
    public ReviewerRole Role { get; set; }
}
