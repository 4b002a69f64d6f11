using System.Security.Cryptography;
using System.Text;

namespace Screener.Core.Reviews;

/// <summary>
/// Password and API-key hashing. Passwords: PBKDF2-SHA256 with a per-user random salt, stored as
/// "pbkdf2-sha256$iterations$salt$hash" so the work factor can rise without breaking old hashes.
/// API keys are 32 random bytes, so a plain SHA-256 is enough and lets a key be looked up by its hash.
/// </summary>
public static class Credentials
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 600_000;
    public const int MinPasswordLength = 10;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool VerifyPassword(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not [Scheme, var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, out var iterations) || iterations < 1) return false;
        try
        {
            var salt = Convert.FromBase64String(saltText);
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A new API key: "scr_" and 32 random bytes, URL-safe. Shown once; only its hash is kept.</summary>
    public static string NewApiKey() =>
        "scr_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A fresh security stamp (see <see cref="Reviewer.SecurityStamp"/>): 16 random bytes, hex.</summary>
    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string HashApiKey(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static void ValidatePassword(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            throw new InvalidInputException("password", $"must be at least {MinPasswordLength} characters");
    }
}
