using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project bench/Kairos.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Kairos.Benchmarks.WalkForwardBenchmark).Assembly).Run(args);
