using Dossier.Linkage.Blocking;
using Dossier.Linkage.Comparisons;

namespace Dossier.Linkage.Model;

/// <summary>
/// The comparison vectors of all candidate pairs, compressed to distinct patterns: each pair keeps
/// one int (its pattern), each pattern its levels and how many pairs of each blocking rule have it.
/// EM then runs over a few thousand patterns instead of millions of pairs.
/// </summary>
internal sealed class PatternTable
{
    private PatternTable(byte[][] levels, int[] patternOfPair, long[][] countsByRule, long[] counts)
    {
        Levels = levels;
        PatternOfPair = patternOfPair;
        CountsByRule = countsByRule;
        Counts = counts;
    }

    /// <summary>Per pattern, per comparison, the level (or <see cref="Comparison.Missing"/>).</summary>
    public byte[][] Levels { get; }

    public int[] PatternOfPair { get; }

    /// <summary>Per rule, per pattern: pairs whose keys under that rule agree (a pair counts for every such rule).</summary>
    public long[][] CountsByRule { get; }

    /// <summary>Per pattern: pairs in the union.</summary>
    public long[] Counts { get; }

    public int PatternCount => Levels.Length;

    public static PatternTable Compute(Comparison[] comparisons, RecordPair[] pairs, long[][] keys, int threads, Action<double>? progress)
    {
        var k = comparisons.Length;
        var radix = new long[k];
        long space = 1;
        for (var c = 0; c < k; c++)
        {
            radix[c] = space;
            space = checked(space * (comparisons[c].LevelCount + 1));
        }

        var rules = keys.Length;
        var chunkCount = Math.Max(1, Math.Min(256, (pairs.Length / 4096) + 1));
        var chunkSize = (pairs.Length + chunkCount - 1) / chunkCount;
        var patternOfPair = new int[pairs.Length];
        var localCodes = new List<long>[chunkCount];
        var localCounts = new List<long>[chunkCount];
        var done = 0;
        Parallel.For(0, chunkCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            var lookup = new Dictionary<long, int>();
            var codes = new List<long>();
            var counts = new List<long>();
            var end = Math.Min(pairs.Length, (chunk + 1) * chunkSize);
            for (var i = chunk * chunkSize; i < end; i++)
            {
                var (a, b) = (pairs[i].A, pairs[i].B);
                long code = 0;
                for (var c = 0; c < k; c++)
                {
                    var level = comparisons[c].Compare(a, b);
                    var digit = level == Comparison.Missing ? comparisons[c].LevelCount : level;
                    code += digit * radix[c];
                }

                if (!lookup.TryGetValue(code, out var local))
                {
                    local = codes.Count;
                    lookup.Add(code, local);
                    codes.Add(code);
                    for (var r = 0; r <= rules; r++)
                    {
                        counts.Add(0);
                    }
                }

                patternOfPair[i] = local;
                var mask = Blocker.RuleMask(keys, a, b);
                var row = local * (rules + 1);
                counts[row + rules]++;
                while (mask != 0)
                {
                    var r = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    counts[row + r]++;
                    mask &= mask - 1;
                }
            }

            localCodes[chunk] = codes;
            localCounts[chunk] = counts;
            var finished = Interlocked.Increment(ref done);
            progress?.Invoke((double)finished / chunkCount);
        });

        // Merge the chunks' patterns into one numbering (ordered by first appearance, so deterministic).
        var global = new Dictionary<long, int>();
        var globalCodes = new List<long>();
        var remap = new int[chunkCount][];
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var codes = localCodes[chunk];
            remap[chunk] = new int[codes.Count];
            for (var l = 0; l < codes.Count; l++)
            {
                if (!global.TryGetValue(codes[l], out var g))
                {
                    g = globalCodes.Count;
                    global.Add(codes[l], g);
                    globalCodes.Add(codes[l]);
                }

                remap[chunk][l] = g;
            }
        }

        var patterns = globalCodes.Count;
        var countsByRule = new long[rules][];
        for (var r = 0; r < rules; r++)
        {
            countsByRule[r] = new long[patterns];
        }

        var all = new long[patterns];
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var counts = localCounts[chunk];
            for (var l = 0; l < remap[chunk].Length; l++)
            {
                var g = remap[chunk][l];
                for (var r = 0; r < rules; r++)
                {
                    countsByRule[r][g] += counts[(l * (rules + 1)) + r];
                }

                all[g] += counts[(l * (rules + 1)) + rules];
            }
        }

        Parallel.For(0, chunkCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            var map = remap[chunk];
            var end = Math.Min(pairs.Length, (chunk + 1) * chunkSize);
            for (var i = chunk * chunkSize; i < end; i++)
            {
                patternOfPair[i] = map[patternOfPair[i]];
            }
        });

        var levels = new byte[patterns][];
        for (var p = 0; p < patterns; p++)
        {
            levels[p] = Decode(globalCodes[p], comparisons, radix);
        }

        return new PatternTable(levels, patternOfPair, countsByRule, all);
    }

    private static byte[] Decode(long code, Comparison[] comparisons, long[] radix)
    {
        var levels = new byte[comparisons.Length];
        for (var c = comparisons.Length - 1; c >= 0; c--)
        {
            var digit = code / radix[c];
            code -= digit * radix[c];
            levels[c] = digit == comparisons[c].LevelCount ? Comparison.Missing : (byte)digit;
        }

        return levels;
    }
}
