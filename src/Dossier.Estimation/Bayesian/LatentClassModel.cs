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
}

/// <summary>Runs the latent-class sampler (LCMCR's model) on several chains and summarises the posterior of N.</summary>
public static class LatentClassModel
{
    public static LatentClassResult Run(CaptureHistories histories, LatentClassOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options ??= new LatentClassOptions();
        options.Validate();
        var seeds = ChainSeeds(options.Seed, options.Chains);
        var draws = new long[options.Chains][];
        Parallel.For(0, options.Chains, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            draws[c] = RunChain(histories, options, seeds[c], cancellationToken);
        });
        return Summarise(histories.Observed, options, draws);
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
        if (double.IsFinite(rhat) && rhat > 1.05)
        {
            warnings.Add($"R-hat is {rhat:F3} (> 1.05): the chains disagree; run more iterations before quoting this estimate");
        }

        if (double.IsFinite(ess) && ess < 400)
        {
            warnings.Add($"the effective sample size is {ess:F0} (< 400): interval ends are imprecise; run more samples");
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
