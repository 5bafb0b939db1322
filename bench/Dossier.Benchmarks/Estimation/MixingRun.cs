using System.Diagnostics;
using System.Globalization;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;

namespace Dossier.Benchmarks.Estimation;

/// <summary>
/// `e2e estimation-mixing FILE.csv SEEDS [options]`: how well the latent-class sampler mixes on one capture-history
/// file, over many seeds, with the same diagnostics (split R-hat, ESS of N) for every sampler compared:
/// <list type="bullet">
/// <item>Dossier's sampler (<c>--sampler 1</c> the first one, 2 by default) with <c>--burnin B --samples S --thin T
/// --chains C</c> (LCMCR's defaults otherwise); sampler 2 lengthens the run until it converges unless <c>--fixed</c>;</item>
/// <item>draws written by another sampler (<c>--draws DIR</c>): every <c>*.csv</c> there is one run, one column per
/// chain, a header row (e.g. R's <c>write.csv</c> of LCMCR's <c>lcmCR_PostSampl</c> output for several seeds).</item>
/// </list>
/// Prints per-run figures and a summary: R-hat above 1.01 and 1.05, median ESS, effective samples per processor-second.
/// </summary>
public static class MixingRun
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: e2e estimation-mixing FILE.csv FIRST-LAST [--burnin B] [--samples S] [--thin T] [--chains C] [--sampler 1|2] [--fixed] [--draws DIR] [--quiet]");
            return 2;
        }

        var histories = CaptureHistoryCsv.Read(args[0]).Total;
        var range = args[1].Split('-');
        var first = ulong.Parse(range[0], CultureInfo.InvariantCulture);
        var last = range.Length > 1 ? ulong.Parse(range[1], CultureInfo.InvariantCulture) : first;
        var defaults = new LatentClassOptions();
        var options = defaults with
        {
            Burnin = Option(args, "--burnin", defaults.Burnin),
            Samples = Option(args, "--samples", defaults.Samples),
            Thinning = Option(args, "--thin", defaults.Thinning),
            Chains = Option(args, "--chains", defaults.Chains),
        };
        var adaptive = !args.Contains("--fixed");
        options = options with { Sampler = Option(args, "--sampler", LatentClassOptions.CurrentSampler) };
        if (!adaptive)
        {
            options = options with { MaxSweepsPerChain = options.Burnin + ((long)options.Samples * options.Thinning) };
        }

        var quiet = args.Contains("--quiet");
        var drawsDir = Array.IndexOf(args, "--draws") is var d and >= 0 ? args[d + 1] : null;
        Console.WriteLine($"{Path.GetFileName(args[0])}: n = {histories.Observed}; {options.Chains} chains, burn-in {options.Burnin}, {options.Samples} x {options.Thinning}, sampler {options.Sampler}{(adaptive && options.Sampler >= 2 ? $", lengthened up to {options.MaxSweepsPerChain:N0} sweeps per chain" : string.Empty)}; seeds {first}-{last}");

        var rows = new List<(double Rhat, double Ess, double Cpu, double Median, long Sweeps)>();
        var process = Process.GetCurrentProcess();
        for (var seed = first; seed <= last; seed++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var r = LatentClassModel.Run(histories, options with { Seed = seed });
            var wall = sw.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            rows.Add((r.Rhat, r.EffectiveSampleSize, cpu, r.Median, r.Iterations));
            if (!quiet)
            {
                Console.WriteLine($"  dossier seed {seed}: median {r.Median:F0} [{r.Lower:F0}, {r.Upper:F0}] R-hat {r.Rhat:F3} ESS {r.EffectiveSampleSize:F0} sweeps {r.Iterations:N0} wall {wall:F2} s cpu {cpu:F2} s{(r.Warnings.Count > 0 ? " (warned)" : string.Empty)}");
            }
        }

        Summary("dossier", rows);
        if (drawsDir is not null)
        {
            var other = new List<(double, double, double, double, long)>();
            foreach (var file in Directory.GetFiles(drawsDir, "*.csv").Order(StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(file).Skip(1).Where(l => l.Length > 0).ToArray();
                var chains = lines[0].Split(',').Length;
                var draws = Enumerable.Range(0, chains).Select(c => lines.Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToArray()).ToArray();
                var rhat = McmcDiagnostics.SplitRhat(draws);
                var ess = McmcDiagnostics.EffectiveSampleSize(draws);
                var all = draws.SelectMany(x => x).Order().ToArray();
                other.Add((rhat, ess, double.NaN, McmcDiagnostics.Quantile(all, 0.5), 0));
                if (!quiet)
                {
                    Console.WriteLine($"  {Path.GetFileName(file)}: median {McmcDiagnostics.Quantile(all, 0.5):F0} [{McmcDiagnostics.Quantile(all, 0.025):F0}, {McmcDiagnostics.Quantile(all, 0.975):F0}] R-hat {rhat:F3} ESS {ess:F0}");
                }
            }

            Summary(Path.GetFileName(drawsDir.TrimEnd('/')), other);
        }

        return 0;
    }

    private static void Summary(string name, List<(double Rhat, double Ess, double Cpu, double Median, long Sweeps)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var ess = rows.Select(r => r.Ess).Order().ToArray();
        var cpu = rows.Where(r => double.IsFinite(r.Cpu)).Sum(r => r.Cpu);
        var perSecond = cpu > 0 ? $", {rows.Sum(r => r.Ess) / cpu:F0} effective draws per processor-second, mean {rows.Average(r => r.Cpu):F2} s processor and {rows.Average(r => (double)r.Sweeps):N0} sweeps per run" : string.Empty;
        Console.WriteLine($"{name}: {rows.Count} runs; R-hat > 1.01 in {rows.Count(r => r.Rhat > 1.01)}, > 1.05 in {rows.Count(r => r.Rhat > 1.05)}; ESS median {McmcDiagnostics.Quantile(ess, 0.5):F0} (min {ess[0]:F0}, max {ess[^1]:F0}), ESS >= 400 in {rows.Count(r => r.Ess >= 400)}{perSecond}");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
