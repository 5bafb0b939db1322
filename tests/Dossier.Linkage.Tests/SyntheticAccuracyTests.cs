using Dossier.Linkage.Evaluation;
using Xunit.Abstractions;

namespace Dossier.Linkage.Tests;

/// <summary>Unsupervised deduplication of SYNTHETIC mixed-script Persian lists against their ground truth.</summary>
public sealed class SyntheticAccuracyTests(ITestOutputHelper output)
{
    // The bar is pairwise F1 0.97 on 100,000 records, unsupervised; 15,000 keeps a quick check.
    // At 100,000 the engine measured 0.9775 with lone pairs weighed again (ADR 1815; 0.9743 without):
    // the bar there is 0.975, so losing that step fails here.
    [Theory]
    [InlineData(15_000, 0.97)]
    [InlineData(100_000, 0.975)]
    public void Dedupe_of_mixed_script_persian_lists_should_reach_pairwise_F1_0_97(int size, double bar)
    {
        var em = EmStrategy.PerRule;
        using var data = SyntheticData.Create(size, seed: 1988);
        var result = LinkageRunner.Dedupe(data.Path, "record_id", null, options: new LinkageOptions { Em = em });
        var score = Truth.OfClusters(result, PairwiseScore.PairsOfClusters(data.Truth));
        output.WriteLine($"synthetic Persian lists, {result.Records.Count} records: {score}");
        output.WriteLine(LinkageRunner.FormatSummary(result.Summary));
        ShowErrors(result, data.Truth);
        score.F1.ShouldBeGreaterThanOrEqualTo(bar);
    }

    // The harder generator (ADR 0412) at 100,000 rows: 0.8703 measured (precision 0.955, recall 0.799) when
    // the anchored m and the recall rules landed (ADR 0413); 0.841 (recall 0.750) before them; 0.8843 (precision
    // 0.945, recall 0.831) with leave-one-out term frequencies and lone pairs (ADR 1815). The floor leaves a
    // margin of about two points, so a change that loses the namesake guard or the new rules' recall fails here.
    [Fact]
    public void Dedupe_of_the_harder_lists_should_stay_above_its_measured_floor()
    {
        using var data = SyntheticData.Create(100_000, seed: 1988, harder: true);
        var result = LinkageRunner.Dedupe(data.Path, "record_id", null);
        var score = Truth.OfClusters(result, PairwiseScore.PairsOfClusters(data.Truth));
        output.WriteLine($"harder synthetic Persian lists, {result.Records.Count} records: {score}");
        output.WriteLine(LinkageRunner.FormatSummary(result.Summary));
        score.F1.ShouldBeGreaterThanOrEqualTo(0.865);
        score.Precision.ShouldBeGreaterThanOrEqualTo(0.93);
    }

    // A few missed and false pairs with their explanations: what to look at when the figure drops.
    private void ShowErrors(LinkageResult result, List<(string Record, string Person)> truth)
    {
        var person = truth.ToDictionary(t => t.Record, t => t.Person, StringComparer.Ordinal);
        var records = result.Records;
        var clusterOf = result.ClusterOf!;
        int missed = 0, wrong = 0;
        var byPerson = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var p = person[records.IdOf(i)];
            if (!byPerson.TryGetValue(p, out var list))
            {
                byPerson[p] = list = [];
            }

            list.Add(i);
        }

        foreach (var members in byPerson.Values)
        {
            for (var x = 0; x < members.Count && missed < 6; x++)
            {
                for (var y = x + 1; y < members.Count && missed < 6; y++)
                {
                    if (clusterOf[members[x]] != clusterOf[members[y]])
                    {
                        missed++;
                        output.WriteLine("MISSED " + result.Explain(members[x], members[y]));
                    }
                }
            }
        }

        for (var i = 0; i < result.Pairs.Length && wrong < 6; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            if (clusterOf[a] == clusterOf[b] && person[records.IdOf(a)] != person[records.IdOf(b)])
            {
                wrong++;
                output.WriteLine("FALSE " + result.Explain(a, b));
            }
        }
    }
}
