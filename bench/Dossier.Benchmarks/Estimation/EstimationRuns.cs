using System.Diagnostics;
using System.Globalization;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;
using Dossier.Estimation.LogLinear;

namespace Dossier.Benchmarks.Estimation;

/// <summary>
/// End-to-end estimation figures for docs/BENCHMARKS.md: sampler speed, model-search time, and the coverage
/// study (LCMCR intervals over replicate SYNTHETIC populations of known size).
/// </summary>
public static class EstimationRuns
{
    /// <summary>`e2e estimation-speed [iterations]`: one chain of the latent-class sampler on the 4-list synthetic set, and the model searches.</summary>
    public static int Speed(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 110_000;
        var histories = SyntheticHistories.FourListBenchmark();
        Console.WriteLine($"synthetic 4-list set: n = {histories.Observed} observed of N = 7000");
        foreach (var k in new[] { 10, 5 })
        {
            var options = new LatentClassOptions { MaxClasses = k, Burnin = 0, Samples = iterations / 10, Thinning = 10, Chains = 1, Seed = 7 };
            LatentClassModel.Run(histories, options with { Samples = 100 }); // warm-up (JIT)
            var best = double.MaxValue;
            for (var rep = 0; rep < 3; rep++)
            {
                var sw = Stopwatch.StartNew();
                LatentClassModel.Run(histories, options);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"latent-class sampler K*={k}: {iterations:N0} iterations in {best:F3} s = {iterations / best:N0} iterations/s (best of 3, one chain)");
        }

        foreach (var (name, h, order) in new[] { ("synthetic 4 lists, up to 3-way", histories, 3), ("synthetic 4 lists, 2-way", histories, 2) })
        {
            ModelSearch.Run(h, order);
            var sw = Stopwatch.StartNew();
            var ranked = ModelSearch.Run(h, order);
            Console.WriteLine($"model search {name}: {ranked.Count} models in {sw.Elapsed.TotalMilliseconds:F0} ms");
        }

        var five = SyntheticHistories.Generate(7000, [0.6, 0.4], [[0.35, 0.30, 0.25, 0.30, 0.2], [0.10, 0.15, 0.08, 0.12, 0.1]], 5);
        ModelSearch.Run(five, 2);
        var sw5 = Stopwatch.StartNew();
        var r5 = ModelSearch.Run(five, 2);
        Console.WriteLine($"model search synthetic 5 lists, 2-way: {r5.Count} models in {sw5.Elapsed.TotalMilliseconds:F0} ms");
        return 0;
    }
}
