using System.Diagnostics;
using System.Globalization;
using Screener.Core.Ranking;

/// <summary>
/// Simulation speed in records labelled per second (ASReview v2 reported about 119/s: 48,375 records in 6 min 46 s).
/// Times feature building plus the whole simulation, per seed, after one untimed warm-up run.
/// Usage: dotnet run -c Release --project bench/Screener.Bench -- simulate [--data FILE] [--records 2000] [--seeds 5]
/// </summary>
internal static class SimulationBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var data = Arg(args, "--data") ?? DefaultData();
        var take = int.Parse(Arg(args, "--records") ?? "2000", CultureInfo.InvariantCulture);
        var seeds = int.Parse(Arg(args, "--seeds") ?? "5", CultureInfo.InvariantCulture);
        var records = LabelledDataset.Read(data, null, null).Records.Take(take).ToArray();
        var labels = records.Select(r => r.Label).ToArray();
        var inputs = records.Select(r => r.Input).ToArray();
        Console.WriteLine($"dataset {data}: first {records.Length} records, {labels.Count(l => l)} includes; {Environment.ProcessorCount} cores");

        foreach (var growth in new[] { 0.05, 0.0 })
        {
            Simulate(inputs, labels, 1000, growth);
            var rates = new List<double>();
            var cpuRates = new List<double>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var run = Simulate(inputs, labels, seed, growth);
                var wall = clock.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                rates.Add(records.Length / wall);
                cpuRates.Add(records.Length / cpuSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  retrain growth {growth}: seed {seed}: {wall:F2} s wall, {cpuSeconds:F2} s CPU, {run.Retrains} retrains, {records.Length / wall:F0} records/s, records to 95% {run.Metrics.RecordsTo95}"));
            }
            var median = Spread.Of(rates);
            var perCpu = Spread.Of(cpuRates);
            // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"retrain growth {growth}: median {median.Median:F0} records labelled/s wall [{median.Min:F0}-{median.Max:F0}] = {median.Median / 119:F1}x ASReview v2's 119/s; " +
                $"{perCpu.Median:F0} records per CPU-second [{perCpu.Min:F0}-{perCpu.Max:F0}]"));
        }
        return Task.FromResult(0);
    }

    private static SimulationRun Simulate(RankingInput[] inputs, bool[] labels, int seed, double growth) =>
        ScreeningSimulation.Run(RankingFeatures.Build(inputs), labels, new SimulationOptions(seed, 1, growth));

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string DefaultData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "eval-data", "screening", "cohen2006_ACEInhibitors", "records.csv"));
        throw new InvalidOperationException("cannot find Screener.sln; pass --data FILE");
    }
}
