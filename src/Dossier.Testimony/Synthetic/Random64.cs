namespace Dossier.Testimony.Synthetic;

/// <summary>A small seedable generator (SplitMix64): the same seed gives the same statements on every machine.</summary>
internal struct Random64(ulong seed)
{
    private ulong _state = seed;

    public static Random64 For(int seed, ulong stream) =>
        new(StatementTokens.Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ StatementTokens.Mix(stream + 0xD1B54A32D192ED03UL)));

    public ulong NextULong() => StatementTokens.Mix(_state = unchecked(_state + 0x9E3779B97F4A7C15UL));

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    /// <summary>Uniform in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
