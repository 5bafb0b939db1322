namespace Dossier.Estimation.Bayesian;

/// <summary>
/// Settings of the Bayesian latent-class model (Manrique-Vallier 2016, LCMCR). Defaults follow LCMCR's
/// lcmCR/lcmCR_PostSampl (a_α = b_α = 0.25, burn-in 10,000, thinning 10, 1,000 samples) except the
/// truncation K*, 10 here as the issue asks (LCMCR's default is 5), and four chains so R-hat can be computed.
/// </summary>
public sealed record LatentClassOptions
{
    /// <summary>The sampler version runs use unless they ask for another (a recorded run keeps its own).</summary>
    public const int CurrentSampler = 2;

    public int MaxClasses { get; init; } = 10;

    /// <summary>
    /// 1: the first sampler (plain Gibbs sweeps, the run length as given), kept so that estimates recorded with it
    /// re-run to the same figures. 2: label-switching moves each sweep, and the run lengthened until it converges
    /// (<see cref="TargetRhat"/>, <see cref="TargetEffectiveSamples"/>) or reaches <see cref="MaxSweepsPerChain"/>.
    /// </summary>
    public int Sampler { get; init; } = CurrentSampler;

    /// <summary>Sampler 2: the run is lengthened until split R-hat of N is at most this…</summary>
    public double TargetRhat { get; init; } = 1.01;

    /// <summary>…and the effective sample size of N at least this.</summary>
    public double TargetEffectiveSamples { get; init; } = 400;

    /// <summary>
    /// Sampler 2: the most sweeps one chain may run, burn-in included, while lengthening. A budget in sweeps, not
    /// seconds, so that the same seed gives the same draws on any machine.
    /// </summary>
    public long MaxSweepsPerChain { get; init; } = 1_000_000;

    public int Burnin { get; init; } = 10_000;

    /// <summary>Retained draws per chain.</summary>
    public int Samples { get; init; } = 1_000;

    public int Thinning { get; init; } = 10;

    public int Chains { get; init; } = 4;

    public ulong Seed { get; init; } = 1;

    /// <summary>Gamma prior on the Dirichlet-process concentration α: shape.</summary>
    public double AlphaShape { get; init; } = 0.25;

    /// <summary>Gamma prior on α: rate.</summary>
    public double AlphaRate { get; init; } = 0.25;

    /// <summary>Draws of the unobserved count above this multiple of n are redrawn (LCMCR uses 20).</summary>
    public int MaxUnobservedFactor { get; init; } = 20;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(MaxClasses >= 1, "the number of latent classes K* must be at least 1");
        Require(Burnin >= 0, "burn-in cannot be negative");
        Require(Samples >= 10, "at least 10 samples per chain are needed");
        Require(Thinning >= 1, "thinning must be at least 1");
        Require(Chains >= 1, "at least one chain is needed");
        Require(AlphaShape > 0 && AlphaRate > 0, "the Gamma prior on alpha needs a positive shape and rate");
        Require(MaxUnobservedFactor >= 1, "the cap on the unobserved must be at least n");
        Require(Sampler is 1 or 2, "the sampler version must be 1 or 2");
        Require(TargetRhat >= 1 && TargetEffectiveSamples > 0, "the convergence targets need R-hat of at least 1 and a positive effective sample size");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Invalid latent-class options: " + message);
        }
    }
}
