using Dossier.Linkage.Evaluation;
using Dossier.Linkage.Input;
using Xunit.Abstractions;

namespace Dossier.Linkage.Tests;

/// <summary>m of a category from the pairs the other fields make near-certain (ADR 1823).</summary>
public sealed class SurePairsTests(ITestOutputHelper output)
{
    // On the harder lists namesakes with a common name pass the anchors' test, and they share a list at the
    // random rate (about a third of pairs): m of "same list" came out about twice the share among true pairs.
    [Fact]
    public void The_chance_that_two_rows_of_one_person_share_a_list_should_be_near_the_truth()
    {
        using var data = SyntheticData.Create(30_000, seed: 1988, harder: true);
        var result = LinkageRunner.Dedupe(data.Path, "record_id", null);

        var table = CsvTable.Read(data.Path);
        var (id, list) = (table.ColumnIndex("record_id"), table.ColumnIndex("list_id"));
        var listOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var row = 0; row < table.RowCount; row++)
        {
            listOf[table[row, id]] = table[row, list];
        }

        var truePairs = PairwiseScore.PairsOfClusters(data.Truth).ToList();
        var truth = (double)truePairs.Count(p => string.Equals(listOf[p.A], listOf[p.B], StringComparison.Ordinal)) / truePairs.Count;
        var fitted = result.Model.Parameters.Single(p => p.Column == "list_id").Levels.Single(l => l.Level == "exact").M;
        output.WriteLine($"m of same list: fitted {fitted:0.0000}, among the true pairs {truth:0.0000}");
        fitted.ShouldBeInRange(truth * 0.75, truth * 1.33);
    }
}
