using Dossier.Estimation.Bayesian;
using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.Tests;

/// <summary>The sampler's variates against their exact distributions (chi-square goodness of fit, fixed seeds).</summary>
public sealed class RandomSourceTests
{
    private const int Draws = 200_000;

    // Chi-square over bins with expected count ≥ 20 (the tails pooled); fails when the statistic exceeds
    // df + 6·sqrt(2·df), far beyond sampling noise for a correct generator, well within reach of a wrong one.
    private static void AssertFits(Func<long> draw, Func<long, double> logPmf, long lo, long hi)
    {
        var observed = new Dictionary<long, long>();
        for (var i = 0; i < Draws; i++)
        {
            var x = draw();
            observed[x] = observed.GetValueOrDefault(x) + 1;
        }

        var bins = new List<(double Expected, long Observed)>();
        double pooledE = 0;
        long pooledO = 0;
        for (var k = lo; k <= hi; k++)
        {
            pooledE += Draws * Math.Exp(logPmf(k));
            pooledO += observed.GetValueOrDefault(k);
            if (pooledE >= 20)
            {
                bins.Add((pooledE, pooledO));
                pooledE = 0;
                pooledO = 0;
            }
        }

        var outside = observed.Where(kv => kv.Key < lo || kv.Key > hi).Sum(kv => kv.Value);
        var totalExpected = bins.Sum(b => b.Expected) + pooledE;
        var tail = Draws - totalExpected;
        bins.Add((Math.Max(tail + pooledE, 1e-9), pooledO + outside));
        var chi = bins.Sum(b => (b.Observed - b.Expected) * (b.Observed - b.Expected) / b.Expected);
        var df = bins.Count - 1;
        chi.ShouldBeLessThan(df + (6 * Math.Sqrt(2.0 * df)), $"chi-square {chi:F1} on {df} df");
    }

    private static double LogBinomial(long n, double p, long k) =>
        SpecialFunctions.LogGamma(n + 1) - SpecialFunctions.LogGamma(k + 1) - SpecialFunctions.LogGamma(n - k + 1)
        + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));

    [Theory]
    [InlineData(20, 0.3)]
    [InlineData(7, 0.01)]
    [InlineData(1000, 0.3)]
    [InlineData(100_000, 0.02)]
    [InlineData(50, 0.9)]
    [InlineData(400, 0.5)]
    public void Binomial_draws_should_follow_the_binomial_distribution(int n, double p)
    {
        var rng = new RandomSource(12345);
        AssertFits(() => rng.NextBinomial(n, p), k => LogBinomial(n, p, k), 0, n);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(50)]
    [InlineData(5000)]
    public void Poisson_draws_should_follow_the_Poisson_distribution(double mean)
    {
        var rng = new RandomSource(777);
        AssertFits(() => rng.NextPoisson(mean), k => (k * Math.Log(mean)) - mean - SpecialFunctions.LogGamma(k + 1), 0, (long)(mean + (20 * Math.Sqrt(mean)) + 20));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1)]
    [InlineData(7.5)]
    [InlineData(2000)]
    public void Gamma_draws_should_have_the_gamma_mean_and_variance(double shape)
    {
        var rng = new RandomSource(99);
        var xs = Enumerable.Range(0, Draws).Select(_ => Math.Exp(rng.NextLogGamma(shape))).ToArray();
        var mean = xs.Average();
        var variance = xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1);
        // Standard error of the mean is sqrt(shape / Draws); allow 5 of them. The variance gets 10%.
        Math.Abs(mean - shape).ShouldBeLessThan(5 * Math.Sqrt(shape / Draws));
        (variance / shape).ShouldBeInRange(0.9, 1.1);
    }

    [Fact]
    public void The_same_seed_should_give_the_same_stream_and_different_seeds_different_streams()
    {
        var a = new RandomSource(5);
        var b = new RandomSource(5);
        var c = new RandomSource(6);
        var xa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        xa.ShouldBe(Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray());
        xa.ShouldNotBe(Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray());
    }
}
