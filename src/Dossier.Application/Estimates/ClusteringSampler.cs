using System.Globalization;
using System.Text;
using Dossier.Application.Lists;

namespace Dossier.Application.Estimates;

/// <summary>How a clustering is drawn from pair probabilities that need not be transitive (ADR 0207).</summary>
public enum ClusteringDraw
{
    /// <summary>
    /// Each pair's link is drawn from its probability; the drawn links are then joined strongest first with the
    /// engine's average-linkage guard (ADR 0403): two groups that both hold more than one row join only if the mean
    /// probability over all their cross pairs reaches the run's coherence bar. The default.
    /// </summary>
    Guarded,

    /// <summary>Each pair's link is drawn from its probability and the clusters are the connected components (kept for the study in bench/).</summary>
    Components,
}

/// <summary>A pair of rows with the probability that they are the same person.</summary>
public readonly record struct PairProbability(string A, string B, double P);

/// <summary>
/// Draws clusterings of list rows from a linkage run's pair probabilities with review decisions fixed (ADR 0207):
/// an accepted pair is always joined, a rejected pair never ends up in one cluster, and every other pair's link is
/// drawn independently from its probability. Pure and deterministic: sample <c>i</c> of seed <c>s</c> is the same
/// clustering on any machine, whatever other samples are drawn, so a recorded estimate re-runs to the same figures.
/// </summary>
public sealed class ClusteringSampler
{
    private readonly string[] _keys;
    private readonly (int A, int B, double P)[] _pairs; // strongest first, then by row keys
    private readonly Dictionary<long, double> _probability = [];
    private readonly List<(int A, int B)> _accepted = [];
    private readonly Dictionary<int, HashSet<int>> _cannot = [];
    private readonly int[]? _listOf; // each row's list, when the run kept one person once per list (ADR 1827, 1832)

    /// <param name="rows">Every row the clusterings are over (pairs' rows are added if missing).</param>
    /// <param name="pairs">Pair probabilities (a pair given twice keeps its highest).</param>
    /// <param name="decisions">Review decisions; the latest on a pair counts.</param>
    /// <param name="coherence">The anti-chaining bar of the guard (the run's <c>clusterCoherence</c>).</param>
    /// <param name="listGuard">
    /// The run's list guard (its <c>listGuard</c>): in a guarded join, two rows of one list (the list part of their keys)
    /// end up in one cluster only if their own pair reaches the coherence bar, as the engine clustered them.
    /// </param>
    public ClusteringSampler(IEnumerable<string> rows, IEnumerable<PairProbability> pairs, IEnumerable<LinkageDecision> decisions, double coherence,
        ClusteringDraw draw = ClusteringDraw.Guarded, bool listGuard = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(decisions);
        Coherence = coherence;
        Draw = draw;
        var pairList = pairs.ToList();
        var decisionList = decisions.ToList();
        _keys = [.. rows.Concat(pairList.SelectMany(p => new[] { p.A, p.B })).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = new Dictionary<string, int>(_keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            index[_keys[i]] = i;
        }

        if (listGuard)
        {
            var lists = new Dictionary<string, int>(StringComparer.Ordinal);
            _listOf = [.. _keys.Select(k => lists.TryGetValue(RowKeys.Split(k).ListId, out var l) ? l : lists[RowKeys.Split(k).ListId] = lists.Count)];
        }

        foreach (var p in pairList)
        {
            if (p.A == p.B)
            {
                continue;
            }

            var key = Key(index[p.A], index[p.B]);
            _probability[key] = Math.Max(_probability.GetValueOrDefault(key), Math.Clamp(p.P, 0, 1));
        }

        var latest = new Dictionary<(string, string), LinkageDecision>();
        foreach (var d in decisionList.OrderBy(d => d.Sequence))
        {
            latest[RowKeys.Ordered(d.A, d.B)] = d;
        }

        foreach (var d in latest.Values.OrderBy(d => d.Sequence))
        {
            if (!index.TryGetValue(d.A, out var a) || !index.TryGetValue(d.B, out var b) || a == b)
            {
                continue; // a decision on rows outside these lists says nothing here
            }

            var key = Key(a, b);
            if (d.Verdict == LinkageVerdict.Accept)
            {
                _accepted.Add((a, b));
                _probability[key] = 1;
            }
            else
            {
                (_cannot.TryGetValue(a, out var sa) ? sa : _cannot[a] = []).Add(b);
                (_cannot.TryGetValue(b, out var sb) ? sb : _cannot[b] = []).Add(a);
                _probability[key] = 0;
            }

            Decided++;
        }

        var accepted = _accepted.Select(p => Key(p.A, p.B)).ToHashSet();
        _pairs = [.. _probability.Where(kv => kv.Value > 0 && !accepted.Contains(kv.Key))
            .Select(kv => ((int)(kv.Key >> 32), (int)(kv.Key & 0xFFFFFFFF), kv.Value))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Item1).ThenBy(p => p.Item2)];
        Uncertain = _pairs.Count(p => p.P < 1);
    }

    public double Coherence { get; }

    public ClusteringDraw Draw { get; }

    /// <summary>Rows the clusterings are over.</summary>
    public IReadOnlyList<string> Rows => _keys;

    /// <summary>Pairs whose link is drawn (probability strictly between 0 and 1).</summary>
    public int Uncertain { get; }

    /// <summary>Decisions that apply to these rows.</summary>
    public int Decided { get; }

    /// <summary>Row key → cluster id (the ordinally smallest row key in the cluster) for sample <paramref name="sample"/> of <paramref name="seed"/>.</summary>
    public IReadOnlyDictionary<string, string> Sample(ulong seed, int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        var root = Roots(seed, sample);
        var result = new Dictionary<string, string>(_keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            // Keys are sorted, so the smallest index in a cluster is its ordinally smallest key.
            result[_keys[i]] = _keys[root[i]];
        }

        return result;
    }

    /// <summary>
    /// The clustering the engine's rule makes from these pairs (no draw): every pair at or above
    /// <paramref name="threshold"/> joined strongest first with the guard, decisions fixed — the plug-in clustering.
    /// </summary>
    public IReadOnlyDictionary<string, string> AtThreshold(double threshold)
    {
        var root = Roots(0, 0, threshold);
        var result = new Dictionary<string, string>(_keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            result[_keys[i]] = _keys[root[i]];
        }

        return result;
    }

    /// <summary>Each row's cluster as the index of the cluster's smallest row (drawn, or at a fixed threshold).</summary>
    internal int[] Roots(ulong seed, int sample, double? threshold = null)
    {
        var parent = Enumerable.Range(0, _keys.Length).ToArray();
        var members = new List<int>?[_keys.Length];

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        List<int> Members(int r) => members[r] ??= [r];

        bool Join(int a, int b, bool guard)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb)
            {
                return true;
            }

            var (ma, mb) = (Members(ra), Members(rb));
            var (small, large) = ma.Count <= mb.Count ? (ma, mb) : (mb, ma);
            foreach (var x in small)
            {
                if (_cannot.TryGetValue(x, out var partners) && partners.Any(p => Find(p) == Find(large[0])))
                {
                    return false;
                }
            }

            if (guard && ma.Count > 1 && mb.Count > 1)
            {
                // The engine's guard: the mean probability over all cross pairs (pairs with no probability count 0).
                var sum = 0.0;
                foreach (var x in ma)
                {
                    foreach (var y in mb)
                    {
                        sum += _probability.GetValueOrDefault(Key(x, y));
                    }
                }

                if (sum / (ma.Count * (double)mb.Count) < Coherence)
                {
                    return false;
                }
            }

            // Two single rows joined by their own drawn link are not a chain: as in the engine, only groups are checked.
            if (guard && _listOf is not null && (ma.Count > 1 || mb.Count > 1) && !ListsAllow(ma, mb))
            {
                return false;
            }

            var (keep, drop) = ra < rb ? (ra, rb) : (rb, ra);
            parent[drop] = keep;
            var into = Members(keep);
            into.AddRange(members[drop] ?? [drop]);
            members[drop] = null;
            return true;
        }

        foreach (var (a, b) in _accepted)
        {
            Join(a, b, guard: false);
        }

        // The list guard: every pair of rows of one list across the two groups must reach the bar by itself.
        bool ListsAllow(List<int> ma, List<int> mb)
        {
            foreach (var x in ma)
            {
                foreach (var y in mb)
                {
                    if (_listOf![x] == _listOf[y] && _probability.GetValueOrDefault(Key(x, y)) < Coherence)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        var random = new SplitMix(seed, sample);
        var guarded = Draw == ClusteringDraw.Guarded || threshold is not null;
        foreach (var (a, b, p) in _pairs)
        {
            // One variate per pair in a fixed order, drawn whether or not it is used, so a pair's draw never depends on another's.
            var u = random.NextDouble();
            if (threshold is { } t ? p >= t : u < p)
            {
                Join(a, b, guarded);
            }
        }

        var roots = new int[_keys.Length];
        for (var i = 0; i < roots.Length; i++)
        {
            roots[i] = Find(i);
        }

        return roots;
    }

    /// <summary>
    /// Capture histories of a clustering over <paramref name="lists"/> (sorted; one 0/1 column each, then <c>count</c>),
    /// in the format <see cref="ListService.HistoriesAsync"/> writes, and the number of people they count.
    /// </summary>
    public static (string Csv, long People) Histories(IReadOnlyList<string> lists, IEnumerable<string> listRows, IReadOnlyDictionary<string, string> clusterOf)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(listRows);
        ArgumentNullException.ThrowIfNull(clusterOf);
        var patterns = new Dictionary<string, int>(StringComparer.Ordinal);
        var bit = lists.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        foreach (var row in listRows)
        {
            var list = bit.GetValueOrDefault(RowKeys.Split(row).ListId, -1);
            if (list < 0)
            {
                continue;
            }

            var cluster = clusterOf.TryGetValue(row, out var c) ? c : row;
            patterns[cluster] = patterns.GetValueOrDefault(cluster) | (1 << list);
        }

        var counts = new SortedDictionary<int, long>();
        foreach (var pattern in patterns.Values)
        {
            counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
        }

        var csv = new StringBuilder();
        csv.Append(string.Join(',', lists.Select(Quote))).Append(",count\n");
        foreach (var (pattern, count) in counts)
        {
            csv.Append(string.Join(',', lists.Select((_, j) => (pattern >> j & 1) == 1 ? "1" : "0")))
                .Append(',').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return (csv.ToString(), patterns.Count);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    /// <summary>SplitMix64 (Steele, Lea and Flood) over (seed, sample): the same stream on every platform and .NET version.</summary>
    private struct SplitMix(ulong seed, int sample)
    {
        private ulong _state = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(sample + 1));

        public double NextDouble()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
