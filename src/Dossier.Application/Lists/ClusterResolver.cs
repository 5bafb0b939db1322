namespace Dossier.Application.Lists;

/// <summary>A link between two rows the engine judged the same person, with its match probability.</summary>
public readonly record struct MatchEdge(string A, string B, double Probability);

/// <summary>
/// Current clusters = a linkage run's result + people's decisions (ADR 0603). Rows are joined greedily:
/// first every accepted pair (in the order they were decided), then the run's match links, strongest first;
/// a join is refused when it would put two rows a person rejected into one cluster. Without decisions this
/// gives back exactly the run's clusters (each is connected by its own match links). Pure and deterministic:
/// the projector calls it after every run and decision, and a rebuild gets the same clusters.
/// </summary>
public static class ClusterResolver
{
    /// <summary>Row key → cluster id (the ordinally smallest row key in the cluster), for every row given.</summary>
    public static IReadOnlyDictionary<string, string> Resolve(IEnumerable<string> rows, IEnumerable<MatchEdge> runEdges, IEnumerable<LinkageDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(runEdges);
        ArgumentNullException.ThrowIfNull(decisions);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var row in rows)
        {
            if (index.TryAdd(row, keys.Count))
            {
                keys.Add(row);
            }
        }

        // The latest decision on a pair is the one that counts.
        var latest = new Dictionary<(string, string), LinkageDecision>();
        foreach (var d in decisions.OrderBy(d => d.Sequence))
        {
            latest[RowKeys.Ordered(d.A, d.B)] = d;
        }

        var parent = Enumerable.Range(0, keys.Count).ToArray();
        var members = keys.Select((_, i) => new List<int> { i }).ToArray();
        var cannot = new Dictionary<int, HashSet<int>>();
        foreach (var d in latest.Values.Where(d => d.Verdict == LinkageVerdict.Reject))
        {
            if (index.TryGetValue(d.A, out var a) && index.TryGetValue(d.B, out var b))
            {
                (cannot.TryGetValue(a, out var sa) ? sa : cannot[a] = []).Add(b);
                (cannot.TryGetValue(b, out var sb) ? sb : cannot[b] = []).Add(a);
            }
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Join(string a, string b)
        {
            if (!index.TryGetValue(a, out var ia) || !index.TryGetValue(b, out var ib))
            {
                return;
            }

            var (ra, rb) = (Find(ia), Find(ib));
            if (ra == rb)
            {
                return;
            }

            var (small, large) = members[ra].Count <= members[rb].Count ? (ra, rb) : (rb, ra);
            foreach (var m in members[small])
            {
                if (cannot.TryGetValue(m, out var partners) && partners.Any(p => Find(p) == large))
                {
                    return;
                }
            }

            parent[small] = large;
            members[large].AddRange(members[small]);
            members[small] = [];
        }

        foreach (var d in latest.Values.Where(d => d.Verdict == LinkageVerdict.Accept).OrderBy(d => d.Sequence))
        {
            Join(d.A, d.B);
        }

        var rejected = latest.Values.Where(d => d.Verdict == LinkageVerdict.Reject).Select(d => RowKeys.Ordered(d.A, d.B)).ToHashSet();
        foreach (var e in runEdges.OrderByDescending(e => e.Probability).ThenBy(e => e.A, StringComparer.Ordinal).ThenBy(e => e.B, StringComparer.Ordinal))
        {
            if (!rejected.Contains(RowKeys.Ordered(e.A, e.B)))
            {
                Join(e.A, e.B);
            }
        }

        var clusterOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var root = 0; root < keys.Count; root++)
        {
            if (Find(root) != root)
            {
                continue;
            }

            var id = members[root].Select(i => keys[i]).Min(StringComparer.Ordinal)!;
            foreach (var m in members[root])
            {
                clusterOf[keys[m]] = id;
            }
        }

        return clusterOf;
    }
}
