using Dossier.Linkage.Blocking;
using Dossier.Linkage.Clustering;

namespace Dossier.Linkage.Tests;

/// <summary>Pairs of two records left alone by the first pass are weighed again (ADR 1815).</summary>
public sealed class LonePairsTests
{
    // Ten records: groups {0,1}, {2,3}, {4,5,6}; 7, 8 and 9 alone.
    private static (int[] Parent, int[] Size, int[] Next, int[] Tail) Groups()
    {
        var parent = new int[10];
        var size = new int[10];
        var next = new int[10];
        var tail = new int[10];
        for (var i = 0; i < 10; i++)
        {
            parent[i] = i;
            size[i] = 1;
            next[i] = -1;
            tail[i] = i;
        }

        void Join(int root, int member)
        {
            parent[member] = root;
            size[root] += size[member];
            size[member] = 0;
            next[tail[root]] = member;
            tail[root] = member;
        }

        Join(0, 1);
        Join(2, 3);
        Join(4, 5);
        Join(4, 6);
        return (parent, size, next, tail);
    }

    [Fact]
    public void The_odds_factor_should_be_the_share_of_linked_pairs_in_twos_over_the_squared_share_alone()
    {
        var (parent, size, next, tail) = Groups();
        var (factor, linked) = Clusterer.LinkLonePairs(10, [], [], 0.5, parent, size, next, tail);

        // q = 2 pairs in groups of two / 5 linked pairs; s = 3 alone / 10 records.
        factor.ShouldBe(0.4 / (0.3 * 0.3), 1e-12);
        linked.ShouldBe(0);
    }

    [Fact]
    public void Two_records_alone_should_join_when_the_updated_odds_reach_the_threshold_and_each_only_once()
    {
        var (parent, size, next, tail) = Groups();
        RecordPair[] pairs = [new(7, 8), new(8, 9), new(7, 9), new(0, 9)];
        float[] probability = [0.30f, 0.25f, 0.10f, 0.40f];
        var (factor, linked) = Clusterer.LinkLonePairs(10, pairs, probability, 0.5, parent, size, next, tail);

        // Odds 0.3/0.7 × 4.44 > 1 joins 7 and 8; 8–9 comes second and 8 is taken; 0.10 × 4.44 stays below
        // even odds; 0 is in a group, so 0–9 is no lone pair.
        factor.ShouldBeGreaterThan(4);
        linked.ShouldBe(1);
        probability[0].ShouldBe((float)(0.3 / 0.7 * factor / (1 + (0.3 / 0.7 * factor))), 1e-6f);
        probability[0].ShouldBeGreaterThanOrEqualTo(0.5f);
        probability[1].ShouldBe(0.25f);
        parent[8].ShouldBe(7);
        size[7].ShouldBe(2);
        parent[9].ShouldBe(9);
        size[9].ShouldBe(1);
    }

    [Fact]
    public void With_the_engine_s_tracker_q_should_be_measured_on_the_linked_pairs_nearest_the_threshold()
    {
        // 300 pairs linked at 0.95, 100 pairs linked at 0.55, 100 groups of three linked at 0.55, 400 records alone.
        var records = 1_500;
        var parent = Enumerable.Range(0, records).ToArray();
        var size = Enumerable.Repeat(1, records).ToArray();
        var next = Enumerable.Repeat(-1, records).ToArray();
        var tail = Enumerable.Range(0, records).ToArray();
        var pairs = new List<RecordPair>();
        var probability = new List<float>();
        void Link(int root, int member)
        {
            parent[member] = root;
            size[root] += size[member];
            size[member] = 0;
            next[tail[root]] = member;
            tail[root] = member;
        }

        var r = 0;
        for (var g = 0; g < 400; g++, r += 2)
        {
            Link(r, r + 1);
            pairs.Add(new RecordPair(r, r + 1));
            probability.Add(g < 300 ? 0.95f : 0.55f);
        }

        for (var g = 0; g < 100; g++, r += 3)
        {
            Link(r, r + 1);
            Link(r, r + 2);
            pairs.AddRange([new RecordPair(r, r + 1), new RecordPair(r, r + 2), new RecordPair(r + 1, r + 2)]);
            probability.AddRange([0.55f, 0.55f, 0.55f]);
        }

        var s = 400.0 / records;
        var plain = Clusterer.LinkLonePairs(records, [.. pairs], [.. probability], 0.5, parent, size, next, tail);
        var near = Clusterer.LinkLonePairs(records, [.. pairs], [.. probability], 0.5, parent, size, next, tail, new bool[pairs.Count]);

        // Over all linked pairs q = 400 in twos / 700; near the threshold (below odds × 8.04, so 0.95 is out) 100 / 400.
        plain.Factor.ShouldBe(400.0 / 700 / (s * s), 1e-9);
        near.Factor.ShouldBe(100.0 / 400 / (s * s), 1e-9);
        near.Linked.ShouldBe(0);
    }

    [Fact]
    public void A_weak_factor_should_not_lift_a_weak_pair()
    {
        // Eight of ten alone and one group of two: q = 1, s = 0.8, factor 1.56 — a pair at 0.2 stays apart.
        var parent = Enumerable.Range(0, 10).ToArray();
        var size = Enumerable.Repeat(1, 10).ToArray();
        var next = Enumerable.Repeat(-1, 10).ToArray();
        var tail = Enumerable.Range(0, 10).ToArray();
        parent[1] = 0;
        size[0] = 2;
        size[1] = 0;
        next[0] = 1;
        tail[0] = 1;
        var (factor, linked) = Clusterer.LinkLonePairs(10, [new(2, 3)], [0.2f], 0.5, parent, size, next, tail);
        factor.ShouldBe(1 / (0.8 * 0.8), 1e-12);
        linked.ShouldBe(0);
    }
}
