using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Npgsql;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Setup;

/// <summary>
/// `scripts/setup.sh` gives each installation its own database password (issue 17 item 10): generated, kept in a
/// password file only its owner can read, kept on a re-run, and replacing the former fixed password "screener".
/// Runs the real script against a scratch role and database on the local server (`--no-build`: the CLI is built).
/// </summary>
[SupportedOSPlatform("linux")] // setup.sh is for Debian; the password file's mode is a Unix one
public sealed partial class SetupScriptTests : IDisposable
{
    private readonly string _role = $"screener_setup_{Guid.NewGuid():N}"[..28];
    private readonly string _passFile = Path.Combine(Path.GetTempPath(), $"setup-test-{Guid.NewGuid():N}.pgpass");

    [Fact]
    public async Task Setup_generates_a_private_random_password_keeps_it_on_a_rerun_and_replaces_the_old_fixed_one()
    {
        await RunSetupAsync();

        var password = PasswordInFile();
        Assert.Matches("^[A-Za-z0-9]{32}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_passFile));
        Assert.Equal(1, await SelectOneAsync(password));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => SelectOneAsync("screener"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);

        await RunSetupAsync();
        Assert.Equal(password, PasswordInFile());

        // An installation made before: the fixed password in the file and on the role.
        await File.WriteAllTextAsync(_passFile, $"127.0.0.1:5432:*:{_role}:screener\n");
        await RunSetupAsync();
        var replaced = PasswordInFile();
        Assert.NotEqual("screener", replaced);
        Assert.Matches("^[A-Za-z0-9]{32}$", replaced);
        Assert.Equal(1, await SelectOneAsync(replaced));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => SelectOneAsync("screener"))).SqlState);
    }

    private string PasswordInFile()
    {
        var lines = File.ReadAllLines(_passFile).Where(l => l.StartsWith($"127.0.0.1:5432:*:{_role}:", StringComparison.Ordinal)).ToList();
        return Assert.Single(lines).Split(':', 5)[4];
    }

    private async Task<int> SelectOneAsync(string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = 5432, Database = _role, Username = _role, Password = password, Pooling = false, SslMode = SslMode.Disable,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task RunSetupAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Paths.RepoRoot, "scripts", "setup.sh"), "--no-build"])
        {
            WorkingDirectory = Paths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SCREENER_DB_USER"] = _role;
        start.Environment["SCREENER_DB_NAME"] = _role;
        start.Environment["PGPASSFILE"] = _passFile;
        start.Environment.Remove("SCREENER_DB_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"setup.sh exited {process.ExitCode}\n{await output}\n{await error}");
        Assert.DoesNotContain(PasswordLike().Matches(await output + await error).Select(m => m.Value), File.ReadAllText(_passFile).Contains);
    }

    // The script must not print the password it generates.
    [GeneratedRegex("[A-Za-z0-9]{32}")]
    private static partial Regex PasswordLike();

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        // Two commands: DROP DATABASE cannot run inside the one transaction a multi-statement -c would make.
        var psql = $"psql -q -c 'DROP DATABASE IF EXISTS {_role} WITH (FORCE)' -c 'DROP ROLE IF EXISTS {_role}'";
        using var cleanup = AsPostgres.Start(psql);
        cleanup.WaitForExit();
        File.Delete(_passFile);
    }
}
