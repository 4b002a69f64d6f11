using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Screener.Bench -- --list flat` lists the benchmarks;
// figure-printing bench commands are dispatched by name before BenchmarkDotNet sees the arguments.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
