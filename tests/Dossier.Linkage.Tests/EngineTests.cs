using System.Text;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Clustering;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;
using Dossier.Testing;

namespace Dossier.Linkage.Tests;

public sealed class EngineTests
{
    private static readonly string[] Given = ["ali", "reza", "mohammad", "muhammad", "hossein", "zahra", "maryam", "علی", "رضا", "محمد"];
    private static readonly string[] Family = ["hosseini", "husseini", "nouri", "noury", "karimi", "ahmadi", "نوری", "حسینی", "rezaei", "tehrani"];
    private static readonly string[] Cities = ["tehran", "shiraz", "tabriz", "تهران", ""];

    // A small random list with many shared keys, so blocks overlap between rules.
    private static CsvTable RandomList(int seed, int rows)
    {
        var random = new Random(seed);
        var b = new StringBuilder("id,given_name,surname,birth_year,city\n");
        for (var i = 0; i < rows; i++)
        {
            var year = random.Next(5) == 0 ? string.Empty : (1950 + random.Next(6)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"r{i},{Given[random.Next(Given.Length)]},{Family[random.Next(Family.Length)]},{year},{Cities[random.Next(Cities.Length)]}\n");
        }

        return CsvTable.Parse(Encoding.UTF8.GetBytes(b.ToString()), "random.csv");
    }

    [Fact]
    public void Blocking_should_make_exactly_the_pairs_some_rule_agrees_on_without_duplicates()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var records = RecordSet.ForDedupe(RandomList(seed, 120), "id");
            var rules = BlockingRule.Defaults(records.Fields);
            var (pairs, _, _) = Blocker.Generate(records, rules, maxBlockSize: int.MaxValue);

            var keys = rules.Select(r => Blocker.ComputeKeys(records, r)).ToArray();
            var expected = new HashSet<(int, int)>();
            for (var a = 0; a < records.Count; a++)
            {
                for (var b = a + 1; b < records.Count; b++)
                {
                    if (keys.Any(k => k[a] != Blocker.NoKey && k[a] >> 1 == k[b] >> 1))
                    {
                        expected.Add((a, b));
                    }
                }
            }

            var actual = pairs.Select(p => (p.A, p.B)).ToList();
            actual.Count.ShouldBe(actual.Distinct().Count(), "no pair twice");
            actual.ShouldAllBe(p => p.A < p.B);
            actual.ToHashSet().SetEquals(expected).ShouldBeTrue($"seed {seed}");
        }
    }

    [Fact]
    public void Blocking_should_pair_only_across_the_two_sides_when_linking()
    {
        var left = RandomList(1, 80);
        var right = RandomList(2, 90);
        var records = RecordSet.ForLink(left, right, "id");
        var (pairs, _, _) = Blocker.Generate(records, BlockingRule.Defaults(records.Fields), int.MaxValue);
        pairs.Length.ShouldBeGreaterThan(0);
        pairs.ShouldAllBe(p => p.A < records.LeftCount && p.B >= records.LeftCount);
    }

    [Fact]
    public void Scores_should_be_symmetric_bounded_and_explained_by_their_weights()
    {
        // Without the lone-pair step, which gives the pairs it joins their updated probability (ADR 1815).
        var records = RecordSet.ForDedupe(RandomList(7, 400), "id");
        var result = LinkageEngine.Run(records, new LinkageOptions { RandomPairs = 20_000, LonePairs = false });
        var random = new Random(11);
        for (var n = 0; n < 500; n++)
        {
            var a = random.Next(records.Count);
            var b = random.Next(records.Count);
            var p = result.Model.Probability(a, b);
            p.ShouldBe(result.Model.Probability(b, a), 1e-12);
            p.ShouldBeInRange(0.0, 1.0);

            var explanation = result.Explain(a, b);
            var sum = explanation.PriorWeight + explanation.Comparisons.Sum(c => c.Weight + c.TermFrequencyWeight);
            explanation.TotalWeight.ShouldBe(sum, 1e-9);
            explanation.Probability.ShouldBe(p, 1e-12);
        }

        for (var i = 0; i < result.Pairs.Length; i++)
        {
            result.Probabilities[i].ShouldBe((float)result.Model.Probability(result.Pairs[i].A, result.Pairs[i].B), 1e-6f);
        }
    }

    [Fact]
    public void Runs_should_be_reproducible_with_the_same_seed()
    {
        var first = LinkageEngine.Run(RecordSet.ForDedupe(RandomList(3, 300), "id"), new LinkageOptions { RandomPairs = 50_000 });
        var second = LinkageEngine.Run(RecordSet.ForDedupe(RandomList(3, 300), "id"), new LinkageOptions { RandomPairs = 50_000, Threads = 1 });
        second.Pairs.ShouldBe(first.Pairs);
        second.Probabilities.ShouldBe(first.Probabilities);
        second.ClusterOf.ShouldBe(first.ClusterOf);
    }

    [Fact]
    public void Swapped_given_and_family_names_should_agree_and_block_together()
    {
        var table = CsvTable.Parse(Encoding.UTF8.GetBytes("id,given_name,surname\n1,Ali,Hosseini\n2,Hosseini,Ali\n3,Reza,Karimi\n"), "swap.csv");
        var records = RecordSet.ForDedupe(table, "id");
        records.Comparisons[0].Compare(0, 1).ShouldBe((byte)0);
        records.Comparisons[1].Compare(0, 1).ShouldBe((byte)0);
        var (pairs, _, _) = Blocker.Generate(records, BlockingRule.Defaults(records.Fields), int.MaxValue);
        pairs.ShouldContain(new RecordPair(0, 1));
    }

    [Fact]
    public void Persian_script_and_romanised_spellings_should_compare_close()
    {
        var table = CsvTable.Parse(Encoding.UTF8.GetBytes("id,given_name,surname\n1,Hamid,Noury\n2,حمید,نوری\n3,Hamid,Nasiri\n"), "mixed.csv");
        var records = RecordSet.ForDedupe(table, "id");
        records.Comparisons[1].Compare(0, 1).ShouldBeLessThanOrEqualTo((byte)1);
        records.Comparisons[1].Compare(0, 2).ShouldBeGreaterThan((byte)1);
    }

    [SharedDataFact]
    public void Clustering_should_refuse_to_chain_different_people_through_claimed_links()
    {
        var records = RecordSet.ForDedupe(CsvTable.Read(Truth.Data("febrl1.csv")), "rec_id");
        var result = LinkageEngine.Run(records);
        var a = records.IndexOf("rec-223-org");
        var a2 = records.IndexOf("rec-223-dup-0");
        var b = records.IndexOf("rec-122-org");
        var c = records.IndexOf("rec-373-org");

        // A bridge: a and its duplicate are one person; claim strong links a2–b and b–c as if they were too.
        RecordPair[] pairs = [new(Math.Min(a, a2), Math.Max(a, a2)), new(Math.Min(a2, b), Math.Max(a2, b)), new(Math.Min(b, c), Math.Max(b, c))];
        float[] probabilities = [0.999f, 0.99f, 0.98f];
        var (clusterOf, _, refused, _, _) = Clusterer.Run(records.Count, pairs, probabilities, result.Model, 0.5, 0.5, 400);
        clusterOf[a].ShouldBe(clusterOf[a2]);
        clusterOf[b].ShouldNotBe(clusterOf[a]);
        refused.ShouldBeGreaterThanOrEqualTo(1);

        // Without the guard the same links chain all four into one.
        var (unguarded, _, _, _, _) = Clusterer.Run(records.Count, pairs, probabilities, result.Model, 0.5, 0.0, 400);
        unguarded[c].ShouldBe(unguarded[a]);
    }
}
