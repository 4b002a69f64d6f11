using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Tests.Reviews;

public sealed class UserNamesTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("  jose.m@uni ", "jose.m@uni")]
    [InlineData("Jos\u0065\u0301", "Jos\u00E9")]
    [InlineData("\u674E\u96F7", "\u674E\u96F7")]
    public void Letters_of_any_script_are_kept_in_normal_form_c(string typed, string stored) =>
        Assert.Equal(stored, UserNames.Normalize(typed));

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("a\u0007")]
    [InlineData("a\u202Eb")]
    [InlineData("a\u200Bb")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("\uD800x")]
    public void Control_format_space_path_characters_and_broken_text_are_refused(string name)
    {
        var e = Assert.Throws<InvalidInputException>(() => UserNames.Normalize(name));
        Assert.Equal("userName", e.Field);
        Assert.Null(UserNames.TryNormalize(name));
    }

    [Fact]
    public void A_name_over_100_characters_is_refused() =>
        Assert.Null(UserNames.TryNormalize(new string('a', UserNames.MaxLength + 1)));
}

public sealed class ConnectionPoolBoundTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_bound() =>
        Assert.Equal(ScreenerDatabase.DefaultMaxPoolSize,
            new Npgsql.NpgsqlConnectionStringBuilder(ScreenerDatabase.WithBoundedPool("Host=127.0.0.1;Database=x;Username=u")).MaxPoolSize);

    [Theory]
    [InlineData("Host=127.0.0.1;Maximum Pool Size=7")]
    [InlineData("Host=127.0.0.1;maxpoolsize=7")]
    public void An_explicit_pool_size_is_kept(string connectionString) =>
        Assert.Equal(7, new Npgsql.NpgsqlConnectionStringBuilder(ScreenerDatabase.WithBoundedPool(connectionString)).MaxPoolSize);
}
