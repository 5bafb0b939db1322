using Dossier.Application.Estimates;
using Dossier.Application.Lists;

namespace Dossier.Application.Tests;

/// <summary>Clusterings drawn from pair probabilities with review decisions fixed (ADR 0207).</summary>
public sealed class ClusteringSamplerTests
{
    private static LinkageDecision Decision(long seq, string a, string b, LinkageVerdict verdict) =>
        new(seq, 1, a, b, verdict, "analyst", "test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Certain_pairs_give_back_exactly_the_current_clusters_in_every_sample()
    {
        string[] rows = ["l/a", "l/b", "l/c", "m/d", "m/e", "n/f", "n/g"];
        MatchEdge[] edges = [new("l/b", "l/c", 0.9), new("l/c", "m/d", 0.7), new("m/e", "n/f", 0.99)];
        LinkageDecision[] decisions = [Decision(4, "l/a", "n/g", LinkageVerdict.Accept), Decision(5, "l/c", "m/d", LinkageVerdict.Reject)];
        var current = ClusterResolver.Resolve(rows, edges, decisions);
        var sampler = new ClusteringSampler(rows, edges.Select(e => new PairProbability(e.A, e.B, 1.0)), decisions, 0.5);

        for (var sample = 0; sample < 20; sample++)
        {
            sampler.Sample(7, sample).OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(current.OrderBy(p => p.Key, StringComparer.Ordinal));
        }

        sampler.Uncertain.ShouldBe(0);
        sampler.Decided.ShouldBe(2);
    }

    [Fact]
    public void An_accepted_pair_is_always_joined_and_a_rejected_pair_never_shares_a_cluster()
    {
        // b~c and c~d are coin flips; a person accepted a~b and rejected b~d.
        string[] rows = ["l/a", "l/b", "m/c", "n/d"];
        PairProbability[] pairs = [new("l/a", "l/b", 0.2), new("l/b", "m/c", 0.5), new("m/c", "n/d", 0.5)];
        var sampler = new ClusteringSampler(rows, pairs, [Decision(1, "l/a", "l/b", LinkageVerdict.Accept), Decision(2, "l/b", "n/d", LinkageVerdict.Reject)], 0.5);

        var joinedCd = 0;
        for (var sample = 0; sample < 400; sample++)
        {
            var clusters = sampler.Sample(11, sample);
            clusters["l/b"].ShouldBe(clusters["l/a"]);
            clusters["n/d"].ShouldNotBe(clusters["l/b"]);
            joinedCd += clusters["m/c"] == clusters["n/d"] ? 1 : 0;
        }

        // c~d is drawn half the time; it is refused whenever c already sits with b (b~d rejected): about a quarter.
        joinedCd.ShouldBeInRange(70, 130);
    }

    [Fact]
    public void A_lone_pair_is_linked_as_often_as_its_probability_says()
    {
        var sampler = new ClusteringSampler(["l/a", "m/b"], [new PairProbability("l/a", "m/b", 0.3)], [], 0.5);

        var linked = Enumerable.Range(0, 4000).Count(i => sampler.Sample(2024, i)["m/b"] == "l/a");

        // Binomial(4000, 0.3): mean 1,200, SD 29; ±5 SD.
        linked.ShouldBeInRange(1055, 1345);
    }

    [Fact]
    public void A_sample_is_the_same_on_every_call_and_samples_differ_from_each_other()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"l/{i:D2}").ToArray();
        var pairs = Enumerable.Range(0, 59).Select(i => new PairProbability(rows[i], rows[i + 1], 0.5)).ToArray();
        var sampler = new ClusteringSampler(rows, pairs, [], 0.5);
        var again = new ClusteringSampler(rows.Reverse(), pairs.Reverse(), [], 0.5);

        again.Sample(3, 5).ShouldBe(sampler.Sample(3, 5));
        sampler.Sample(3, 6).ShouldNotBe(sampler.Sample(3, 5));
        sampler.Sample(4, 5).ShouldNotBe(sampler.Sample(3, 5));
    }

    [Fact]
    public void The_guard_keeps_two_groups_apart_that_one_drawn_link_would_chain_and_components_do_not()
    {
        // Two certain pairs (a,b) and (c,d); one strong link b~c, but a~c, a~d, b~d have no support: mean 0.9/4 < 0.5.
        string[] rows = ["l/a", "m/b", "l/c", "m/d"];
        PairProbability[] pairs = [new("l/a", "m/b", 1), new("l/c", "m/d", 1), new("m/b", "l/c", 0.9)];
        var guarded = new ClusteringSampler(rows, pairs, [], 0.5, ClusteringDraw.Guarded);
        var components = new ClusteringSampler(rows, pairs, [], 0.5, ClusteringDraw.Components);

        var chainedGuarded = Enumerable.Range(0, 200).Count(i => guarded.Sample(1, i)["l/c"] == "l/a");
        var chainedComponents = Enumerable.Range(0, 200).Count(i => components.Sample(1, i)["l/c"] == "l/a");

        chainedGuarded.ShouldBe(0);
        chainedComponents.ShouldBeInRange(160, 200);
        guarded.AtThreshold(0.5)["l/c"].ShouldBe("l/c");
    }

    [Fact]
    public void Histories_count_people_by_the_lists_they_are_on()
    {
        var clusters = new Dictionary<string, string>(StringComparer.Ordinal) { ["a/1"] = "a/1", ["b/1"] = "a/1", ["b/2"] = "b/2" };

        var (csv, people) = ClusteringSampler.Histories(["a", "b"], ["a/1", "b/1", "b/2", "a/3", "c/9"], clusters);

        people.ShouldBe(3); // a/1+b/1, b/2, a/3; c is not a chosen list
        csv.ShouldBe("a,b,count\n1,0,1\n0,1,1\n1,1,1\n");
    }
}
