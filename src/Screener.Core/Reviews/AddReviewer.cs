using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record AddReviewerRequest(string UserName, string? DisplayName, ReviewerRole Role, string? Password);

public sealed record AddReviewerResult(long ReviewerId, string UserName, ReviewerRole Role, bool HasPassword);

/// <summary>Creates an account. A password is needed only for web sign-in; scripts use an API key instead.</summary>
public static class AddReviewer
{
    public static async Task<AddReviewerResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, AddReviewerRequest request, CancellationToken cancellationToken)
    {
        var name = UserNames.Normalize(request.UserName);
        if (request.Password is not null) Credentials.ValidatePassword(request.Password);
        if (await db.Reviewers.AnyAsync(r => r.UserName == name, cancellationToken))
            throw new ConflictException($"a reviewer named '{name}' already exists");

        var reviewer = new Reviewer
        {
            UserName = name,
            DisplayName = request.DisplayName?.Trim(),
            Role = request.Role,
            PasswordHash = request.Password is null ? null : Credentials.HashPassword(request.Password),
            CreatedAt = time.GetUtcNow(),
        };
        db.Reviewers.Add(reviewer);
        await db.SaveChangesAsync(cancellationToken);
        return new AddReviewerResult(reviewer.Id, reviewer.UserName, reviewer.Role, reviewer.PasswordHash is not null);
    }
}
