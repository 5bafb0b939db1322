using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.Bayesian;

/// <summary>
/// One Markov chain of the non-parametric latent-class capture–recapture model (Manrique-Vallier 2016):
/// people fall into latent classes with weights from a truncated stick-breaking (Dirichlet-process) prior;
/// within a class, lists capture independently with probabilities λ_jk ~ Beta(1, 1); the unobserved are
/// imputed by data augmentation under the prior p(N) ∝ 1/N. All work is on counts per capture pattern,
/// never per person, and the state lives in preallocated arrays: an iteration allocates nothing.
/// From sampler version 2 each sweep also lets neighbouring classes trade places (<see cref="SwitchLabels"/>):
/// the stick-breaking prior is not exchangeable, and without such moves a chain whose largest class sits behind
/// a small one keeps that order, and with it a second class and a higher N, for hundreds of thousands of sweeps.
/// </summary>
internal sealed class LatentClassSampler
{
    private readonly int _k;
    private readonly int _j;
    private readonly int[] _cellPattern;
    private readonly long[] _cellCount;
    private readonly long _n;
    private readonly LatentClassOptions _options;
    private readonly RandomSource _rng;
    private readonly bool _switchLabels;

    // State.
    private readonly double[] _logLambda1; // [j * K + k] log λ_jk
    private readonly double[] _logLambda0; // [j * K + k] log(1 − λ_jk)
    private readonly double[] _logNu;
    private readonly long[] _cellClass; // [cell * K + k]
    private readonly long[] _unobservedClass;
    private double _alpha = 1;
    private long _n0;

    // Scratch.
    private readonly double[] _weights;
    private readonly long[] _classTotal;
    private readonly long[] _ones; // [j * K + k]

    /// <param name="initialAlpha">Sampler 2: the α the chain's first weights are drawn with (sampler 1 starts from 1).</param>
    public LatentClassSampler(CaptureHistories histories, LatentClassOptions options, ulong seed, double initialAlpha = 1)
    {
        _options = options;
        _k = options.MaxClasses;
        _j = histories.ListCount;
        var cells = new List<(int, long)>();
        for (var pattern = 1; pattern <= histories.CellCount; pattern++)
        {
            if (histories[pattern] > 0)
            {
                cells.Add((pattern, histories[pattern]));
            }
        }

        _cellPattern = [.. cells.Select(c => c.Item1)];
        _cellCount = [.. cells.Select(c => c.Item2)];
        _n = histories.Observed;
        _rng = new RandomSource(seed);
        _switchLabels = options.Sampler >= 2;
        _logLambda1 = new double[_j * _k];
        _logLambda0 = new double[_j * _k];
        _logNu = new double[_k];
        _cellClass = new long[_cellPattern.Length * _k];
        _unobservedClass = new long[_k];
        _weights = new double[_k];
        _classTotal = new long[_k];
        _ones = new long[_j * _k];
        Initialise(histories, initialAlpha);
    }

    public long Unobserved => _n0;

    public double Alpha => _alpha;

    /// <summary>Latent classes holding anyone, observed or imputed (LCMCR's k*).</summary>
    public int OccupiedClasses => _classTotal.Count(c => c > 0);

    private void Initialise(CaptureHistories histories, double initialAlpha)
    {
        // Capture probabilities start at each list's share of the observed; weights from the prior given α.
        for (var j = 0; j < _j; j++)
        {
            var p = Math.Clamp(histories.ListTotal(j) / (double)_n, 1e-3, 1 - 1e-3);
            for (var k = 0; k < _k; k++)
            {
                _logLambda1[(j * _k) + k] = Math.Log(p);
                _logLambda0[(j * _k) + k] = Math.Log(1 - p);
            }
        }

        if (_switchLabels)
        {
            _alpha = initialAlpha;
        }

        SampleWeights();
    }

    /// <summary>One full Gibbs sweep.</summary>
    public void Step()
    {
        SampleObservedClasses();
        SampleCaptureProbabilities();
        if (_switchLabels)
        {
            SwitchLabels();
        }

        SampleWeights();
        SampleUnobserved();
        SampleAlpha();
    }

    /// <summary>
    /// Metropolis moves that swap the labels of neighbouring classes, with the stick weights integrated out.
    /// Swapping two classes' members and capture probabilities together leaves the likelihood and the Beta priors
    /// unchanged, so only the stick-breaking prior of the class sizes decides: given α, with r_k the people in
    /// classes after k, p(n | α) ∝ Π_{k &lt; K−1} Γ(1 + n_k) Γ(α + r_k) / Γ(1 + α + n_k + r_k). The weights are then
    /// drawn afresh from their conditional (<see cref="SampleWeights"/>), which makes the pair a valid blocked update.
    /// Going from the last pair to the first lets a large class travel to the front in one sweep.
    /// </summary>
    private void SwitchLabels()
    {
        long beyond = 0; // people in classes after k + 1
        for (var k = _k - 2; k >= 0; k--)
        {
            var a = _classTotal[k];
            var b = _classTotal[k + 1];
            if (a != b)
            {
                // Only the factors of k and k + 1 change (the last class has no factor of its own). An empty class's
                // factor is −log(α + r), so beside an empty class (the usual case) the ratio needs two logarithms.
                var hasNext = k + 1 < _k - 1;
                var delta = hasNext && a == 0 ? Math.Log(_alpha + b + beyond) - Math.Log(_alpha + beyond)
                    : hasNext && b == 0 ? Math.Log(_alpha + beyond) - Math.Log(_alpha + a + beyond)
                    : StickFactor(b, a + beyond) + (hasNext ? StickFactor(a, beyond) : 0) - StickFactor(a, b + beyond) - (hasNext ? StickFactor(b, beyond) : 0);
                if (delta >= 0 || Math.Log(_rng.NextOpenDouble()) < delta)
                {
                    Swap(k, k + 1);
                }
            }

            beyond += _classTotal[k + 1];
        }
    }

    private double StickFactor(long members, long after) =>
        SpecialFunctions.LogGamma(1.0 + members) + SpecialFunctions.LogGamma(_alpha + after) - SpecialFunctions.LogGamma(1.0 + _alpha + members + after);

    private void Swap(int k, int l)
    {
        (_classTotal[k], _classTotal[l]) = (_classTotal[l], _classTotal[k]);
        (_unobservedClass[k], _unobservedClass[l]) = (_unobservedClass[l], _unobservedClass[k]);
        for (var j = 0; j < _j; j++)
        {
            var (x, y) = ((j * _k) + k, (j * _k) + l);
            (_logLambda1[x], _logLambda1[y]) = (_logLambda1[y], _logLambda1[x]);
            (_logLambda0[x], _logLambda0[y]) = (_logLambda0[y], _logLambda0[x]);
        }

        for (var c = 0; c < _cellPattern.Length; c++)
        {
            var (x, y) = ((c * _k) + k, (c * _k) + l);
            (_cellClass[x], _cellClass[y]) = (_cellClass[y], _cellClass[x]);
        }
    }

    private void SampleObservedClasses()
    {
        for (var c = 0; c < _cellPattern.Length; c++)
        {
            var pattern = _cellPattern[c];
            var max = double.NegativeInfinity;
            for (var k = 0; k < _k; k++)
            {
                var l = _logNu[k];
                for (var j = 0; j < _j; j++)
                {
                    l += ((pattern >> j) & 1) != 0 ? _logLambda1[(j * _k) + k] : _logLambda0[(j * _k) + k];
                }

                _weights[k] = l;
                max = Math.Max(max, l);
            }

            for (var k = 0; k < _k; k++)
            {
                _weights[k] = Math.Exp(_weights[k] - max);
            }

            Multinomial(_cellCount[c], _weights, _cellClass.AsSpan(c * _k, _k));
        }
    }

    private void SampleCaptureProbabilities()
    {
        Array.Copy(_unobservedClass, _classTotal, _k);
        Array.Clear(_ones);
        for (var c = 0; c < _cellPattern.Length; c++)
        {
            var pattern = _cellPattern[c];
            for (var k = 0; k < _k; k++)
            {
                var count = _cellClass[(c * _k) + k];
                if (count == 0)
                {
                    continue;
                }

                _classTotal[k] += count;
                for (var j = 0; j < _j; j++)
                {
                    if (((pattern >> j) & 1) != 0)
                    {
                        _ones[(j * _k) + k] += count;
                    }
                }
            }
        }

        for (var j = 0; j < _j; j++)
        {
            for (var k = 0; k < _k; k++)
            {
                // Beta(1 + ones, 1 + zeros) as a ratio of gammas; both shapes are at least 1, so neither underflows.
                var ones = _ones[(j * _k) + k];
                var a = _rng.NextGamma(1 + ones);
                var b = _rng.NextGamma(1 + _classTotal[k] - ones);
                var logSum = Math.Log(a + b);
                _logLambda1[(j * _k) + k] = Math.Log(a) - logSum;
                _logLambda0[(j * _k) + k] = Math.Log(b) - logSum;
            }
        }
    }

    private void SampleWeights()
    {
        // Truncated stick-breaking: V_k ~ Beta(1 + n_k, α + Σ_{l>k} n_l), ν_k = V_k Π_{l<k} (1 − V_l).
        long remaining = 0;
        for (var k = 0; k < _k; k++)
        {
            remaining += _classTotal[k];
        }

        var logRest = 0.0;
        for (var k = 0; k < _k - 1; k++)
        {
            remaining -= _classTotal[k];
            var a = _rng.NextLogGamma(1 + _classTotal[k]);
            var b = _rng.NextLogGamma(_alpha + remaining);
            var s = LogSum(a, b);
            _logNu[k] = logRest + a - s;
            logRest += b - s;
        }

        _logNu[_k - 1] = logRest;
    }

    private void SampleUnobserved()
    {
        // The chance of being on no list; the unobserved count is negative binomial given it.
        var max = double.NegativeInfinity;
        for (var k = 0; k < _k; k++)
        {
            var l = _logNu[k];
            for (var j = 0; j < _j; j++)
            {
                l += _logLambda0[(j * _k) + k];
            }

            _weights[k] = l;
            max = Math.Max(max, l);
        }

        var p0 = 0.0;
        for (var k = 0; k < _k; k++)
        {
            _weights[k] = Math.Exp(_weights[k] - max);
            p0 += _weights[k];
        }

        p0 *= Math.Exp(max);
        p0 = Math.Min(p0, 1 - 1e-12);
        var cap = (long)_options.MaxUnobservedFactor * _n;
        long n0;
        var tries = 0;
        do
        {
            // NB(n, 1 − p0) failures = Poisson(Gamma(n) · p0 / (1 − p0)).
            var rate = _rng.NextGamma(_n) * (p0 / (1 - p0));
            n0 = _rng.NextPoisson(rate);
            tries++;
        }
        while (n0 > cap && tries < 1000);

        _n0 = Math.Min(n0, cap);
        Multinomial(_n0, _weights, _unobservedClass);
    }

    private void SampleAlpha()
    {
        // Conjugate: α ~ Gamma(a + K* − 1, b − log ν_K*), where log ν_K* = Σ log(1 − V_k).
        var shape = _options.AlphaShape + _k - 1;
        var rate = _options.AlphaRate - _logNu[_k - 1];
        _alpha = Math.Max(_rng.NextGamma(shape) / rate, 1e-300);
    }

    /// <summary>Multinomial(n, w / Σw) by conditional binomials; allocation-free.</summary>
    private void Multinomial(long n, double[] weights, Span<long> result)
    {
        var total = 0.0;
        for (var k = 0; k < _k; k++)
        {
            total += weights[k];
        }

        if (n <= 2 * _k)
        {
            // Few people: one categorical draw each is cheaper than K − 1 binomials.
            result.Clear();
            for (var i = 0; i < n; i++)
            {
                var u = _rng.NextDouble() * total;
                var k = 0;
                while (k < _k - 1 && u >= weights[k])
                {
                    u -= weights[k];
                    k++;
                }

                result[k]++;
            }

            return;
        }

        var left = n;
        for (var k = 0; k < _k - 1; k++)
        {
            if (left == 0 || total <= 0)
            {
                result[k] = 0;
                continue;
            }

            var p = Math.Min(weights[k] / total, 1);
            var x = _rng.NextBinomial(left, p);
            result[k] = x;
            left -= x;
            total -= weights[k];
        }

        result[_k - 1] = left;
    }

    private static double LogSum(double a, double b) => a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
}
