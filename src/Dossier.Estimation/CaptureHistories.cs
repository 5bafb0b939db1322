namespace Dossier.Estimation;

/// <summary>
/// Counts of people by capture pattern over K lists. A pattern is a bit mask: bit j set means "on list j"
/// (list 0 is the first column). The all-zero pattern is the unobserved cell and always holds zero.
/// </summary>
public sealed class CaptureHistories
{
    private readonly long[] _counts;

    public CaptureHistories(IReadOnlyList<string> listNames, IReadOnlyDictionary<int, long> countsByPattern)
    {
        ArgumentNullException.ThrowIfNull(listNames);
        ArgumentNullException.ThrowIfNull(countsByPattern);
        if (listNames.Count < 2)
        {
            throw new ArgumentException("Multiple systems estimation needs at least two lists.", nameof(listNames));
        }

        if (listNames.Count > 20)
        {
            throw new ArgumentException("At most 20 lists are supported.", nameof(listNames));
        }

        ListNames = [.. listNames];
        _counts = new long[1 << listNames.Count];
        foreach (var (pattern, count) in countsByPattern)
        {
            if (pattern <= 0 || pattern >= _counts.Length)
            {
                throw new ArgumentException($"Pattern {pattern} is not a non-empty subset of {listNames.Count} lists.", nameof(countsByPattern));
#pragma warning disable MA0015 // the count comes from the dictionary argument
            }

            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(countsByPattern));
#pragma warning restore MA0015
            _counts[pattern] += count;
        }
    }

    public IReadOnlyList<string> ListNames { get; }

    public int ListCount => ListNames.Count;

    /// <summary>Number of cells that can be observed: 2^K − 1.</summary>
    public int CellCount => _counts.Length - 1;

    /// <summary>People seen on at least one list (n).</summary>
    public long Observed => _counts.Sum();

    public long this[int pattern] => _counts[pattern];

    /// <summary>Counts indexed by pattern (index 0, the unobserved cell, is zero).</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>People on list j.</summary>
    public long ListTotal(int list)
    {
        long s = 0;
        for (var pattern = 1; pattern < _counts.Length; pattern++)
        {
            if ((pattern & (1 << list)) != 0)
            {
                s += _counts[pattern];
            }
        }

        return s;
    }

    /// <summary>People seen on two lists or more: the overlaps every estimate rests on.</summary>
    public long Recaptured
    {
        get
        {
            long s = 0;
            for (var pattern = 1; pattern < _counts.Length; pattern++)
            {
                if ((pattern & (pattern - 1)) != 0)
                {
                    s += _counts[pattern];
                }
            }

            return s;
        }
    }

    /// <summary>Builds histories from rows of 0/1 flags and counts (for tests and callers holding arrays).</summary>
    public static CaptureHistories FromRows(IReadOnlyList<string> listNames, IEnumerable<(int[] Flags, long Count)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var counts = new Dictionary<int, long>();
        foreach (var (flags, count) in rows)
        {
            var pattern = 0;
            for (var j = 0; j < flags.Length; j++)
            {
                if (flags[j] != 0)
                {
                    pattern |= 1 << j;
                }
            }

            counts[pattern] = counts.GetValueOrDefault(pattern) + count;
        }

        return new CaptureHistories(listNames, counts);
    }
}
