using Dossier.Linkage.Blocking;
using Dossier.Linkage.Model;

namespace Dossier.Linkage.Clustering;

/// <summary>
/// Groups records into entities from scored pairs. Edges at or above the threshold are taken
/// strongest first (union–find); two groups that both hold more than one record merge only when the
/// mean match probability over all their cross pairs reaches the coherence bar, each cross pair
/// scored by the model whether or not blocking proposed it. So a chain A–B–C where A and C are plainly
/// different people stops at the weak joint instead of swallowing both (average-linkage guard).
/// With <c>listOf</c> (the list of each record, 0 for none), two groups whose union would hold two rows of one
/// list merge only if each such pair is itself at the coherence bar (ADR 1827).
/// Then, with <c>lonePairs</c>, two records that are still alone are weighed again knowing that (ADR 1815).
/// </summary>
internal static class Clusterer
{
    public static (int[] ClusterOf, int Clusters, int Refused, double LoneFactor, int LoneLinked) Run(int recordCount, RecordPair[] pairs, float[] probability,
        LinkageModel model, double threshold, double coherence, int sample, bool lonePairs = false, int[]? listOf = null)
    {
        var edgeCount = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (probability[i] >= threshold)
            {
                edgeCount++;
            }
        }

        var edges = new int[edgeCount];
        var order = new float[edgeCount];
        var e = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (probability[i] >= threshold)
            {
                edges[e] = i;
                order[e++] = -probability[i];
            }
        }

        Array.Sort(order, edges);
        var parent = new int[recordCount];
        var size = new int[recordCount];
        var next = new int[recordCount];
        var tail = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
        {
            parent[i] = i;
            size[i] = 1;
            next[i] = -1;
            tail[i] = i;
        }

        var refused = 0;
        foreach (var edge in edges)
        {
            var ra = Find(parent, pairs[edge].A);
            var rb = Find(parent, pairs[edge].B);
            if (ra == rb)
            {
                continue;
            }

            if ((size[ra] > 1 || size[rb] > 1) && MeanCrossProbability(ra, rb, size, next, model, sample) < coherence)
            {
                refused++;
                continue;
            }

            if (listOf is not null && (size[ra] > 1 || size[rb] > 1) && !RepeatsShown(ra, rb, next, listOf, model, coherence))
            {
                refused++;
                continue;
            }

            // Union by size; splice the member lists.
            if (size[ra] < size[rb])
            {
                (ra, rb) = (rb, ra);
            }

            parent[rb] = ra;
            size[ra] += size[rb];
            next[tail[ra]] = rb;
            tail[ra] = tail[rb];
        }

        // Rounds until the factor agrees with the clustering it gives: each round estimates q and s on the
        // groups as they now stand, so a pair joined in one round counts in the next (settles in two or three).
        var (loneFactor, loneLinked) = (1.0, 0);
        var joined = lonePairs ? new bool[pairs.Length] : null;
        for (var round = 0; lonePairs && round < LoneRounds; round++)
        {
            var (f, l) = LinkLonePairs(recordCount, pairs, probability, threshold, parent, size, next, tail, joined);
            loneFactor = f;
            loneLinked += l;
            if (l == 0)
            {
                break;
            }
        }

        // Cluster number: the smallest record index in the group.
        var clusterOf = new int[recordCount];
        var clusters = 0;
        for (var i = 0; i < recordCount; i++)
        {
            var root = Find(parent, i);
            if (root == i)
            {
                clusters++;
            }

            var smallest = int.MaxValue;
            if (i == root)
            {
                for (var m = root; m != -1; m = next[m])
                {
                    smallest = Math.Min(smallest, m);
                }

                clusterOf[i] = smallest;
            }
        }

        for (var i = 0; i < recordCount; i++)
        {
            clusterOf[i] = clusterOf[Find(parent, i)];
        }

        return (clusterOf, clusters, refused, loneFactor, loneLinked);
    }

    private const int LoneRounds = 10;

    // Fewest linked pairs near the threshold to measure q on; with fewer, q is taken over all linked pairs.
    internal const int BandFloor = 100;

    /// <summary>
    /// A second look at pairs of two records that no edge joined to anything (ADR 1815). A pair's match
    /// probability is marginal over everything else; knowing that neither record found any other partner
    /// is evidence of its own. If the two are different people, both being alone has the chance s² (s:
    /// the share of records left alone, people being independent); if they are one person, it has the
    /// chance q that this person has no other record found — the share of linked pairs that sit in groups
    /// of exactly two. So the pair's odds are multiplied by q/s², and the pair joins when the updated
    /// probability reaches the threshold. Both factors come from the first pass over this data, not from
    /// labels; a pair is joined only while both records are still alone, strongest first, and its probability
    /// in <paramref name="probability"/> becomes the updated one.
    /// With <paramref name="joined"/> (the engine passes it), q is measured only on the linked candidate pairs
    /// nearest the threshold — from the threshold up to odds F times its odds, as far above it as the pairs
    /// weighed here lie below — leaving out pairs this step joined, and the array records this round's joins
    /// (ADR 1820). Without it, or with fewer than <see cref="BandFloor"/> such pairs, q is over all linked pairs.
    /// </summary>
    internal static (double Factor, int Linked) LinkLonePairs(int recordCount, RecordPair[] pairs, float[] probability, double threshold,
        int[] parent, int[] size, int[] next, int[] tail, bool[]? joined = null)
    {
        long alone = 0;
        double pairsInTwos = 0, linkedPairs = 0;
        for (var i = 0; i < recordCount; i++)
        {
            if (parent[i] != i)
            {
                continue;
            }

            if (size[i] == 1)
            {
                alone++;
            }
            else
            {
                linkedPairs += size[i] * (size[i] - 1.0) / 2;
                pairsInTwos += size[i] == 2 ? 1 : 0;
            }
        }

        var s = (double)alone / Math.Max(1, recordCount);
        if (alone < 2 || linkedPairs == 0 || threshold <= 0 || threshold >= 1)
        {
            return (1, 0);
        }

        var factor = pairsInTwos / linkedPairs / (s * s);
        if (joined is not null && factor > 1)
        {
            // q among the linked pairs nearest the threshold, as far above it in odds as the candidates lie below
            // (ADR 1820): a strong link is more often part of a larger group than the weak pairs weighed here are.
            var upperOdds = threshold / (1 - threshold) * factor;
            var upper = upperOdds / (1 + upperOdds);
            double inBand = 0, inTwos = 0;
            for (var i = 0; i < pairs.Length; i++)
            {
                var p = probability[i];
                if (p < threshold || p >= upper || joined[i])
                {
                    continue;
                }

                var ra = Find(parent, pairs[i].A);
                if (ra != Find(parent, pairs[i].B))
                {
                    continue;
                }

                inBand++;
                inTwos += size[ra] == 2 ? 1 : 0;
            }

            if (inBand >= BandFloor)
            {
                factor = inTwos / inBand / (s * s);
            }
        }

        if (factor <= 1)
        {
            return (factor, 0);
        }

        var odds = threshold / (1 - threshold) / factor;
        var lowest = odds / (1 + odds);
        var candidates = new List<int>();
        for (var i = 0; i < pairs.Length; i++)
        {
            var p = probability[i];
            if (p >= lowest && p < threshold && IsAlone(pairs[i].A) && IsAlone(pairs[i].B))
            {
                candidates.Add(i);
            }
        }

        // Strongest first; ties by pair order, so the result does not depend on the sort.
        candidates.Sort((x, y) => probability[x] != probability[y] ? probability[y].CompareTo(probability[x]) : x.CompareTo(y));
        var linked = 0;
        foreach (var i in candidates)
        {
            var (a, b) = (pairs[i].A, pairs[i].B);
            if (!IsAlone(a) || !IsAlone(b))
            {
                continue;
            }

            if (joined is not null)
            {
                joined[i] = true;
            }

            parent[b] = a;
            size[a] = 2;
            next[tail[a]] = b;
            tail[a] = tail[b];
            linked++;

            // The pair now carries its probability given that both records were otherwise unmatched, so it
            // is a match link like any other (at or above the threshold) for whoever reads the pairs.
            var p = (double)probability[i];
            var updated = p / (1 - p) * factor;
            var lifted = (float)(updated / (1 + updated));
            while (lifted < threshold)
            {
                lifted = MathF.BitIncrement(lifted);
            }

            probability[i] = lifted;
        }

        return (factor, linked);

        bool IsAlone(int r) => parent[r] == r && size[r] == 1;
    }

    // Two groups whose union would hold two rows of one list merge only if each such pair of rows is itself a
    // likely repeat, by the model's probability for the two rows (which counts their sharing a list, ADR 1823):
    // one person is rarely twice on one list (ADR 1827).
    private static bool RepeatsShown(int ra, int rb, int[] next, int[] listOf, LinkageModel model, double bar)
    {
        for (var x = ra; x != -1; x = next[x])
        {
            if (listOf[x] == 0)
            {
                continue;
            }

            for (var y = rb; y != -1; y = next[y])
            {
                if (listOf[y] == listOf[x] && model.Probability(x, y) < bar)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static double MeanCrossProbability(int ra, int rb, int[] size, int[] next, LinkageModel model, int sample)
    {
        long cross = (long)size[ra] * size[rb];
        var stride = Math.Max(1, cross / sample);
        long index = 0;
        double sum = 0;
        var scored = 0;
        for (var x = ra; x != -1; x = next[x])
        {
            for (var y = rb; y != -1; y = next[y])
            {
                if (index++ % stride != 0)
                {
                    continue;
                }

                sum += model.Probability(x, y);
                scored++;
            }
        }

        return scored == 0 ? 0 : sum / scored;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
