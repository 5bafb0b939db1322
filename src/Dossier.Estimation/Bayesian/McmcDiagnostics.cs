namespace Dossier.Estimation.Bayesian;

/// <summary>Convergence diagnostics over several chains (Gelman et al., Bayesian Data Analysis, 3rd ed., §11.4–11.5).</summary>
public static class McmcDiagnostics
{
    /// <summary>Split R-hat: each chain is halved, then between- and within-chain variances are compared. Near 1 is good; above 1.01–1.05 says run longer.</summary>
    public static double SplitRhat(IReadOnlyList<double[]> chains)
    {
        var split = Split(chains);
        var (w, varPlus) = Variances(split);
        return w > 0 ? Math.Sqrt(varPlus / w) : double.NaN;
    }

    /// <summary>Effective sample size over split chains with Geyer's initial monotone sequence.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<double[]> chains)
    {
        var split = Split(chains);
        var m = split.Count;
        var n = split[0].Length;
        var (w, varPlus) = Variances(split);
        if (!(varPlus > 0))
        {
            return double.NaN;
        }

        var means = split.Select(c => c.Average()).ToArray();
        double Rho(int lag)
        {
            var acov = 0.0;
            for (var c = 0; c < m; c++)
            {
                var s = 0.0;
                var x = split[c];
                for (var i = 0; i + lag < n; i++)
                {
                    s += (x[i] - means[c]) * (x[i + lag] - means[c]);
                }

                acov += s / n;
            }

            acov /= m;
            return 1 - ((w - acov) / varPlus);
        }

        // Sum autocorrelations in pairs while the pair sums stay positive, never letting them increase.
        var sum = 0.0;
        var previousPair = double.PositiveInfinity;
        for (var t = 0; t + 1 < n; t += 2)
        {
            var pair = Rho(t) + Rho(t + 1);
            if (pair < 0)
            {
                break;
            }

            pair = Math.Min(pair, previousPair);
            previousPair = pair;
            sum += pair;
        }

        // τ = −1 + 2 Σ pairs (the t = 0 term counts once).
        var tau = Math.Max((2 * sum) - 1, 1.0 / Math.Log10(Math.Max(m * n, 10)));
        return m * n / tau;
    }

    /// <summary>Quantile with linear interpolation between order statistics (R's default, type 7).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static List<double[]> Split(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var half = chains.Min(c => c.Length) / 2;
        var result = new List<double[]>(chains.Count * 2);
        foreach (var c in chains)
        {
            result.Add(c[..half]);
            result.Add(c[^half..]);
        }

        return result;
    }

    private static (double W, double VarPlus) Variances(List<double[]> chains)
    {
        var m = chains.Count;
        var n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        var grand = means.Average();
        var b = n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        var w = chains.Select((c, i) => c.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).Average();
        return (w, ((n - 1) * w / n) + (b / n));
    }
}
