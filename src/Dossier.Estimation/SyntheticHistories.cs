using Dossier.Estimation.Bayesian;

namespace Dossier.Estimation;

/// <summary>
/// SYNTHETIC capture histories for tests and benchmarks: a population of known size split into latent
/// classes, each with its own chance of being on each list (heterogeneous capture), lists independent within a
/// class. No real person is behind these numbers.
/// </summary>
public static class SyntheticHistories
{
    /// <param name="trueN">Population size, listed or not.</param>
    /// <param name="classShares">Share of the population in each latent class (sums to 1).</param>
    /// <param name="captureProbabilities">[class][list] chance of being on the list.</param>
    /// <param name="seed">Seed: the same seed gives the same histories.</param>
    /// <param name="secondListDependence">Multiplies the chance of being on list 2 for people on list 1 (1 = independent lists within a class).</param>
    public static CaptureHistories Generate(int trueN, IReadOnlyList<double> classShares, IReadOnlyList<IReadOnlyList<double>> captureProbabilities, ulong seed, double secondListDependence = 1)
    {
        ArgumentNullException.ThrowIfNull(classShares);
        ArgumentNullException.ThrowIfNull(captureProbabilities);
        var lists = captureProbabilities[0].Count;
        var rng = new RandomSource(seed);
        var counts = new Dictionary<int, long>();
        for (var i = 0; i < trueN; i++)
        {
            var u = rng.NextDouble();
            var c = 0;
            while (c < classShares.Count - 1 && u >= classShares[c])
            {
                u -= classShares[c];
                c++;
            }

            var pattern = 0;
            for (var j = 0; j < lists; j++)
            {
                var p = captureProbabilities[c][j];
                if (j == 1 && (pattern & 1) != 0)
                {
                    p = Math.Min(1, p * secondListDependence);
                }

                if (rng.NextDouble() < p)
                {
                    pattern |= 1 << j;
                }
            }

            if (pattern != 0)
            {
                counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
            }
        }

        var names = Enumerable.Range(1, lists).Select(j => $"synthetic_list_{j}").ToArray();
        return new CaptureHistories(names, counts);
    }

    /// <summary>The benchmark population: N = 7,000 in two classes (60% / 40%), four lists; about 4,300 are listed.</summary>
    public static CaptureHistories FourListBenchmark(ulong seed = 42) =>
        Generate(7000, [0.6, 0.4], [[0.35, 0.30, 0.25, 0.30], [0.10, 0.15, 0.08, 0.12]], seed);
}
