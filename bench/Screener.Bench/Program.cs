using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Screener.Bench -- --list flat` lists the benchmarks;
// figure-printing bench commands are dispatched by name before BenchmarkDotNet sees the arguments.
if (args is ["simulate", ..]) return await SimulationBench.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
