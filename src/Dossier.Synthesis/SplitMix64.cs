namespace Dossier.Synthesis;

/// <summary>
/// A small, fast, seedable generator (SplitMix64). Each person and each (person, list) pair gets its own
/// stream derived from the seed, so any person can be regenerated on its own and the output does not
/// depend on the order or the number of threads that produce it.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A stream for one item of a seeded family (seed, stream number, item number).</summary>
    public static SplitMix64 For(int seed, ulong stream, ulong item) =>
        new(Mix(Mix(unchecked((ulong)seed) ^ (stream * 0xD6E8FEB86659FD93UL)) ^ (item * 0x9E3779B97F4A7C15UL)));

    public ulong NextULong()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)((NextULong() >> 33) * (ulong)maxExclusive >> 31);

    /// <summary>Uniform in [minInclusive, maxInclusive].</summary>
    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

/// <summary>Draws indices with fixed weights in constant time (Vose's alias method).</summary>
internal sealed class WeightedTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public WeightedTable(IReadOnlyList<double> weights)
    {
        var n = weights.Count;
        _probability = new double[n];
        _alias = new int[n];
        var total = weights.Sum();
        var scaled = weights.Select(weight => weight * n / total).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            _probability[less] = scaled[less];
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            (scaled[more] < 1 ? small : large).Push(more);
        }

        // Whatever is left has probability one (up to rounding).
        foreach (var i in large.Concat(small))
        {
            _probability[i] = 1;
            _alias[i] = i;
        }
    }

    public int Count => _probability.Length;

    public int Draw(ref SplitMix64 random)
    {
        var column = random.Next(_probability.Length);
        return random.NextDouble() < _probability[column] ? column : _alias[column];
    }

    /// <summary>Zipf-like weights 1/(rank+1)^exponent: a few very common names, a long tail of rare ones.</summary>
    public static WeightedTable Zipf(int count, double exponent) =>
        new([.. Enumerable.Range(0, count).Select(rank => 1.0 / Math.Pow(rank + 1, exponent))]);
}
