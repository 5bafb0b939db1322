using Dossier.Application.Lists;

namespace Dossier.Application.Tests;

public class ClusterResolverTests
{
    private static LinkageDecision Decision(long seq, string a, string b, LinkageVerdict verdict) =>
        new(seq, 1, a, b, verdict, "analyst", "test", DateTimeOffset.UnixEpoch);

    private static IReadOnlyDictionary<string, string> Resolve(string[] rows, MatchEdge[] edges, params LinkageDecision[] decisions) =>
        ClusterResolver.Resolve(rows, edges, decisions);

    [Fact]
    public void Without_decisions_the_clusters_are_the_runs_connected_rows()
    {
        var clusters = Resolve(["l/a", "l/b", "l/c", "m/d"], [new("l/b", "l/c", 0.9), new("l/c", "m/d", 0.7)]);

        clusters["l/a"].ShouldBe("l/a");
        clusters["l/b"].ShouldBe("l/b");
        clusters["l/c"].ShouldBe("l/b");
        clusters["m/d"].ShouldBe("l/b");
    }

    [Fact]
    public void Accepting_a_pair_joins_their_clusters()
    {
        var clusters = Resolve(["l/a", "l/b", "m/c"], [new("l/b", "m/c", 0.95)], Decision(5, "m/c", "l/a", LinkageVerdict.Accept));

        clusters.Values.Distinct().ShouldBe(["l/a"]);
    }

    [Fact]
    public void Rejecting_a_pair_splits_a_chain_at_its_weakest_link()
    {
        // a–b strong, b–c weaker: rejecting a~c keeps a with b and leaves c alone.
        var clusters = Resolve(["l/a", "l/b", "l/c"], [new("l/a", "l/b", 0.95), new("l/b", "l/c", 0.6)], Decision(3, "l/a", "l/c", LinkageVerdict.Reject));

        clusters["l/a"].ShouldBe(clusters["l/b"]);
        clusters["l/c"].ShouldNotBe(clusters["l/a"]);
    }

    [Fact]
    public void The_latest_decision_on_a_pair_is_the_one_that_counts()
    {
        var rows = new[] { "l/a", "l/b" };
        var edges = new[] { new MatchEdge("l/a", "l/b", 0.8) };

        Resolve(rows, edges, Decision(1, "l/a", "l/b", LinkageVerdict.Reject), Decision(2, "l/b", "l/a", LinkageVerdict.Accept))["l/b"].ShouldBe("l/a");
        Resolve(rows, edges, Decision(1, "l/a", "l/b", LinkageVerdict.Accept), Decision(2, "l/b", "l/a", LinkageVerdict.Reject))["l/b"].ShouldBe("l/b");
    }

    [Fact]
    public void An_accept_that_would_join_a_rejected_pair_is_refused()
    {
        var clusters = Resolve(["l/a", "l/b", "l/c"], [],
            Decision(1, "l/a", "l/c", LinkageVerdict.Reject),
            Decision(2, "l/a", "l/b", LinkageVerdict.Accept),
            Decision(3, "l/b", "l/c", LinkageVerdict.Accept));

        clusters["l/b"].ShouldBe("l/a");
        clusters["l/c"].ShouldBe("l/c");
    }

    [Fact]
    public void Decisions_on_rows_outside_the_run_are_ignored()
    {
        var clusters = Resolve(["l/a", "l/b"], [], Decision(1, "l/a", "other/x", LinkageVerdict.Accept));

        clusters.Keys.Order(StringComparer.Ordinal).ShouldBe(["l/a", "l/b"]);
        clusters["l/a"].ShouldBe("l/a");
    }

    [Fact]
    public void Without_decisions_clusters_equal_connected_components_on_random_graphs()
    {
        var random = new Random(20260722);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 30);
            var rows = Enumerable.Range(0, n).Select(i => $"l/{i:D2}").ToArray();
            var edges = Enumerable.Range(0, random.Next(0, 2 * n))
                .Select(_ => new MatchEdge(rows[random.Next(n)], rows[random.Next(n)], random.NextDouble()))
                .Where(e => e.A != e.B).ToArray();

            var clusters = ClusterResolver.Resolve(rows, edges, []);

            // Oracle: breadth-first components, each named by its smallest row.
            var neighbours = rows.ToDictionary(r => r, _ => new List<string>());
            foreach (var e in edges)
            {
                neighbours[e.A].Add(e.B);
                neighbours[e.B].Add(e.A);
            }

            foreach (var row in rows)
            {
                var seen = new HashSet<string> { row };
                var queue = new Queue<string>([row]);
                while (queue.TryDequeue(out var r))
                {
                    foreach (var next in neighbours[r].Where(seen.Add))
                    {
                        queue.Enqueue(next);
                    }
                }

                clusters[row].ShouldBe(seen.Min(StringComparer.Ordinal));
            }
        }
    }
}
