using Screener.Core.Reviews;

namespace Screener.Core.Tests.Reviews;

public sealed class CredentialsTests
{
    [Fact]
    public void A_password_verifies_against_its_salted_hash_and_nothing_else()
    {
        var hash = Credentials.HashPassword("correct horse battery");

        Assert.StartsWith($"pbkdf2-sha256${Credentials.Iterations}$", hash);
        Assert.True(Credentials.VerifyPassword("correct horse battery", hash));
        Assert.False(Credentials.VerifyPassword("correct horse battery!", hash));
        Assert.False(Credentials.VerifyPassword("correct horse battery", null));
        Assert.False(Credentials.VerifyPassword("correct horse battery", "md5$abc"));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(Credentials.HashPassword("same password"), Credentials.HashPassword("same password"));
    }

    [Fact]
    public void Api_keys_are_random_and_stored_as_sha256_hex()
    {
        var key = Credentials.NewApiKey();

        Assert.StartsWith("scr_", key);
        Assert.NotEqual(key, Credentials.NewApiKey());
        Assert.Equal(64, Credentials.HashApiKey(key).Length);
        Assert.Equal(Credentials.HashApiKey(key), Credentials.HashApiKey(key));
    }
}
