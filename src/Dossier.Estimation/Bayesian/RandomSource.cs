using System.Numerics;
using System.Runtime.CompilerServices;
using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.Bayesian;

/// <summary>
/// xoshiro256** (Blackman and Vigna) seeded through SplitMix64, with the variates the sampler needs.
/// Our own generator, not System.Random, so that a seed gives the same draws on every platform and .NET version:
/// a figure in a dossier must re-run to the same number.
/// </summary>
internal sealed class RandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public RandomSource(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1): safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextUInt64() >> 12) + 0.5) * (1.0 / (1UL << 52));

    /// <summary>Standard normal by Marsaglia's polar method (the spare value is kept).</summary>
    private double _spare;
    private bool _hasSpare;

    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u;
        double v;
        double s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var m = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * m;
        _hasSpare = true;
        return u * m;
    }

    /// <summary>log of a Gamma(shape, 1) draw; logs keep tiny shapes (a stick weight near zero) from underflowing.</summary>
    public double NextLogGamma(double shape)
    {
        if (shape < 1)
        {
            // Gamma(a) = Gamma(a + 1) · U^(1/a).
            return NextLogGamma(shape + 1) + (Math.Log(NextOpenDouble()) / shape);
        }

        return Math.Log(NextGammaAtLeastOne(shape));
    }

    /// <summary>Gamma(shape, 1) draw.</summary>
    public double NextGamma(double shape) => shape >= 1 ? NextGammaAtLeastOne(shape) : Math.Exp(NextLogGamma(shape));

    // Marsaglia and Tsang (2000).
    private double NextGammaAtLeastOne(double shape)
    {
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = NextNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextOpenDouble();
            var x2 = x * x;
            if (u < 1 - (0.0331 * x2 * x2))
            {
                return d * v;
            }

            if (Math.Log(u) < (0.5 * x2) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Poisson(mean) draw: multiplication for small means, Hörmann's PTRS (1993) for mean ≥ 10.</summary>
    public long NextPoisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 10)
        {
            var limit = Math.Exp(-mean);
            long k = 0;
            var prod = NextDouble();
            while (prod > limit)
            {
                k++;
                prod *= NextDouble();
            }

            return k;
        }

        var slam = Math.Sqrt(mean);
        var logLam = Math.Log(mean);
        var b = 0.931 + (2.53 * slam);
        var a = -0.059 + (0.02483 * b);
        var invAlpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log((a / (us * us)) + b) <= -mean + (k * logLam) - SpecialFunctions.LogGamma(k + 1))
            {
                return k;
            }
        }
    }

    /// <summary>Binomial(n, p) draw: inversion when n·min(p, 1−p) &lt; 10, Hörmann's BTRD (1993) otherwise.</summary>
    public long NextBinomial(long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - NextBinomial(n, 1 - p);
        }

        if (n * p < 10)
        {
            return BinomialInversion(n, p);
        }

        return BinomialBtrd(n, p);
    }

    private long BinomialInversion(long n, double p)
    {
        var q = 1 - p;
        var r = p / q;
        var g = r * (n + 1);
        while (true)
        {
            var f = Math.Pow(q, n);
            var u = NextDouble();
            long k = 0;
            while (true)
            {
                if (u < f)
                {
                    return k;
                }

                u -= f;
                k++;
                if (k > n)
                {
                    break; // Rounding left a sliver of mass: draw again.
                }

                f *= (g / k) - r;
            }
        }
    }

    private static readonly double[] StirlingTail =
    [
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
        0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
        0.009255462182712733, 0.008330563433362871,
    ];

    // log(k!) − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π], the correction term of Stirling's series.
    private static double Fc(long k)
    {
        if (k < 10)
        {
            return StirlingTail[k];
        }

        var r = 1.0 / (k + 1);
        var r2 = r * r;
        return (1.0 / 12 - ((1.0 / 360 - (1.0 / 1260 * r2)) * r2)) * r;
    }

    private long BinomialBtrd(long n, double p)
    {
        var spq = Math.Sqrt(n * p * (1 - p));
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var vr = 0.92 - (4.2 / b);
        var alpha = (2.83 + (5.1 / b)) * spq;
        var lpq = Math.Log(p / (1 - p));
        var m = (long)Math.Floor((n + 1) * p);
        var h = Fc(m) + Fc(n - m);
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * a / us) + b) * u) + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            v = Math.Log(v * alpha / ((a / (us * us)) + b));
            // log f(k)/f(m) through Stirling's series with its correction terms.
            var bound = ((m + 0.5) * Math.Log((m + 1.0) / (n - m + 1.0))) + ((n + 1) * Math.Log((n - m + 1.0) / (n - k + 1.0)))
                + ((k + 0.5) * Math.Log((n - k + 1.0) / (k + 1.0))) + ((k - m) * lpq) + h - Fc(k) - Fc(n - k);
            if (v <= bound)
            {
                return k;
            }
        }
    }
}
