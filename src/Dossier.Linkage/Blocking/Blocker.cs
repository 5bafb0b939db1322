using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Blocking;

/// <summary>Per-rule statistics of one blocking pass.</summary>
public sealed record BlockingRuleStats(string Rule, long Pairs, int Blocks, int SkippedBlocks, long SkippedPairs)
{
    /// <summary>Blocks over the cap that were split by a refining key rather than skipped.</summary>
    public int RefinedBlocks { get; init; }
}

/// <summary>
/// Candidate pairs from a union of blocking rules without an n² scan: for each rule every record gets
/// a 64-bit key, records are sorted by key, and pairs are made inside runs of equal keys. A pair a
/// later rule finds again is dropped when an earlier rule's keys already agree, so the union has no
/// duplicates and needs no hash set. Blocks larger than the cap ("Mohammad Hosseini" on a list of a
/// million) are split by a refining key the rule does not use (birth year, place, …), up to two levels;
/// what still does not fit is skipped and reported: one huge block would cost more than the rest together.
/// </summary>
internal static class Blocker
{
    public const long NoKey = long.MinValue;

    /// <param name="records">The records.</param>
    /// <param name="rules">The union of rules, in order.</param>
    /// <param name="maxBlockSize">Blocks over this are refined, then skipped.</param>
    /// <param name="swapped">
    /// Per record, whether its given and family names are read the other way round for every rule's keys
    /// (<see cref="SwappedNames"/>); null reads every record as written.
    /// </param>
    public static (RecordPair[] Pairs, long[][] Keys, BlockingRuleStats[] Stats) Generate(
        RecordSet records, IReadOnlyList<BlockingRule> rules, int maxBlockSize, bool[]? swapped = null)
    {
        var keys = new long[rules.Count][];
        var stats = new BlockingRuleStats[rules.Count];
        var buffer = new PairBuffer();
        for (var r = 0; r < rules.Count; r++)
        {
            keys[r] = ComputeKeys(records, rules[r], swapped);
            stats[r] = Emit(records, keys, r, maxBlockSize, buffer, rules[r].Name, Refiners(records, rules[r], swapped));
        }

        return (buffer.Detach(), keys, stats);
    }

    /// <summary>Key per record for a rule; the low bit carries the side for linkage so left sorts first.</summary>
    public static long[] ComputeKeys(RecordSet records, BlockingRule rule, bool[]? swapped = null)
    {
        var n = records.Count;
        var keys = new long[n];
        var parts = new int[rule.Parts.Count][];
        // One id space for the derived keys of all parts, so an order-free rule compares like with like.
        var derivedIds = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        for (var p = 0; p < rule.Parts.Count; p++)
        {
            parts[p] = PartValues(records, rule.Parts[p], derivedIds, swapped);
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

    private const int PrefixLength = 4;

    private static int[] PartValues(RecordSet records, KeyPart part, Dictionary<string, int>? derivedIds = null, bool[]? swapped = null)
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

        // A record read the other way round takes this part from the other name column, keyed the same way
        // (phonetic ids and derived keys share one id space across the name columns; exact value ids do not).
        var role = records.Fields[field].Role;
        var partner = swapped is null || part.Kind == KeyKind.Exact ? -1
            : role == FieldRole.GivenName ? NameField(records, FieldRole.FamilyName)
            : role == FieldRole.FamilyName ? NameField(records, FieldRole.GivenName)
            : -1;
        if (partner < 0)
        {
            return ColumnValues(records, field, part.Kind, derivedIds);
        }

        derivedIds ??= new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        var values = ColumnValues(records, field, part.Kind, derivedIds);
        var other = ColumnValues(records, partner, part.Kind, derivedIds);
        for (var i = 0; i < values.Length; i++)
        {
            if (swapped![i])
            {
                values[i] = other[i];
            }
        }

        return values;
    }

    private static int NameField(RecordSet records, FieldRole role)
    {
        for (var f = 0; f < records.Fields.Count; f++)
        {
            if (records.Fields[f].Role == role && records.Columns[f] is TextColumn)
            {
                return f;
            }
        }

        return -1;
    }

    /// <summary>
    /// Records whose given and family names look written the other way round ("Hosseini Mohammad"): a two-class
    /// mixture over the records with both names, (given, family) or (family, given), each class a product of how
    /// often a phonetic key is a given and a family name, fitted by EM with the share of swapped records; a record
    /// is read swapped when its posterior passes one half. Null without both a given and a family name.
    /// </summary>
    public static bool[]? SwappedNames(RecordSet records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var givenField = NameField(records, FieldRole.GivenName);
        var familyField = NameField(records, FieldRole.FamilyName);
        if (givenField < 0 || familyField < 0)
        {
            return null;
        }

        var given = (TextColumn)records.Columns[givenField];
        var family = (TextColumn)records.Columns[familyField];
        var n = records.Count;
        var g = new int[n];
        var f = new int[n];
        var size = 1;
        for (var i = 0; i < n; i++)
        {
            g[i] = given.Phonetic[given.Value[i]];
            f[i] = family.Phonetic[family.Value[i]];
            size = Math.Max(size, Math.Max(g[i], f[i]) + 1);
        }

        long both = 0;
        for (var i = 0; i < n; i++)
        {
            both += g[i] != 0 && f[i] != 0 ? 1 : 0;
        }

        var swapped = new bool[n];
        if (both == 0)
        {
            return swapped;
        }

        // EM for a two-class mixture: a record is (given, family) or (family, given). The keys' frequencies as a
        // given and as a family name are counted with each record split by its posterior, so the swapped records
        // do not teach that "Ali" is a family name (counted as written, no single name could outweigh the prior).
        // Posteriors are held in fixed point and summed as integers, so the sums, and the reading, do not depend
        // on the order of the records (ADR 0410).
        const long One = 1L << 30;
        var posterior = new long[n];
        var asGiven = new long[size];
        var asFamily = new long[size];
        var share = 0.0;
        var logPrior = Math.Log(0.01 / 0.99);
        for (var iteration = 0; iteration < 30; iteration++)
        {
            Array.Fill(asGiven, One / 2);
            Array.Fill(asFamily, One / 2);
            for (var i = 0; i < n; i++)
            {
                if (g[i] != 0 && f[i] != 0)
                {
                    var w = posterior[i];
                    asGiven[g[i]] += One - w;
                    asFamily[f[i]] += One - w;
                    asGiven[f[i]] += w;
                    asFamily[g[i]] += w;
                }
            }

            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                if (g[i] != 0 && f[i] != 0)
                {
                    // Both classes' frequencies have one total, so the log-likelihood ratio needs no normalising. The
                    // record's own counts are left out (a name seen nowhere else would otherwise vouch for how it was
                    // written), as the term frequencies are (ADR 1815).
                    // One key in both columns ("Ali Ali") says nothing about the order.
                    var w = posterior[i];
                    var llr = g[i] == f[i] ? 0
                        : Math.Log((double)(asFamily[g[i]] - w) / (asGiven[g[i]] - (One - w)))
                            + Math.Log((double)(asGiven[f[i]] - w) / (asFamily[f[i]] - (One - w)));
                    posterior[i] = (long)Math.Round(One / (1 + Math.Exp(-(llr + logPrior))));
                    sum += posterior[i];
                }
            }

            var next = Math.Clamp((double)sum / One / both, 1e-6, 0.5);
            var done = Math.Abs(next - share) < 1e-6;
            share = next;
            logPrior = Math.Log(share / (1 - share));
            if (done)
            {
                break;
            }
        }

        for (var i = 0; i < n; i++)
        {
            swapped[i] = posterior[i] > One / 2;
        }

        return swapped;
    }

    private static int[] ColumnValues(RecordSet records, int field, KeyKind kind, Dictionary<string, int>? derivedIds)
    {
        var part = new KeyPart(records.Fields[field].Column, kind);
        var values = new int[records.Count];
        switch (records.Columns[field])
        {
            case TextColumn text when part.Kind is KeyKind.PhoneticPrefix or KeyKind.PhoneticSuffix or KeyKind.PhoneticSkeleton:
                // Derived key ids per distinct value first (names repeat), then per record.
                var prefixIds = derivedIds ?? new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
                var byValue = new int[text.DistinctCount];
                for (var v = 1; v < byValue.Length; v++)
                {
                    var key = text.PhoneticKeys[v];
                    var prefix = part.Kind switch
                    {
                        KeyKind.PhoneticSkeleton => Skeleton(key),
                        _ when key.Length <= PrefixLength => key,
                        KeyKind.PhoneticSuffix => key[^PrefixLength..],
                        _ => key[..PrefixLength],
                    };
                    if (!prefixIds.TryGetValue(prefix, out var id))
                    {
                        prefixIds[prefix] = id = prefixIds.Count;
                    }

                    byValue[v] = id;
                }

                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = byValue[text.Value[i]];
                }

                break;
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

    // The consonant codes of a phonetic key: the vowel codes (a, i, u) dropped, repeats merged. A key of
    // vowels only keeps itself, so it never becomes "missing".
    internal static string Skeleton(string key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var length = 0;
        foreach (var c in key)
        {
            if (c is not ('a' or 'i' or 'u') && (length == 0 || buffer[length - 1] != c))
            {
                buffer[length++] = c;
            }
        }

        return length == 0 ? key : new string(buffer[..length]);
    }

    // Mutable tallies of one rule's pass.
    private sealed class Tally
    {
        public long Pairs;
        public long SkippedPairs;
        public int Blocks;
        public int Refined;
        public int Skipped;
    }

    private static BlockingRuleStats Emit(RecordSet records, long[][] keys, int rule, int maxBlockSize, PairBuffer buffer, string name,
        int[][] refiners)
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
        var tally = new Tally();
        var start = 0;
        while (start < count)
        {
            var block = sorted[start] >> 1;
            var end = start + 1;
            while (end < count && sorted[end] >> 1 == block)
            {
                end++;
            }

            if (end - start > 1)
            {
                EmitBlock(records, keys, rule, order.AsSpan(start, end - start), sorted.AsSpan(start, end - start), maxBlockSize, buffer, refiners, 0, tally);
            }

            start = end;
        }

        return new BlockingRuleStats(name, tally.Pairs, tally.Blocks, tally.Skipped, tally.SkippedPairs) { RefinedBlocks = tally.Refined };
    }

    // One block: members sorted so that (for linkage) left records come first. A block over the cap is
    // split by the next refining key (birth year, place, …) instead of being dropped; only what still
    // does not fit after every refiner is skipped.
    private static void EmitBlock(RecordSet records, long[][] keys, int rule, Span<int> members, Span<long> memberKeys, int maxBlockSize,
        PairBuffer buffer, int[][] refiners, int depth, Tally tally)
    {
        var size = members.Length;
        var split = 0;
        long blockPairs;
        if (records.IsLink)
        {
            while (split < size && (memberKeys[split] & 1) == 0)
            {
                split++;
            }

            blockPairs = (long)split * (size - split);
        }
        else
        {
            blockPairs = (long)size * (size - 1) / 2;
        }

        if (blockPairs == 0)
        {
            return;
        }

        var own = keys[rule];
        if (size > maxBlockSize)
        {
            if (depth < refiners.Length)
            {
                tally.Refined++;
                Refine(records, keys, rule, members, maxBlockSize, buffer, refiners, depth, tally);
                return;
            }

            tally.Skipped++;
            tally.SkippedPairs += blockPairs;

            // These pairs were never made: later rules must not drop them as already seen.
            foreach (var m in members)
            {
                own[m] = NoKey;
            }

            return;
        }

        tally.Blocks++;
        if (records.IsLink)
        {
            for (var x = 0; x < split; x++)
            {
                for (var y = split; y < size; y++)
                {
                    tally.Pairs += TryAdd(keys, rule, members[x], members[y], buffer);
                }
            }

            return;
        }

        for (var x = 0; x < size; x++)
        {
            for (var y = x + 1; y < size; y++)
            {
                var a = members[x];
                var b = members[y];
                tally.Pairs += a < b ? TryAdd(keys, rule, a, b, buffer) : TryAdd(keys, rule, b, a, buffer);
            }
        }
    }

    private static void Refine(RecordSet records, long[][] keys, int rule, Span<int> members, int maxBlockSize, PairBuffer buffer,
        int[][] refiners, int depth, Tally tally)
    {
        var own = keys[rule];
        var values = refiners[depth];
        var subOrder = new int[members.Length];
        var subKeys = new long[members.Length];
        var count = 0;
        foreach (var m in members)
        {
            var v = values[m];
            if (v == 0)
            {
                // No refining value: this record leaves the rule, so later rules still pair it.
                own[m] = NoKey;
                continue;
            }

            // The rule's key now includes the refining value, so "already paired by this rule"
            // stays true to the pairs actually made.
            var side = own[m] & 1;
            var mixed = (((ulong)(own[m] >> 1) * 0x9E3779B97F4A7C15UL) ^ ((uint)v * 0xC2B2AE3D27D4EB4FUL)) >> 2;
            own[m] = ((long)mixed << 1) | side;
            subKeys[count] = own[m];
            subOrder[count++] = m;
        }

        Array.Sort(subKeys, subOrder, 0, count);
        var start = 0;
        while (start < count)
        {
            var block = subKeys[start] >> 1;
            var end = start + 1;
            while (end < count && subKeys[end] >> 1 == block)
            {
                end++;
            }

            if (end - start > 1)
            {
                EmitBlock(records, keys, rule, subOrder.AsSpan(start, end - start), subKeys.AsSpan(start, end - start), maxBlockSize, buffer,
                    refiners, depth + 1, tally);
            }

            start = end;
        }
    }

    /// <summary>Refining keys for a rule's oversized blocks: fields the rule does not already use, most selective first.</summary>
    public static int[][] Refiners(RecordSet records, BlockingRule rule, bool[]? swapped = null)
    {
        var candidates = new List<KeyPart>();
        foreach (var f in records.Fields)
        {
            switch (f.Role)
            {
                case FieldRole.BirthDate:
                    candidates.Add(new KeyPart(f.Column, KeyKind.Year));
                    break;
                case FieldRole.Place or FieldRole.OtherName or FieldRole.GivenName or FieldRole.FamilyName:
                    candidates.Add(new KeyPart(f.Column, KeyKind.Phonetic));
                    break;
                case FieldRole.DeathDate or FieldRole.Postcode:
                    candidates.Add(new KeyPart(f.Column, KeyKind.Exact));
                    break;
            }
        }

        var refiners = new List<int[]>();
        foreach (var candidate in candidates)
        {
            var used = false;
            foreach (var part in rule.Parts)
            {
                used |= string.Equals(part.Column, candidate.Column, StringComparison.Ordinal);
            }

            if (!used && refiners.Count < 2)
            {
                refiners.Add(PartValues(records, candidate, swapped: swapped));
            }
        }

        return [.. refiners];
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
