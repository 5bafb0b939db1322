using Dossier.Linkage.Fields;
using Dossier.Text;

namespace Dossier.Linkage.Comparisons;

/// <summary>
/// Text compared by Jaro-Winkler thresholds after normalisation (and romanisation of Persian or
/// Arabic script). Levels: exact, then one per threshold (the first also taking "same phonetic key"
/// when phonetic keys are on), then else. Names (phonetic keys on, not token-sorted, several thresholds)
/// split the first: the same phonetic key, then the first threshold met by names of different keys, a
/// level of its own (ADR 1833). For a given/family name pair a <paramref name="partner"/>
/// column lets swapped names ("Hosseini Ali" / "Ali Hosseini") count as agreement.
/// </summary>
internal sealed class TextComparison : Comparison
{
    private readonly TextColumn _column;
    private readonly TextColumn? _partner;
    private readonly double[] _thresholds;
    private readonly bool _phonetic;
    private readonly bool _tokenSort;

    public TextComparison(string column, FieldRole role, TextColumn data, double[] thresholds, bool phonetic, bool tokenSort, TextColumn? partner)
        : base(column, role, LevelsFor(thresholds, phonetic, tokenSort))
    {
        _column = data;
        _thresholds = thresholds;
        _phonetic = phonetic;
        _tokenSort = tokenSort;
        _partner = partner;
        _split = Split(phonetic, tokenSort, thresholds);
    }

    private readonly bool _split;

    public TextColumn Data => _column;

    public override bool TermFrequency => true;

    public override byte Compare(int a, int b)
    {
        var va = _column.Value[a];
        var vb = _column.Value[b];
        if (va == 0 || vb == 0)
        {
            return Missing;
        }

        var direct = CachedLevel(va, vb);
        if (direct <= 1 || _partner is null)
        {
            return direct;
        }

        // Swapped given and family names: both crosswise comparisons must agree closely.
        var pa = _partner.Value[a];
        var pb = _partner.Value[b];
        if (pa == 0 || pb == 0)
        {
            return direct;
        }

        // Close crosswise: the same key, or (names, ADR 1833) a close spelling of another key, its own level.
        var close = _split ? 2 : 1;
        var cross1 = Level(_column, va, _partner, pb);
        if (cross1 > close)
        {
            return direct;
        }

        var cross2 = Level(_partner, pa, _column, vb);
        return cross2 > close ? direct : Math.Min(direct, Math.Max(cross1, cross2));
    }

    // Names repeat: a direct-mapped cache of value-pair levels saves most similarity calls. Entries
    // are single 64-bit words (key and level together), so racing threads can share it without locks.
    private readonly ulong[] _cache = new ulong[1 << CacheBits];
    private const int CacheBits = 16;

    private byte CachedLevel(int va, int vb)
    {
        if (va > vb)
        {
            (va, vb) = (vb, va);
        }

        if (vb >= 1 << 28)
        {
            return Level(_column, va, _column, vb);
        }

        var key = ((ulong)va << 36) | ((ulong)vb << 8);
        var slot = (int)((((uint)va * 0x9E3779B1u) ^ ((uint)vb * 0x85EBCA77u)) >> (32 - CacheBits));
        var entry = _cache[slot];
        if ((entry & ~0xFFUL) == key && (entry & 0xFF) != 0)
        {
            return (byte)((entry & 0xFF) - 1);
        }

        var level = Level(_column, va, _column, vb);
        _cache[slot] = key | (uint)(level + 1);
        return level;
    }

    private byte Level(TextColumn left, int va, TextColumn right, int vb)
    {
        if (ReferenceEquals(left, right) && va == vb)
        {
            return 0;
        }

        var sa = left.Span(va);
        var sb = right.Span(vb);
        if (!ReferenceEquals(left, right) && sa.SequenceEqual(sb))
        {
            return 0;
        }

        // Given and family name columns share one phonetic key table, so keys also meet crosswise
        // (a swapped "حسین" / "Husayn" agrees on its key as it would in place).
        if (_phonetic && (ReferenceEquals(left, right) || _partner is not null) && left.Phonetic[va] != 0 && left.Phonetic[va] == right.Phonetic[vb])
        {
            return 1;
        }

        var similarity = _tokenSort ? Similarity.TokenSortJaroWinkler(sa, sb) : Similarity.JaroWinkler(sa, sb);
        // Names: "close" (level 1) is the same phonetic key (or Jaro-Winkler >= 0.92 where a name has no key), and a
        // close spelling of another key is a level of its own (2), the looser thresholds one level later (ADR 1833).
        // Two different names spelled alike (Ahmadi / Ahmadian) are common among strangers in a long tail of family
        // names, and weigh what EM finds for them rather than what a shared key weighs.
        var split = _split ? 1 : 0;
        for (var t = 0; t < _thresholds.Length; t++)
        {
            if (similarity >= _thresholds[t])
            {
                var keysDiffer = split == 1 && t == 0 && left.Phonetic[va] != 0 && right.Phonetic[vb] != 0;
                return (byte)(t == 0 ? (keysDiffer ? 2 : 1) : t + 1 + split);
            }
        }

        return (byte)(_thresholds.Length + 1 + split);
    }

    public override int TermValue(int record) => _column.Value[record];

    /// <summary>Whether the "close" level (level 1) includes equal phonetic keys.</summary>
    public bool PhoneticLevel => _phonetic;

    /// <summary>The phonetic key id of a record's value (0 = none).</summary>
    public int PhoneticOf(int record) => _column.Phonetic[_column.Value[record]];

    /// <summary>
    /// Per phonetic key id, the share of non-missing records whose value has that key (with
    /// <paramref name="leaveOneOut"/>: the chance another record has it, given one does; see <see cref="Shares"/>).
    /// </summary>
    public double[] PhoneticShares(bool leaveOneOut)
    {
        var max = 0;
        foreach (var p in _column.Phonetic)
        {
            max = Math.Max(max, p);
        }

        var counts = new double[max + 1];
        foreach (var v in _column.Value)
        {
            if (v != 0)
            {
                counts[_column.Phonetic[v]]++;
            }
        }

        counts[0] = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            counts[k] = Shares.Of((long)counts[k], _column.NonMissing, leaveOneOut);
        }

        return counts;
    }

    public override double TermShare(int value, bool leaveOneOut) => Shares.Of(_column.Frequency[value], _column.NonMissing, leaveOneOut);

    public override double ExactAgreementByFrequency(int leftCount, bool link) => FrequencyAgreement.Exact(_column.Value, leftCount, link, _column.DistinctCount);

    public override string Describe(int record) => _column.Texts[_column.Value[record]];

    // Names (not places, which are token-sorted, and not single-threshold fields) get the split close level.
    private static bool Split(bool phonetic, bool tokenSort, double[] thresholds) => phonetic && !tokenSort && thresholds.Length > 1;

    private static string[] LevelsFor(double[] thresholds, bool phonetic, bool tokenSort)
    {
        var measure = tokenSort ? "token-sort jaro-winkler" : "jaro-winkler";
        if (Split(phonetic, tokenSort, thresholds))
        {
            var split = new string[thresholds.Length + 3];
            split[0] = "exact";
            split[1] = "same phonetic key";
            split[2] = FormattableString.Invariant($"{measure} >= {thresholds[0]:0.00}, another phonetic key");
            for (var t = 1; t < thresholds.Length; t++)
            {
                split[t + 2] = FormattableString.Invariant($"{measure} >= {thresholds[t]:0.00}");
            }

            split[^1] = "else";
            return split;
        }

        var levels = new string[thresholds.Length + 2];
        levels[0] = "exact";
        for (var t = 0; t < thresholds.Length; t++)
        {
            levels[t + 1] = FormattableString.Invariant($"{measure} >= {thresholds[t]:0.00}")
                + (t == 0 && phonetic ? " or same phonetic key" : string.Empty);
        }

        levels[^1] = "else";
        return levels;
    }
}

/// <summary>Exact agreement probabilities of random pairs computed from value counts.</summary>
internal static class FrequencyAgreement
{
    public static double Exact(int[] values, int leftCount, bool link, int distinct)
    {
        if (!link)
        {
            var counts = new long[distinct];
            long n = 0;
            foreach (var v in values)
            {
                if (v != 0)
                {
                    counts[v]++;
                    n++;
                }
            }

            if (n < 2)
            {
                return double.NaN;
            }

            double same = 0;
            foreach (var c in counts)
            {
                same += (double)c * (c - 1);
            }

            return same / ((double)n * (n - 1));
        }

        var left = new long[distinct];
        var right = new long[distinct];
        long nl = 0, nr = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v == 0)
            {
                continue;
            }

            if (i < leftCount)
            {
                left[v]++;
                nl++;
            }
            else
            {
                right[v]++;
                nr++;
            }
        }

        if (nl == 0 || nr == 0)
        {
            return double.NaN;
        }

        double agree = 0;
        for (var v = 0; v < distinct; v++)
        {
            agree += (double)left[v] * right[v];
        }

        return agree / ((double)nl * nr);
    }
}
