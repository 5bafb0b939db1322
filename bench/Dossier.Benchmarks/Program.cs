using BenchmarkDotNet.Running;

// Kernels run under BenchmarkDotNet: `dotnet run -c Release --project bench/Dossier.Benchmarks -- --filter '*'`.
// End-to-end pipelines register themselves in EndToEnd.All and run with `-- e2e NAME`.
if (args.Length > 0 && args[0] == "e2e")
{
    return Dossier.Benchmarks.EndToEnd.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
