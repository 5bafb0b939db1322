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
    public static LatentClassResult Run(CaptureHistories histories, LatentClassOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options ??= new LatentClassOptions();
        options.Validate();
        if (options.Sampler >= 2)
        {
            return RunUntilConverged(histories, options, cancellationToken);
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
    /// Sampler 2: burn-in, then the kept draws per chain double (the chains continue where they stopped) until split
    /// R-hat and ESS of N meet their targets or the next doubling would pass the sweep budget. Every decision is
    /// taken from the draws, which the seed fixes, so the same seed gives the same run length and the same numbers.
    /// </summary>
    private static LatentClassResult RunUntilConverged(CaptureHistories histories, LatentClassOptions options, CancellationToken cancellationToken)
    {
        var seeds = ChainSeeds(options.Seed, options.Chains);
        var samplers = new LatentClassSampler[options.Chains];
        var draws = new long[options.Chains][];
        var kept = 0;
        var target = options.Samples;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        while (true)
        {
            Parallel.For(0, options.Chains, parallel, c =>
            {
                if (samplers[c] is null)
                {
                    samplers[c] = new LatentClassSampler(histories, options, seeds[c]);
                    Sweep(samplers[c], options.Burnin, cancellationToken);
                    draws[c] = [];
                }

                var chain = draws[c];
                Array.Resize(ref chain, target);
                for (var s = kept; s < target; s++)
                {
                    Sweep(samplers[c], options.Thinning, cancellationToken);
                    chain[s] = histories.Observed + samplers[c].Unobserved;
                }

                draws[c] = chain;
            });
            kept = target;
            var chains = draws.Select(d => d.Select(x => (double)x).ToArray()).ToArray();
            if (Met(McmcDiagnostics.SplitRhat(chains), McmcDiagnostics.EffectiveSampleSize(chains), options))
            {
                return Summarise(histories.Observed, options with { Samples = kept }, draws) with { Converged = true };
            }

            var room = (options.MaxSweepsPerChain - options.Burnin) / options.Thinning;
            var next = Math.Min(2L * kept, room);
            if (next <= kept)
            {
                return Summarise(histories.Observed, options with { Samples = kept }, draws) with { Converged = false };
            }

            target = (int)next;
        }
    }

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
