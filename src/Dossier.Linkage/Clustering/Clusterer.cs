using Dossier.Linkage.Blocking;
using Dossier.Linkage.Model;

namespace Dossier.Linkage.Clustering;

/// <summary>
/// Groups records into entities from scored pairs. Edges at or above the threshold are taken
/// strongest first (union–find); two groups that both hold more than one record merge only when the
/// mean match probability over all their cross pairs reaches the coherence bar, each cross pair
/// scored by the model whether or not blocking proposed it. So a chain A–B–C where A and C are plainly
/// different people stops at the weak joint instead of swallowing both (average-linkage guard).
/// </summary>
internal static class Clusterer
{
    public static (int[] ClusterOf, int Clusters, int Refused) Run(int recordCount, RecordPair[] pairs, float[] probability,
        LinkageModel model, double threshold, double coherence, int sample)
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

        return (clusterOf, clusters, refused);
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
