using Screener.Bench;

// `dotnet run -c Release --project bench/Screener.Bench -- NAME [options]`: each bench command prints its figures.
if (args is ["llm-gateway", ..]) return await LlmGatewayBench.RunAsync(args[1..]);
if (args is ["llamasharp", ..]) return await LocalModelBench.RunAsync(args[1..]);
if (args is ["fulltext", ..]) return await Screener.Bench.FullText.FullTextBench.RunAsync(args[1..]);
if (args is ["import", ..]) return await Screener.Bench.Records.ImportBench.RunAsync(args[1..]);
if (args is ["dedup-planted", ..]) return await Screener.Bench.Records.PlantedDuplicatesBench.RunAsync(args[1..]);
if (args is ["grounding-substrings", ..]) return await Screener.Bench.Screening.GroundingSubstringsBench.RunAsync(args[1..]);
if (args is ["dedup-crosscopy", ..]) return await Screener.Bench.Records.CrossCopyBench.RunAsync(args[1..]);
if (args is ["simulate", ..]) return await SimulationBench.RunAsync(args[1..]);
if (args is ["screen", ..]) return await Screener.Bench.Screening.ScreenBench.RunAsync(args[1..]);
if (args is ["screen-workers", ..]) return await Screener.Bench.Screening.ScreenWorkersBench.RunAsync(args[1..]);
if (args is ["api-load", ..]) return await Screener.Bench.Web.ApiLoadBench.RunAsync(args[1..]);
if (args is ["ranking", ..]) return await Screener.Bench.Ranking.RankingBench.RunAsync(args[1..]);
if (args is ["stopping-aid", ..]) return await Screener.Bench.Web.StoppingAidBench.RunAsync(args[1..]);
Console.Error.WriteLine("usage: bench llm-gateway|import|dedup-crosscopy|simulate|screen|screen-workers|api-load|stopping-aid|ranking [options]");
return 2;
