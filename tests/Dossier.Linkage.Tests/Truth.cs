using Dossier.Linkage.Evaluation;
using Dossier.Linkage.Input;
using Dossier.Testing;

namespace Dossier.Linkage.Tests;

/// <summary>Ground truth from ../shared/data/linkage and pairwise scoring of a result against it.</summary>
internal static class Truth
{
    public static string Data(string file) => TestEnvironment.SharedData(Path.Combine("linkage", file));

    public static List<(string A, string B)> Pairs(string file)
    {
        var table = CsvTable.Read(Data(file));
        var pairs = new List<(string, string)>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            pairs.Add((table[r, 0], table[r, 1]));
        }

        return pairs;
    }

    public static PairwiseScore OfLink(LinkageResult result, IEnumerable<(string A, string B)> truth, double threshold, bool oneToOne = false)
    {
        var predicted = new List<(string, string)>();
        foreach (var (a, b, _) in result.Matches(threshold, oneToOne))
        {
            predicted.Add((result.Records.IdOf(a), result.Records.IdOf(b)));
        }

        return PairwiseScore.Of(predicted, truth);
    }

    public static PairwiseScore OfClusters(LinkageResult result, IEnumerable<(string A, string B)> truth)
    {
        var assignment = new List<(string, string)>(result.Records.Count);
        for (var i = 0; i < result.Records.Count; i++)
        {
            assignment.Add((result.Records.IdOf(i), result.Records.IdOf(result.ClusterOf![i])));
        }

        return PairwiseScore.Of(PairwiseScore.PairsOfClusters(assignment), truth);
    }
}
