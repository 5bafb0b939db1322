using System.Collections.Concurrent;
using System.Numerics;

namespace Dossier.Testimony;

/// <summary>
/// Finds statements that are near-copies of each other — coached from one script, or copied — without
/// comparing every pair (ADR 1401). Each statement becomes the set of its word shingles over
/// <see cref="StatementTokens"/> keys (so spellings and scripts of names, letter forms, ZWNJ and digits do not
/// matter); a MinHash signature of the uncommon shingles is cut into LSH bands; statements that share a
/// band are candidates; each candidate pair's exact similarity is the Dice coefficient of the two shingle
/// sets, and a pair at or above the threshold is a near-copy. Honest witnesses who tell the same facts in
/// their own words share names and places, not runs of words, and stay below it. Stock phrases — shingles
/// in more statements than the common-shingle limit — are kept out of the signatures and, in the score,
/// count limit/df instead of 1 (ADR 1828): a run of words that hundreds of statements share says little
/// about whether two of them were copied. When the statements' allegations are known (ADR 1829), statements of
/// one small allegation are also compared pair by pair, a pair of different allegations must reach the stricter
/// <see cref="NearCopyOptions.CrossAllegationThreshold"/>. In the score, "stock" is a share of the file
/// (<see cref="NearCopyOptions.StockScoreShare"/>), not a count, so a pair scores the same in a larger file.
/// </summary>
public sealed class NearCopyDetector
{
    private readonly NearCopyOptions _options;
    private readonly StatementTokens _tokens = new();
    private readonly ulong[] _multipliers;
    private readonly ulong[] _addends;

    public NearCopyDetector(NearCopyOptions? options = null)
    {
        _options = options ?? new NearCopyOptions();
        if (_options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var count = _options.Bands * _options.RowsPerBand;
        _multipliers = new ulong[count];
        _addends = new ulong[count];
        var state = 0x5EED_1401UL;
        for (var i = 0; i < count; i++)
        {
            // Odd multipliers make x·a + b a permutation of the 64-bit values.
            _multipliers[i] = StatementTokens.Mix(state += 0x9E3779B97F4A7C15UL) | 1UL;
            _addends[i] = StatementTokens.Mix(state += 0x9E3779B97F4A7C15UL);
        }
    }

    public NearCopyOptions Options => _options;

    /// <summary>What one run did: how many candidate pairs the bands gave and how many were near-copies.</summary>
    public sealed record RunFigures(int Statements, long CandidatePairs, int NearCopies, int CommonShingles);

    /// <summary>The near-copy pairs among <paramref name="statements"/>, ordered by left then right id.</summary>
    public IReadOnlyList<NearCopy> Find(IReadOnlyList<Statement> statements) => Find(statements, out _);

    /// <inheritdoc cref="Find(IReadOnlyList{Statement})"/>
    public IReadOnlyList<NearCopy> Find(IReadOnlyList<Statement> statements, out RunFigures figures)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var pairs = FindIndexes([.. statements.Select(s => s.Text)], [.. statements.Select(s => (IReadOnlyList<string>)[s.AllegationId])], out figures);
        return [.. pairs
            .Select(p => string.CompareOrdinal(statements[p.Left].Id, statements[p.Right].Id) < 0
                ? new NearCopy(statements[p.Left].Id, statements[p.Right].Id, p.Score)
                : new NearCopy(statements[p.Right].Id, statements[p.Left].Id, p.Score))
            .OrderBy(p => p.LeftId, StringComparer.Ordinal).ThenBy(p => p.RightId, StringComparer.Ordinal)];
    }

    /// <summary>The near-copy pairs among <paramref name="texts"/> by position (left &lt; right), with their scores.</summary>
    public IReadOnlyList<(int Left, int Right, double Score)> FindIndexes(IReadOnlyList<string> texts, out RunFigures figures) =>
        FindIndexes(texts, null, out figures);

    /// <summary>
    /// The near-copy pairs among <paramref name="texts"/> by position (left &lt; right), with their scores, where
    /// <paramref name="allegations"/> holds each text's allegation ids (ADR 1829): statements of one allegation are
    /// also compared directly when the allegation is small, and a pair that shares no allegation must reach
    /// <see cref="NearCopyOptions.CrossAllegationThreshold"/> too. Null: every pair is judged by the threshold alone.
    /// </summary>
    public IReadOnlyList<(int Left, int Right, double Score)> FindIndexes(
        IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyList<string>>? allegations, out RunFigures figures)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (allegations is not null && allegations.Count != texts.Count)
        {
            throw new ArgumentException("one list of allegations per text", nameof(allegations));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism };
        var n = texts.Count;
        var shingles = new ulong[n][];
        Parallel.For(0, n, parallel, i => shingles[i] = Shingles(texts[i]));

        // Stock phrases: kept out of the signatures above one statement in a thousand (ADR 1401); weighted down in
        // the score above StockScoreShare of the file (one in a hundred; ADR 1829), a share rather than a count, so
        // that a pair scores the same in a file ten times larger.
        var common = CommonShingles(shingles, Math.Max(_options.CommonShingleStatements, n / 1000), Math.Max(_options.CommonShingleStatements, (int)(n * _options.StockScoreShare)));
        var totals = new double[n];
        Parallel.For(0, n, parallel, i => totals[i] = Weight(shingles[i], common));
        var bands = _options.Bands;
        var keys = new uint[(long)n * bands];
        Parallel.For(0, n, parallel, i => Signature(shingles[i], common, keys.AsSpan(i * bands, bands)));

        // Statements without words are never near-copies: they take no part in the bands.
        var live = Enumerable.Range(0, n).Where(i => shingles[i].Length > 0).ToArray();
        var candidates = new ConcurrentBag<ulong[]>();
        Parallel.For(0, bands, parallel, () => new List<ulong>(), (band, _, found) =>
        {
            var column = new ulong[live.Length];
            for (var k = 0; k < live.Length; k++)
            {
                var i = live[k];
                column[k] = ((ulong)keys[((long)i * bands) + band] << 32) | (uint)i;
            }

            Array.Sort(column);
            var length = column.Length;
            for (var start = 0; start < length;)
            {
                var end = start + 1;
                while (end < length && column[end] >> 32 == column[start] >> 32)
                {
                    end++;
                }

                for (var a = start; a < end; a++)
                {
                    for (var b = a + 1; b < end; b++)
                    {
                        // Rows are sorted by statement within a bucket, so (a, b) is already (smaller, larger).
                        found.Add(((ulong)(uint)column[a] << 32) | (uint)column[b]);
                    }
                }

                start = end;
            }

            return found;
        }, found => candidates.Add([.. found]));

        var all = candidates.SelectMany(c => c).Concat(BlockPairs(shingles, allegations)).ToArray();
        Array.Sort(all);
        var distinct = 0;
        for (var i = 0; i < all.Length; i++)
        {
            if (i == 0 || all[i] != all[i - 1])
            {
                all[distinct++] = all[i];
            }
        }

        var scores = new double[distinct];
        var threshold = _options.Threshold;
        Parallel.For(0, distinct, parallel, c =>
        {
            var pair = all[c];
            var left = (int)(pair >> 32);
            var right = (int)(uint)pair;
            scores[c] = Dice(shingles[left], shingles[right], common, totals[left] + totals[right]);
        });

        var cross = Math.Max(threshold, _options.CrossAllegationThreshold);
        var result = new List<(int, int, double)>();
        for (var c = 0; c < distinct; c++)
        {
            var left = (int)(all[c] >> 32);
            var right = (int)(uint)all[c];
            var bar = allegations is null || ShareAllegation(allegations[left], allegations[right]) ? threshold : cross;
            if (scores[c] >= bar && scores[c] > 0)
            {
                result.Add((left, right, scores[c]));
            }
        }

        figures = new RunFigures(n, distinct, result.Count, common.Count);
        return result;
    }

    // Every pair of statements of one allegation, for allegations of 2 to AllegationBlockLimit statements with words,
    // as (smaller, larger) packed like the band pairs.
    private List<ulong> BlockPairs(ulong[][] shingles, IReadOnlyList<IReadOnlyList<string>>? allegations)
    {
        var pairs = new List<ulong>();
        var limit = _options.AllegationBlockLimit;
        if (allegations is null || limit < 2)
        {
            return pairs;
        }

        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < allegations.Count; i++)
        {
            if (shingles[i].Length == 0)
            {
                continue;
            }

            foreach (var id in allegations[i])
            {
                if (!blocks.TryGetValue(id, out var members))
                {
                    blocks[id] = members = [];
                }

                members.Add(i);
            }
        }

        foreach (var members in blocks.Values)
        {
            if (members.Count < 2 || members.Count > limit)
            {
                continue;
            }

            for (var a = 0; a < members.Count; a++)
            {
                for (var b = a + 1; b < members.Count; b++)
                {
                    var (x, y) = members[a] < members[b] ? (members[a], members[b]) : (members[b], members[a]);
                    if (x == y)
                    {
                        continue; // one statement listed twice under one allegation
                    }

                    pairs.Add(((ulong)(uint)x << 32) | (uint)y);
                }
            }
        }

        return pairs;
    }

    private static bool ShareAllegation(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        foreach (var id in left)
        {
            foreach (var other in right)
            {
                if (string.Equals(id, other, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The exact similarity of two texts (what a candidate pair is judged by): Dice of their shingle sets, 0–1.</summary>
    public double Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Dice(Shingles(left), Shingles(right));
    }

    /// <summary>The distinct shingles of a text, sorted: a hash of each run of <see cref="NearCopyOptions.ShingleSize"/> word keys.</summary>
    internal ulong[] Shingles(string text)
    {
        var words = _tokens.Encode(text);
        var size = _options.ShingleSize;
        if (words.Length == 0)
        {
            return [];
        }

        var count = Math.Max(1, words.Length - size + 1);
        var set = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var hash = 0x243F6A8885A308D3UL;
            for (var w = i; w < Math.Min(words.Length, i + size); w++)
            {
                hash = StatementTokens.Mix(unchecked((hash * 0x100000001B3UL) ^ words[w]));
            }

            set[i] = hash;
        }

        Array.Sort(set);
        var distinct = 0;
        for (var i = 0; i < set.Length; i++)
        {
            if (i == 0 || set[i] != set[i - 1])
            {
                set[distinct++] = set[i];
            }
        }

        return set[..distinct];
    }

    // A shingle's weight in the score: 1, or limit/df for a stock phrase (in df > limit statements).
    private static double Weight(ulong[] shingles, Dictionary<ulong, double> common)
    {
        if (common.Count == 0)
        {
            return shingles.Length;
        }

        var total = 0.0;
        foreach (var s in shingles)
        {
            total += common.TryGetValue(s, out var w) ? w : 1.0;
        }

        return total;
    }

    // The plain Dice coefficient: no stock phrases to weigh.
    internal static double Dice(ulong[] left, ulong[] right) => Dice(left, right, NoStockPhrases, left.Length + right.Length);

    private static readonly Dictionary<ulong, double> NoStockPhrases = [];

    // Dice with stock phrases weighted down: 2·(weight shared) / (weight of one + weight of the other); a shingle
    // that is no stock phrase weighs 1, so with none this is the plain coefficient (and skips the look-ups).
    private static double Dice(ulong[] left, ulong[] right, Dictionary<ulong, double> common, double total)
    {
        if (left.Length == 0 || right.Length == 0 || total <= 0)
        {
            return 0;
        }

        var weighted = common.Count > 0;
        int i = 0, j = 0;
        var shared = 0.0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] == right[j])
            {
                shared += weighted && common.TryGetValue(left[i], out var w) ? w : 1.0;
                i++;
                j++;
            }
            else if (left[i] < right[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return Math.Min(1.0, 2.0 * shared / total);
    }

    // Shingles in more than `limit` statements, each with its weight in the score (scoreLimit / statements that have it, at most 1):
    // counted by sorting every statement's (distinct) shingles together.
    private static Dictionary<ulong, double> CommonShingles(ulong[][] shingles, int limit, int scoreLimit)
    {
        var total = 0L;
        foreach (var set in shingles)
        {
            total += set.Length;
        }

        var common = new Dictionary<ulong, double>();
        if (total <= limit)
        {
            return common;
        }

        var all = new ulong[total];
        var at = 0L;
        foreach (var set in shingles)
        {
            set.CopyTo(all, at);
            at += set.Length;
        }

        Array.Sort(all);
        for (long start = 0; start < all.LongLength;)
        {
            var end = start + 1;
            while (end < all.LongLength && all[end] == all[start])
            {
                end++;
            }

            if (end - start > limit)
            {
                common.Add(all[start], Math.Min(1.0, (double)scoreLimit / (end - start)));
            }

            start = end;
        }

        return common;
    }

    // One 32-bit key per band: the band's minimum hashes folded together. Common shingles are left out unless
    // they are all the statement has.
    private void Signature(ulong[] shingles, Dictionary<ulong, double> common, Span<uint> bandKeys)
    {
        if (shingles.Length == 0)
        {
            return;
        }

        var rare = shingles.Where(s => !common.ContainsKey(s)).ToArray();
        if (rare.Length == 0)
        {
            rare = shingles;
        }

        var rows = _options.RowsPerBand;
        for (var band = 0; band < bandKeys.Length; band++)
        {
            var folded = 0xCBF29CE484222325UL;
            for (var r = 0; r < rows; r++)
            {
                var h = (band * rows) + r;
                var a = _multipliers[h];
                var b = _addends[h];
                var min = ulong.MaxValue;
                foreach (var x in rare)
                {
                    var v = unchecked((x * a) + b);
                    if (v < min)
                    {
                        min = v;
                    }
                }

                folded = StatementTokens.Mix(folded ^ BitOperations.RotateLeft(min, r * 17));
            }

            bandKeys[band] = (uint)(folded >> 32);
        }
    }
}
