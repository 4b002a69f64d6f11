namespace Screener.IntegrationTests.Infrastructure;

/// <summary>Locates the repository. Tests read nothing outside it (the real-data checks are eval/scripts/).</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Examples => Path.Combine(RepoRoot, "examples");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Screener.sln above " + AppContext.BaseDirectory);
    }
}
