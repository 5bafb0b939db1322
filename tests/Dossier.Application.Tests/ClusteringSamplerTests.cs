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
    public void With_the_list_guard_two_rows_of_one_list_are_joined_through_a_third_only_if_their_own_pair_reaches_the_bar()
    {
        // m/x matches both rows of list l strongly; l/a and l/b are two people (0.2 as a pair), l/c and l/d one (0.8).
        string[] rows = ["l/a", "l/b", "m/x", "l/c", "l/d", "m/y"];
        PairProbability[] pairs =
        [
            new("m/x", "l/a", 0.95), new("m/x", "l/b", 0.9), new("l/a", "l/b", 0.2),
            new("m/y", "l/c", 0.95), new("m/y", "l/d", 0.9), new("l/c", "l/d", 0.8),
        ];
        var pooled = new ClusteringSampler(rows, pairs, [], 0.5);
        var guarded = new ClusteringSampler(rows, pairs, [], 0.5, ClusteringDraw.Guarded, listGuard: true);

        // Pooled, the mean over the cross pairs (0.9 + 0.2) / 2 ≥ 0.5 lets m/x carry l/b in beside l/a.
        pooled.AtThreshold(0.5)["l/b"].ShouldBe("l/a");
        guarded.AtThreshold(0.5)["l/b"].ShouldBe("l/b");
        guarded.AtThreshold(0.5)["l/a"].ShouldBe("l/a");
        guarded.AtThreshold(0.5)["m/x"].ShouldBe("l/a");
        // The same person listed twice stays one cluster.
        guarded.AtThreshold(0.5)["l/d"].ShouldBe("l/c");
        guarded.AtThreshold(0.5)["m/y"].ShouldBe("l/c");
        // In draws, m/x drawn to both no longer puts l/a and l/b together (pooled: about 86 % of samples); only their own
        // link can, drawn while neither is linked to m/x (about 0.1 %).
        var together = Enumerable.Range(0, 400).Count(i => guarded.Sample(5, i) is var c && c["l/a"] == c["l/b"]);
        var pooledTogether = Enumerable.Range(0, 400).Count(i => pooled.Sample(5, i) is var c && c["l/a"] == c["l/b"]);
        together.ShouldBeLessThan(130);
        pooledTogether.ShouldBeGreaterThan(300);
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
