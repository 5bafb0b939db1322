namespace Dossier.Estimation.Bayesian;

/// <summary>Posterior of N from the latent-class model: draws by chain, summaries and diagnostics.</summary>
public sealed record LatentClassResult(
    double Median,
    double Lower,
    double Upper,
    double Mean,
    double StandardDeviation,
    double EffectiveSampleSize,
    double Rhat,
    long Observed,
    LatentClassOptions Options,
    IReadOnlyList<long[]> DrawsByChain,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Every retained draw of N, chains concatenated.</summary>
    public IEnumerable<long> Draws => DrawsByChain.SelectMany(d => d);

    /// <summary>Gibbs sweeps run in all chains (burn-in included).</summary>
    public long Iterations => (long)Options.Chains * (Options.Burnin + ((long)Options.Samples * Options.Thinning));

    /// <summary>Sampler 2: whether R-hat and ESS of N reached their targets within the sweep budget; null for sampler 1.</summary>
    public bool? Converged { get; init; }
}

/// <summary>Runs the latent-class sampler (LCMCR's model) on several chains and summarises the posterior of N.</summary>
public static class LatentClassModel
{
    public static LatentClassResult Run(CaptureHistories histories, LatentClassOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(histories, options, null, cancellationToken);

    /// <summary>The same, reporting each round of sampler 2 as a stage ("2,000 draws per chain") with its share done.</summary>
    public static LatentClassResult Run(CaptureHistories histories, LatentClassOptions? options, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options ??= new LatentClassOptions();
        options.Validate();
        if (options.Sampler >= 2)
        {
            return RunUntilConverged(histories, options, progress, cancellationToken);
        }

        var seeds = ChainSeeds(options.Seed, options.Chains);
        var draws = new long[options.Chains][];
        Parallel.For(0, options.Chains, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            draws[c] = RunChain(histories, options, seeds[c], cancellationToken);
        });
        return Summarise(histories.Observed, options, draws);
    }

    /// <summary>
    /// Sampler 2: burn-in, then the chains run on (never restarted), doubling their draws until split R-hat and ESS
    /// of N meet their targets or the next doubling would pass the sweep budget. Once a run has been lengthened, the
    /// first half of its draws is discarded as further burn-in (BDA3 §11.4), so a chain that started far away does
    /// not weigh on the diagnostics for ever. Every decision is taken from the draws, which the seed fixes, so the
    /// same seed gives the same run length and the same numbers.
    /// </summary>
    private static LatentClassResult RunUntilConverged(CaptureHistories histories, LatentClassOptions options, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        var seeds = ChainSeeds(options.Seed, options.Chains);
        var samplers = new LatentClassSampler[options.Chains];
        var draws = new long[options.Chains][];
        var done = 0;
        var total = options.Samples;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var room = (options.MaxSweepsPerChain - options.Burnin) / options.Thinning;
        while (true)
        {
            // The first chain speaks for all (they run side by side at the same pace), in hundredths of the round.
            var stage = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{total:N0} draws per chain");
            var from = done;
            progress?.Report(new EstimationProgress(stage, 0));
            Parallel.For(0, options.Chains, parallel, c =>
            {
                var speaker = c == 0 ? progress : null;
                if (samplers[c] is null)
                {
                    samplers[c] = new LatentClassSampler(histories, options, seeds[c], InitialAlpha(c, options.Chains));
                    Sweep(samplers[c], options.Burnin, cancellationToken);
                    draws[c] = [];
                }

                var chain = draws[c];
                Array.Resize(ref chain, total);
                var step = Math.Max(1, (total - from) / 100);
                for (var s = from; s < total; s++)
                {
                    Sweep(samplers[c], options.Thinning, cancellationToken);
                    chain[s] = histories.Observed + samplers[c].Unobserved;
                    if (speaker is not null && (s - from) % step == 0)
                    {
                        speaker.Report(new EstimationProgress(stage, (s - from) / (double)(total - from)));
                    }
                }

                draws[c] = chain;
            });
            progress?.Report(new EstimationProgress(stage, 1));
            done = total;
            var kept = Math.Max(options.Samples, total / 2);
            var retained = draws.Select(d => d[(total - kept)..]).ToArray();
            var chains = retained.Select(d => d.Select(x => (double)x).ToArray()).ToArray();
            var met = Met(McmcDiagnostics.SplitRhat(chains), McmcDiagnostics.EffectiveSampleSize(chains), options);
            var next = Math.Min(2L * total, room);
            if (met || next <= total)
            {
                var used = options with { Burnin = options.Burnin + ((total - kept) * options.Thinning), Samples = kept };
                return Summarise(histories.Observed, used, retained) with { Converged = met };
            }

            total = (int)next;
        }
    }

    /// <summary>
    /// Where chain <paramref name="chain"/> of <paramref name="chains"/> starts α: from 0.1 (weights on one or two
    /// classes, near the posteriors seen) to 1 (spread over many), evenly on a log scale. R-hat can only notice a
    /// region of the posterior that some chain starts near, so the chains start apart; starts beyond α = 1 leave a
    /// chain among many near-identical classes for longer than any budget (seen on HIV) and teach nothing.
    /// </summary>
    internal static double InitialAlpha(int chain, int chains) => chains == 1 ? 0.1 : 0.1 * Math.Pow(10, chain / (double)(chains - 1));

    /// <summary>Targets met; a NaN diagnostic (every draw the same) does not hold a run back.</summary>
    private static bool Met(double rhat, double ess, LatentClassOptions options) =>
        !(rhat > options.TargetRhat) && !(ess < options.TargetEffectiveSamples);

    private static void Sweep(LatentClassSampler sampler, int sweeps, CancellationToken cancellationToken)
    {
        for (var i = 0; i < sweeps; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            sampler.Step();
        }
    }

    /// <summary>Independent seeds for each chain derived from one seed, so one number re-runs the whole analysis.</summary>
    internal static ulong[] ChainSeeds(ulong seed, int chains)
    {
        var x = seed;
        var result = new ulong[chains];
        for (var c = 0; c < chains; c++)
        {
            result[c] = RandomSource.SplitMix(ref x);
        }

        return result;
    }

    internal static long[] RunChain(CaptureHistories histories, LatentClassOptions options, ulong seed, CancellationToken cancellationToken)
    {
        var sampler = new LatentClassSampler(histories, options, seed);
        for (var i = 0; i < options.Burnin; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            sampler.Step();
        }

        var result = new long[options.Samples];
        for (var s = 0; s < options.Samples; s++)
        {
            for (var t = 0; t < options.Thinning; t++)
            {
                sampler.Step();
            }

            result[s] = histories.Observed + sampler.Unobserved;
            if ((s & 127) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return result;
    }

    internal static LatentClassResult Summarise(long observed, LatentClassOptions options, long[][] draws)
    {
        var all = draws.SelectMany(d => d).Select(x => (double)x).Order().ToArray();
        var chains = draws.Select(d => d.Select(x => (double)x).ToArray()).ToArray();
        var mean = all.Average();
        var sd = Math.Sqrt(all.Sum(x => (x - mean) * (x - mean)) / (all.Length - 1));
        var rhat = McmcDiagnostics.SplitRhat(chains);
        var ess = McmcDiagnostics.EffectiveSampleSize(chains);
        var warnings = new List<string>();
        if (options.Sampler >= 2)
        {
            if (!Met(rhat, ess, options))
            {
                var why = new List<string>();
                if (rhat > options.TargetRhat)
                {
                    why.Add($"R-hat is {rhat:F3} (target ≤ {options.TargetRhat:F2}): the chains disagree");
                }

                if (ess < options.TargetEffectiveSamples)
                {
                    why.Add($"the effective sample size of N is {ess:F0} (target ≥ {options.TargetEffectiveSamples:F0}): the interval ends are imprecise");
                }

                warnings.Add($"the interval is unreliable: the sampler did not converge within {options.MaxSweepsPerChain:N0} sweeps per chain; {string.Join("; ", why)}");
            }
        }
        else
        {
            if (double.IsFinite(rhat) && rhat > 1.05)
            {
                warnings.Add($"R-hat is {rhat:F3} (> 1.05): the chains disagree; run more iterations before quoting this estimate");
            }

            if (double.IsFinite(ess) && ess < 400)
            {
                warnings.Add($"the effective sample size is {ess:F0} (< 400): interval ends are imprecise; run more samples");
            }
        }

        var cap = (double)options.MaxUnobservedFactor * observed;
        if (all[^1] >= observed + cap)
        {
            warnings.Add($"some draws hit the cap of {options.MaxUnobservedFactor} × n unobserved: the data barely constrain N and the upper end is not reliable");
        }

        return new LatentClassResult(
            McmcDiagnostics.Quantile(all, 0.5),
            McmcDiagnostics.Quantile(all, 0.025),
            McmcDiagnostics.Quantile(all, 0.975),
            mean,
            sd,
            ess,
            rhat,
            observed,
            options,
            draws,
            warnings);
    }
}
