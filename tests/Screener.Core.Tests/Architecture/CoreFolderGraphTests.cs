using Screener.Core.Persistence;

namespace Screener.Core.Tests.Architecture;

public sealed class CoreFolderGraphTests
{
    private static readonly string CoreAssembly = typeof(ScreenerDbContext).Assembly.Location;

    /// <summary>
    /// The one DbContext (Persistence) maps every folder's entities, so it names them all; features use it, and its edges
    /// out are the EF model, not a feature's use of another. Types in the root namespace (ScreenerServices, the
    /// composition root; ScreenerException) are no folder: FolderDependencies leaves them out.
    /// </summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FeatureEdges(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) =>
        edges.Where(e => e.Key != "Persistence").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    [Fact]
    public void Core_feature_folders_use_each_other_without_a_cycle()
    {
        var edges = FeatureEdges(FolderDependencies.Read(CoreAssembly));

        var cycles = FolderCycles.Find(edges);

        Assert.True(cycles.Count == 0, "Core folders form a cycle; move the shared word to the folder both can use:\n" +
            string.Join("\n\n", cycles.Select(c => $"[{string.Join(", ", c)}]\n  " + string.Join("\n  ", FolderCycles.Describe(c, edges)))));
    }

    [Fact]
    public void The_reader_sees_a_use_made_only_inside_an_async_method_body()
    {
        // ScreeningFigures names Record only in the query inside LoadAsync (an async state machine, an expression tree).
        var uses = FolderDependencies.Uses(CoreAssembly);

        Assert.Contains(uses, u => u.FromType.StartsWith("Screener.Core.Decisions.ScreeningFigures+<", StringComparison.Ordinal)
            && u.ToType == "Screener.Core.Records.Record");
    }

    [Fact]
    public void A_two_folder_loop_is_reported_with_the_uses_that_make_it()
    {
        var edges = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["A"] = new Dictionary<string, string> { ["B"] = "A.X uses B.Y" },
            ["B"] = new Dictionary<string, string> { ["A"] = "B.Y uses A.Z", ["C"] = "B.Y uses C.W" },
            ["C"] = new Dictionary<string, string>(),
        };

        var cycle = Assert.Single(FolderCycles.Find(edges));

        Assert.Equal(["A", "B"], cycle);
        Assert.Equal(["A -> B (A.X uses B.Y)", "B -> A (B.Y uses A.Z)"], FolderCycles.Describe(cycle, edges));
    }
}
