using System.Buffers;

namespace Dossier.Text;

/// <summary>
/// String similarity measures used by record linkage. Every measure works on spans, allocates
/// nothing for inputs up to a few hundred characters (scratch space is on the stack) and is
/// symmetric: <c>f(a, b) == f(b, a)</c> exactly, so a link score never depends on which list came first.
/// Inputs are compared by UTF-16 code unit; normalise them first (see <c>NameNormalizer</c>).
/// </summary>
public static class Similarity
{
    // Scratch buffers above this many elements come from the array pool instead of the stack.
    private const int StackLimit = 256;

    /// <summary>
    /// Jaro similarity in [0, 1]: 1 for equal strings, 0 when no character matches within the
    /// window. Two empty strings are equal (1); one empty string against a non-empty one is 0.
    /// </summary>
    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return 1.0;
        }

        if (a.IsEmpty || b.IsEmpty)
        {
            return 0.0;
        }

        // The greedy matching pass is not order-independent in every corner case, so fix an order:
        // shorter first, ties broken ordinally. That makes the measure exactly symmetric.
        if (a.Length > b.Length || (a.Length == b.Length && a.SequenceCompareTo(b) > 0))
        {
            var t = a;
            a = b;
            b = t;
        }

        if (b.Length <= 64)
        {
            return JaroShort(a, b);
        }

        var total = a.Length + b.Length;
        bool[]? rented = null;
        var flags = total <= StackLimit
            ? stackalloc bool[total]
            : (rented = ArrayPool<bool>.Shared.Rent(total)).AsSpan(0, total);
        flags.Clear();
        try
        {
            return JaroCore(a, b, flags[..a.Length], flags[a.Length..]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    // Strings of up to 64 characters (nearly every name): matched positions live in two bit masks.
    private static double JaroShort(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var window = Math.Max(0, (b.Length / 2) - 1);
        ulong aMatched = 0;
        ulong bMatched = 0;
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            var c = a[i];
            for (var j = lo; j <= hi; j++)
            {
                if (b[j] == c && (bMatched & (1UL << j)) == 0)
                {
                    aMatched |= 1UL << i;
                    bMatched |= 1UL << j;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0.0;
        }

        var transpositions = 0;
        while (aMatched != 0)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(aMatched);
            var j = System.Numerics.BitOperations.TrailingZeroCount(bMatched);
            if (a[i] != b[j])
            {
                transpositions++;
            }

            aMatched &= aMatched - 1;
            bMatched &= bMatched - 1;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2)) / m)) / 3.0;
    }

    private static double JaroCore(ReadOnlySpan<char> a, ReadOnlySpan<char> b, Span<bool> aMatched, Span<bool> bMatched)
    {
        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            var c = a[i];
            for (var j = lo; j <= hi; j++)
            {
                if (!bMatched[j] && b[j] == c)
                {
                    aMatched[i] = true;
                    bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0.0;
        }

        // Half the number of matched characters that appear in a different order.
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2)) / m)) / 3.0;
    }

    /// <summary>
    /// Jaro-Winkler similarity in [0, 1]: Jaro boosted by the length of the common prefix (up to
    /// four characters, scale 0.1), applied only when Jaro is above 0.7 as Winkler proposed.
    /// </summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= 0.7 || jaro >= 1.0)
        {
            return jaro;
        }

        var limit = Math.Min(4, Math.Min(a.Length, b.Length));
        var prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1.0 - jaro));
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, each costing 1.</summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => EditDistance(a, b, transpositions: false);

    /// <summary>
    /// Damerau-Levenshtein distance in its optimal-string-alignment form: like Levenshtein, and a
    /// swap of two adjacent characters costs 1 ("19081209" / "19081290" are one edit apart).
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => EditDistance(a, b, transpositions: true);

    /// <summary>
    /// True when <see cref="DamerauLevenshtein"/> is at most 1 (equal, one insertion, deletion,
    /// substitution or swap of neighbours), in one linear pass without a distance table: identifiers
    /// and dates are checked for "one typo" millions of times.
    /// </summary>
    public static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        if (a.Length - b.Length > 1)
        {
            return false;
        }

        var i = 0;
        while (i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == b.Length)
        {
            return true;
        }

        if (a.Length != b.Length)
        {
            // One character of the longer string dropped here.
            return a[(i + 1)..].SequenceEqual(b[i..]);
        }

        // A substitution at i, or neighbours at i and i + 1 swapped.
        return a[(i + 1)..].SequenceEqual(b[(i + 1)..])
            || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]));
    }

    /// <summary>1 − DamerauLevenshtein / longer length, in [0, 1]; 1 for equal strings (two empties included).</summary>
    public static double DamerauLevenshteinSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var longest = Math.Max(a.Length, b.Length);
        return longest == 0 ? 1.0 : 1.0 - ((double)DamerauLevenshtein(a, b) / longest);
    }

    private static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool transpositions)
    {
        // Trim the common prefix and suffix: cheap, and most name pairs differ in one place. Safe for
        // transpositions too: one that straddled the boundary would need the boundary characters equal.
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        a = a[start..];
        b = b[start..];
        var end = 0;
        while (end < a.Length && end < b.Length && a[a.Length - 1 - end] == b[b.Length - 1 - end])
        {
            end++;
        }

        a = a[..(a.Length - end)];
        b = b[..(b.Length - end)];
        if (a.IsEmpty)
        {
            return b.Length;
        }

        if (b.IsEmpty)
        {
            return a.Length;
        }

        var width = b.Length + 1;
        var needed = 3 * width;
        int[]? rented = null;
        var rows = needed <= StackLimit
            ? stackalloc int[needed]
            : (rented = ArrayPool<int>.Shared.Rent(needed)).AsSpan(0, needed);
        try
        {
            var twoBack = rows[..width];
            var previous = rows.Slice(width, width);
            var current = rows.Slice(2 * width, width);
            for (var j = 0; j < width; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var ca = a[i - 1];
                for (var j = 1; j < width; j++)
                {
                    var cb = b[j - 1];
                    var cost = ca == cb ? 0 : 1;
                    var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (transpositions && i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb)
                    {
                        best = Math.Min(best, twoBack[j - 2] + 1);
                    }

                    current[j] = best;
                }

                var recycled = twoBack;
                twoBack = previous;
                previous = current;
                current = recycled;
            }

            return previous[width - 1];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Token-sort Jaro-Winkler in [0, 1] for multi-word names: the best Jaro-Winkler between the two
    /// strings with their space-separated tokens put in ordinal order, so "hosseini ali" and
    /// "ali hosseini" score 1. Falls back to plain Jaro-Winkler for one-token strings.
    /// </summary>
    public static double TokenSortJaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.IndexOf(' ') < 0 && b.IndexOf(' ') < 0)
        {
            return JaroWinkler(a, b);
        }

        char[]? rented = null;
        var total = a.Length + b.Length;
        var buffer = total <= StackLimit
            ? stackalloc char[total]
            : (rented = ArrayPool<char>.Shared.Rent(total)).AsSpan(0, total);
        try
        {
            var sa = buffer[..a.Length];
            var sb = buffer.Slice(a.Length, b.Length);
            var la = SortTokens(a, sa);
            var lb = SortTokens(b, sb);
            return Math.Max(JaroWinkler(a, b), JaroWinkler(sa[..la], sb[..lb]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // Writes the tokens of source in ordinal order, single-space separated; returns the length.
    private static int SortTokens(ReadOnlySpan<char> source, Span<char> destination)
    {
        Span<Range> tokens = stackalloc Range[16];
        var count = 0;
        var i = 0;
        while (i < source.Length && count < tokens.Length)
        {
            while (i < source.Length && source[i] == ' ')
            {
                i++;
            }

            var s = i;
            while (i < source.Length && source[i] != ' ')
            {
                i++;
            }

            if (i > s)
            {
                tokens[count++] = new Range(s, i);
            }
        }

        // Insertion sort: names have a handful of tokens.
        for (var x = 1; x < count; x++)
        {
            var current = tokens[x];
            var y = x - 1;
            while (y >= 0 && source[tokens[y]].SequenceCompareTo(source[current]) > 0)
            {
                tokens[y + 1] = tokens[y];
                y--;
            }

            tokens[y + 1] = current;
        }

        var written = 0;
        for (var t = 0; t < count; t++)
        {
            if (t > 0)
            {
                destination[written++] = ' ';
            }

            var token = source[tokens[t]];
            token.CopyTo(destination[written..]);
            written += token.Length;
        }

        return written;
    }
}
