namespace Screener.IntegrationTests.Infrastructure;

/// <summary>Locates the repository and the shared evaluation data beside it.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Examples => Path.Combine(RepoRoot, "examples");

    /// <summary>../shared/eval-data beside the checkout (CI puts shared/ there).</summary>
    public static string EvalData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "eval-data"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Screener.sln above " + AppContext.BaseDirectory);
    }
}
