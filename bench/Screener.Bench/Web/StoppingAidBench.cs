using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Bench.Screening;

namespace Screener.Bench.Web;

/// <summary>
/// `stopping-aid [--records N] [--decisions D] [--rounds R]`: how long a reviewer waits for the review's overview page
/// (progress, stopping aid with its recall test, agreement, next record) and for GET /api/reviews/{id}/stopping-aid on
/// a large review. N real eval-data records (default 5,000) are imported, one reviewer decides D of them (default
/// 1,000; one in ten an include) through the API, and then, R times (default 3), decides 5% more, which makes the
/// queue's ranking due, and loads the page twice: the first load recomputes the ranking with the stopping aid's
/// calibration (six model fits over every record), the second takes it from the cache. A warm-up on 20 decisions
/// runs first, unmeasured, so the figures are a warm server's. Prints the latencies.
/// </summary>
internal static class StoppingAidBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = ScreenBenchSetup.Arg(args, "--records", 5_000);
        var decisions = ScreenBenchSetup.Arg(args, "--decisions", 1_000);
        var rounds = ScreenBenchSetup.Arg(args, "--rounds", 3);
        if (decisions * Math.Pow(1.06, rounds) + rounds > records) throw new ArgumentException("--records must exceed --decisions plus 5% more per round");
        Console.WriteLine($"stopping-aid: {records:N0} records, {decisions:N0} decided, then {rounds} rounds of 5% more; {ScreenBenchSetup.Machine()}");
        await using var setup = await ScreenBenchSetup.CreateAsync("screener_bench_aid", records, ScreenBench.ImportBenchOption(args));
        var (reviewId, _) = await setup.AddReviewAsync("bench");
        var key = (await ApiLoadBench.SeedReviewersAsync(setup, 1))[0];
        List<long> ids;
        await using (var db = setup.Open())
            ids = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();

        var web = await ApiLoadBench.StartWebHostAsync(setup.ConnectionString);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(web.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            var overview = new Uri($"/reviews/{reviewId}", UriKind.Relative);
            var aid = new Uri($"/api/reviews/{reviewId}/stopping-aid", UriKind.Relative);
            var next = 0;
            async Task DecideAsync(int count)
            {
                for (var end = next + count; next < end; next++)
                {
                    var id = ids[next];
                    object body = next % 10 == 0 ? new { decision = "include" } : new { decision = "exclude", exclusionReason = "not human data" };
                    (await http.PutAsJsonAsync(new Uri($"/api/reviews/{reviewId}/records/{id}/decision", UriKind.Relative), body)).EnsureSuccessStatusCode();
                }
            }
            async Task<double> TimeAsync(Uri uri)
            {
                var watch = Stopwatch.StartNew();
                (await http.GetAsync(uri)).EnsureSuccessStatusCode();
                return watch.Elapsed.TotalMilliseconds;
            }

            // Warm-up (not measured): every code path once, with a ranking small enough to be quick.
            await DecideAsync(20);
            await TimeAsync(overview);
            await TimeAsync(aid);
            var watch = Stopwatch.StartNew();
            await DecideAsync(decisions - 20);
            Print($"  {decisions:N0} decisions through the API in {watch.Elapsed.TotalSeconds:F1} s");

            var due = new List<double>();
            var cached = new List<double>();
            var cachedApi = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                await DecideAsync(next / 20 + 1);
                due.Add(await TimeAsync(overview));
                cached.Add(await TimeAsync(overview));
                cachedApi.Add(await TimeAsync(aid));
            }
            var body = await (await http.GetAsync(aid)).Content.ReadAsStringAsync();
            Print($"  overview page, ranking due (recomputed with the stopping aid): {Describe(due)}");
            Print($"  overview page, ranking cached: {Describe(cached)}");
            Print($"  GET stopping-aid, ranking cached: {Describe(cachedApi)}");
            Console.WriteLine($"  last stopping aid: {body}");
            Print($"  {ScreenBenchSetup.Machine()}");
            return 0;
        }
        finally
        {
            await web.StopAsync();
            await web.DisposeAsync();
        }
    }

    private static string Describe(List<double> ms) =>
        FormattableString.Invariant($"median {ms.Order().ElementAt(ms.Count / 2):F0} ms [{ms.Min():F0}-{ms.Max():F0}] over {ms.Count}");

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}
