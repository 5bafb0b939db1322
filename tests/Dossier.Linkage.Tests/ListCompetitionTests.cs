using System.Text;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Clustering;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

/// <summary>
/// One person is rarely twice on one list (ADR 1827): one entity holds two rows of one list only if they match
/// as a pair (the guard, on by default), and, asked for, a record's candidates on one list compete.
/// </summary>
public sealed class ListCompetitionTests
{
    // Rows of one list in one group of three or more (groups of two can be lone pairs, ADR 1815, joined below
    // the bar on purpose), with their own probability as a pair.
    private static List<double> RepeatsInGroups(LinkageResult result)
    {
        var list = result.Model.Parameters.Select((p, i) => (p.Column, i)).Single(x => x.Column == "list_id").i;
        var found = new List<double>();
        foreach (var group in Enumerable.Range(0, result.Records.Count).GroupBy(r => result.ClusterOf![r]).Where(g => g.Count() >= 3))
        {
            foreach (var rows in group.GroupBy(r => result.Records.RawValue(r, list)).Select(g => g.ToList()).Where(g => g.Count > 1))
            {
                for (var x = 0; x < rows.Count; x++)
                {
                    for (var y = x + 1; y < rows.Count; y++)
                    {
                        found.Add(result.Explain(rows[x], rows[y]).Probability);
                    }
                }
            }
        }

        return found;
    }

    [Fact]
    public void One_entity_should_hold_two_rows_of_one_list_only_if_they_match_as_a_pair()
    {
        using var data = SyntheticData.Create(20_000, seed: 1988, harder: true);

        var guarded = RepeatsInGroups(LinkageRunner.Dedupe(data.Path, "record_id", null));
        var unguarded = RepeatsInGroups(LinkageRunner.Dedupe(data.Path, "record_id", null, options: new LinkageOptions { ListGuard = false }));

        // Without the guard, a record that matches two rows of one list joins them, whoever they are.
        unguarded.Count(p => p < 0.5).ShouldBeGreaterThan(0);
        guarded.ShouldAllBe(p => p >= 0.5 - 1e-9);
        guarded.Count.ShouldBeGreaterThan(0);
    }

    private static double Odds(double p) => p / (1 - p);

    // Record 0 on list 1 scores 0.8 with record 1 and 0.7 with record 2. Scored pair by pair, both are matches.
    private static (RecordPair[] Pairs, float[] Probability) Star() => ([new(0, 1), new(0, 2)], [0.8f, 0.7f]);

    [Fact]
    public void Two_different_people_on_one_list_should_share_one_record_s_odds_and_the_weaker_fall_below_the_threshold()
    {
        var (pairs, probability) = Star();
        int[] listOf = [1, 2, 2];

        ListCompetition.Apply(3, pairs, probability, listOf, (_, _) => 0.0, threads: 2);

        // 0 is at most one of them: P(0 = 1) = o1 / (1 + o1 + o2), "none" being the 1.
        var (o1, o2) = (Odds(0.8), Odds(0.7));
        probability[0].ShouldBe((float)(o1 / (1 + o1 + o2)), 1e-6f);
        probability[1].ShouldBe((float)(o2 / (1 + o1 + o2)), 1e-6f);
        probability[0].ShouldBeGreaterThanOrEqualTo(0.5f);
        probability[1].ShouldBeLessThan(0.5f);
    }

    [Fact]
    public void Candidates_on_different_lists_should_not_compete()
    {
        var (pairs, probability) = Star();

        ListCompetition.Apply(3, pairs, probability, [1, 2, 3], (_, _) => 0.0, threads: 1);

        probability.ShouldBe([0.8f, 0.7f]);
    }

    [Fact]
    public void A_row_that_is_the_same_person_again_on_that_list_should_be_no_rival()
    {
        var (pairs, probability) = Star();

        // Records 1 and 2 are one person listed twice (as a pair on one list, certain).
        ListCompetition.Apply(3, pairs, probability, [1, 2, 2], (x, y) => x + y == 3 ? 1.0 : 0.0, threads: 1);

        probability.ShouldBe([0.8f, 0.7f]);
    }

    [Fact]
    public void A_record_with_no_list_known_should_neither_compete_nor_be_lowered()
    {
        var (pairs, probability) = Star();

        ListCompetition.Apply(3, pairs, probability, [1, 0, 0], (_, _) => 0.0, threads: 1);

        probability.ShouldBe([0.8f, 0.7f]);
    }

    [Fact]
    public void Both_ends_of_a_pair_should_count_their_rivals()
    {
        // 0 (list 1) and 1 (list 2) score 0.9; 0 also scores 0.6 with 2 (list 2), and 1 scores 0.6 with 3 (list 1).
        RecordPair[] pairs = [new(0, 1), new(0, 2), new(1, 3)];
        float[] probability = [0.9f, 0.6f, 0.6f];

        ListCompetition.Apply(4, pairs, probability, [1, 2, 2, 1], (_, _) => 0.0, threads: 2);

        var (o, rival) = (Odds(0.9), Odds(0.6));
        var expected = o / ((1 + rival) * (1 + rival));
        probability[0].ShouldBe((float)(expected / (1 + expected)), 1e-6f);
    }

    [Fact]
    public void The_list_should_be_the_category_named_like_a_list_and_nothing_else()
    {
        var withList = RecordSet.ForDedupe(CsvTable.Parse(Encoding.UTF8.GetBytes("id,given_name,surname,state,list_id\n1,Ali,Karimi,a,families\n2,Reza,Karimi,b,ngo\n"), "l.csv"), "id");
        var without = RecordSet.ForDedupe(CsvTable.Parse(Encoding.UTF8.GetBytes("id,given_name,surname,state\n1,Ali,Karimi,a\n2,Reza,Karimi,b\n"), "n.csv"), "id");

        var list = ListCompetition.ListComparison(withList.Comparisons);
        list.ShouldBeGreaterThanOrEqualTo(0);
        withList.Comparisons[list].Column.ShouldBe("list_id");
        ListCompetition.ListComparison(without.Comparisons).ShouldBe(-1);
    }
}
