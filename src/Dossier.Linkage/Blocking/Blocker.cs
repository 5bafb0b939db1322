using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Blocking;

/// <summary>Per-rule statistics of one blocking pass.</summary>
public sealed record BlockingRuleStats(string Rule, long Pairs, int Blocks, int SkippedBlocks, long SkippedPairs);

/// <summary>
/// Candidate pairs from a union of blocking rules without an n² scan: for each rule every record gets
/// a 64-bit key, records are sorted by key, and pairs are made inside runs of equal keys. A pair a
/// later rule finds again is dropped when an earlier rule's keys already agree, so the union has no
/// duplicates and needs no hash set. Blocks larger than the cap are skipped and reported: one huge
/// block ("Mohammad" born 1960) would cost more than the rest together and other rules still reach
/// its true pairs.
/// </summary>
internal static class Blocker
{
    public const long NoKey = long.MinValue;

    public static (RecordPair[] Pairs, long[][] Keys, BlockingRuleStats[] Stats) Generate(
        RecordSet records, IReadOnlyList<BlockingRule> rules, int maxBlockSize)
    {
        var keys = new long[rules.Count][];
        var stats = new BlockingRuleStats[rules.Count];
        var buffer = new PairBuffer();
        for (var r = 0; r < rules.Count; r++)
        {
            keys[r] = ComputeKeys(records, rules[r]);
            stats[r] = Emit(records, keys, r, maxBlockSize, buffer, rules[r].Name);
        }

        return (buffer.Detach(), keys, stats);
    }

    /// <summary>Key per record for a rule; the low bit carries the side for linkage so left sorts first.</summary>
    public static long[] ComputeKeys(RecordSet records, BlockingRule rule)
    {
        var n = records.Count;
        var keys = new long[n];
        var parts = new int[rule.Parts.Count][];
        for (var p = 0; p < rule.Parts.Count; p++)
        {
            parts[p] = PartValues(records, rule.Parts[p]);
        }

        for (var i = 0; i < n; i++)
        {
            long key = 0;
            var missing = false;
            if (rule.Unordered && parts.Length == 2)
            {
                var x = parts[0][i];
                var y = parts[1][i];
                missing = x == 0 || y == 0;
                key = ((long)Math.Min(x, y) << 31) | (uint)Math.Max(x, y);
            }
            else if (parts.Length <= 2)
            {
                for (var p = 0; p < parts.Length; p++)
                {
                    var v = parts[p][i];
                    missing |= v == 0;
                    key = (key << 31) | (uint)v;
                }
            }
            else
            {
                // More parts than fit exactly: a 64-bit mix (a collision only adds a candidate pair).
                ulong h = 1469598103934665603UL;
                for (var p = 0; p < parts.Length; p++)
                {
                    var v = parts[p][i];
                    missing |= v == 0;
                    h = (h ^ (uint)v) * 1099511628211UL;
                }

                key = (long)(h >> 2);
            }

            keys[i] = missing ? NoKey : (key << 1) | (records.IsLink && i >= records.LeftCount ? 1L : 0L);
        }

        return keys;
    }

    private static int[] PartValues(RecordSet records, KeyPart part)
    {
        var field = -1;
        for (var f = 0; f < records.Fields.Count; f++)
        {
            if (string.Equals(records.Fields[f].Column, part.Column, StringComparison.Ordinal))
            {
                field = f;
                break;
            }
        }

        if (field < 0)
        {
            throw new ArgumentException($"blocking rule uses column '{part.Column}', which is not a matched field", nameof(part));
        }

        var values = new int[records.Count];
        switch (records.Columns[field])
        {
            case TextColumn text:
                for (var i = 0; i < values.Length; i++)
                {
                    var v = text.Value[i];
                    values[i] = part.Kind == KeyKind.Phonetic ? text.Phonetic[v] : v;
                }

                break;
            case DateColumn date:
                for (var i = 0; i < values.Length; i++)
                {
                    var ymd = date.Ymd[i];
                    values[i] = part.Kind == KeyKind.Year ? ymd / 10000 : (ymd % 10000 == 0 ? 0 : ymd);
                }

                break;
        }

        return values;
    }

    private static BlockingRuleStats Emit(RecordSet records, long[][] keys, int rule, int maxBlockSize, PairBuffer buffer, string name)
    {
        var own = keys[rule];
        var n = own.Length;
        var order = new int[n];
        var sorted = new long[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (own[i] != NoKey)
            {
                sorted[count] = own[i];
                order[count++] = i;
            }
        }

        Array.Sort(sorted, order, 0, count);
        long pairs = 0, skippedPairs = 0;
        int blocks = 0, skipped = 0;
        var start = 0;
        while (start < count)
        {
            var block = sorted[start] >> 1;
            var end = start + 1;
            while (end < count && sorted[end] >> 1 == block)
            {
                end++;
            }

            var size = end - start;
            if (size > 1)
            {
                long blockPairs;
                var split = start;
                if (records.IsLink)
                {
                    while (split < end && (sorted[split] & 1) == 0)
                    {
                        split++;
                    }

                    blockPairs = (long)(split - start) * (end - split);
                }
                else
                {
                    blockPairs = (long)size * (size - 1) / 2;
                }

                if (blockPairs > 0)
                {
                    blocks++;
                    if (size > maxBlockSize)
                    {
                        skipped++;
                        skippedPairs += blockPairs;

                        // These pairs were never made: later rules must not drop them as already seen.
                        for (var x = start; x < end; x++)
                        {
                            own[order[x]] = NoKey;
                        }
                    }
                    else if (records.IsLink)
                    {
                        for (var x = start; x < split; x++)
                        {
                            for (var y = split; y < end; y++)
                            {
                                pairs += TryAdd(keys, rule, order[x], order[y], buffer);
                            }
                        }
                    }
                    else
                    {
                        for (var x = start; x < end; x++)
                        {
                            for (var y = x + 1; y < end; y++)
                            {
                                var a = order[x];
                                var b = order[y];
                                pairs += a < b ? TryAdd(keys, rule, a, b, buffer) : TryAdd(keys, rule, b, a, buffer);
                            }
                        }
                    }
                }
            }

            start = end;
        }

        return new BlockingRuleStats(name, pairs, blocks, skipped, skippedPairs);
    }

    private static int TryAdd(long[][] keys, int rule, int a, int b, PairBuffer buffer)
    {
        for (var earlier = 0; earlier < rule; earlier++)
        {
            var k = keys[earlier];
            if (k[a] != NoKey && (k[a] >> 1) == (k[b] >> 1))
            {
                return 0;
            }
        }

        buffer.Add(a, b);
        return 1;
    }

    /// <summary>Bit mask of the rules whose keys agree for a pair (up to 64 rules).</summary>
    public static ulong RuleMask(long[][] keys, int a, int b)
    {
        ulong mask = 0;
        for (var r = 0; r < keys.Length; r++)
        {
            var k = keys[r];
            if (k[a] != NoKey && (k[a] >> 1) == (k[b] >> 1))
            {
                mask |= 1UL << r;
            }
        }

        return mask;
    }
}
