namespace Dossier.Linkage.Evaluation;

/// <summary>Pairwise precision, recall and F1 of predicted pairs against true pairs.</summary>
public sealed record PairwiseScore(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => FormattableString.Invariant(
        $"precision {Precision:0.0000}, recall {Recall:0.0000}, F1 {F1:0.0000} (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives})");

    /// <summary>Scores predicted id pairs against true id pairs; pairs are unordered.</summary>
    public static PairwiseScore Of(IEnumerable<(string A, string B)> predicted, IEnumerable<(string A, string B)> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        var truthSet = new HashSet<(string, string)>();
        foreach (var (a, b) in truth)
        {
            truthSet.Add(Order(a, b));
        }

        var predictedSet = new HashSet<(string, string)>();
        foreach (var (a, b) in predicted)
        {
            predictedSet.Add(Order(a, b));
        }

        long tp = 0;
        foreach (var p in predictedSet)
        {
            if (truthSet.Contains(p))
            {
                tp++;
            }
        }

        return new PairwiseScore(tp, predictedSet.Count - tp, truthSet.Count - tp);
    }

    /// <summary>All within-cluster pairs of a clustering given as (record id, cluster id).</summary>
    public static IEnumerable<(string A, string B)> PairsOfClusters(IEnumerable<(string Record, string Cluster)> assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (record, cluster) in assignment)
        {
            if (!groups.TryGetValue(cluster, out var members))
            {
                groups[cluster] = members = [];
            }

            members.Add(record);
        }

        foreach (var members in groups.Values)
        {
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    yield return (members[i], members[j]);
                }
            }
        }
    }

    private static (string, string) Order(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
