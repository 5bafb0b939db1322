using Dossier.Application.Access;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation;
using Dossier.Storage;
using Dossier.Synthesis;

namespace Dossier.Benchmarks.Lists;

/// <summary>
/// The workspace's list flow end to end on SQLite (or PostgreSQL): import three SYNTHETIC lists drawn from N invented
/// people, link them (twice, to show the same rows give the same clusters), record review decisions,
/// derive capture histories from the current clusters, estimate, make every settled cluster a person, and rebuild
/// the projections.
/// Usage: e2e lists [N=20000] [--postgres CONNECTION|auto] [--no-list-guard] (auto: a throwaway cluster, as the tests
/// start one). The lists carry each row's invented person (an ignored column), so the first run is scored against it.
/// </summary>
public static class ListsRun
{
    private static readonly Principal Bench = new("bench", Role.Investigator);
    private const string BenchReason = "benchmark of the list flow (SYNTHETIC lists)";

    /// <summary>Pairwise precision and recall of the clusters against the person each row was drawn from.</summary>
    private static (double Precision, double Recall) AgainstTruth(IReadOnlyList<ListRow> rows, IReadOnlyDictionary<string, string> clusterOf)
    {
        static long Pairs(long n) => n * (n - 1) / 2;
        var byPerson = rows.GroupBy(r => r.Values["person_id"], StringComparer.Ordinal).Sum(g => Pairs(g.Count()));
        var byCluster = rows.GroupBy(r => clusterOf.GetValueOrDefault(r.Key, r.Key), StringComparer.Ordinal).Sum(g => Pairs(g.Count()));
        var both = rows.GroupBy(r => (clusterOf.GetValueOrDefault(r.Key, r.Key), r.Values["person_id"])).Sum(g => Pairs(g.Count()));
        return (byCluster == 0 ? 1 : (double)both / byCluster, byPerson == 0 ? 1 : (double)both / byPerson);
    }

    public static int Run(string[] args)
    {
        var people = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 20_000;
        var postgres = Array.IndexOf(args, "--postgres") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var request = new LinkRequest { ListGuard = !args.Contains("--no-list-guard") };
        if (postgres == "auto")
        {
            using var cluster = Dossier.Testing.PostgresCluster.Start();
            return RunAsync(people, cluster.CreateDatabaseAsync("bench").GetAwaiter().GetResult(), request).GetAwaiter().GetResult();
        }

        return RunAsync(people, postgres, request).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int people, string? postgres, LinkRequest request)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var none = CancellationToken.None;
        try
        {
            await using var store = await WorkspaceStores.OpenAsync(directory, postgres, none);
            var service = new ListService(store, TimeProvider.System);
            var population = SyntheticPopulation.Generate(new PopulationOptions { Size = people }, seed: 1367);
            var lists = ListSampler.Sample(population, SyntheticPresets.ThreeLists, seed: 1988).GroupBy(r => r.ListId, StringComparer.Ordinal);
            Console.WriteLine($"Store: {store.Describe}; three SYNTHETIC lists drawn from {people:N0} invented people");

            var clock = Stopwatch.StartNew();
            foreach (var list in lists)
            {
                using var csv = new StringWriter(new StringBuilder());
                SyntheticCsv.WriteRecords(csv, list, includePersonId: true);
                clock.Restart();
                var imported = await service.ImportAsync(new ListImportRequest { Csv = Encoding.UTF8.GetBytes(csv.ToString()), FileName = list.Key + ".csv", SourceId = "list-" + list.Key }, Bench, BenchReason, none);
                if (!imported.Ok)
                {
                    Console.Error.WriteLine($"import failed: {imported.Problems[0]}");
                    return 1;
                }

                Console.WriteLine($"import {list.Key}: {imported.Value!.RowCount:N0} rows in {clock.Elapsed.TotalSeconds:F2} s");
            }

            clock.Restart();
            var first = await service.LinkAsync(request, Bench, BenchReason, null, none);
            var firstTime = clock.Elapsed;
            var firstClusters = await service.Lists.ClustersAsync(none);
            var rows = await service.Lists.RowsOfAsync([.. first.Value!.Lists], none);
            var (precision, recall) = AgainstTruth(rows, firstClusters);
            Console.WriteLine($"against the invented people (list guard {(request.ListGuard ? "on" : "off")}): precision {precision:F4}, recall {recall:F4}, F1 {2 * precision * recall / (precision + recall):F4}");
            clock.Restart();
            var second = await service.LinkAsync(request, Bench, BenchReason, null, none);
            var secondTime = clock.Elapsed;
            var secondClusters = await service.Lists.ClustersAsync(none);
            var same = Partition(firstClusters).SetEquals(Partition(secondClusters));
            Console.WriteLine($"link: {first.Value!.Rows:N0} rows → {first.Value.Clusters:N0} people in {firstTime.TotalSeconds:F2} s; again: {second.Value!.Clusters:N0} people in {secondTime.TotalSeconds:F2} s; same clusters: {(same ? "yes" : "NO")}");

            var queue = await service.ReviewQueueAsync(false, none);
            var decisionTimes = new List<double>();
            foreach (var item in queue.Take(10))
            {
                clock.Restart();
                var decided = await service.DecideAsync(item.Pair.A, item.Pair.B, LinkageVerdict.Reject, Bench, "benchmark decision", none);
                _ = await service.Lists.ClustersAsync(none);
                decisionTimes.Add(clock.Elapsed.TotalMilliseconds);
                if (!decided.Ok)
                {
                    Console.Error.WriteLine($"decision failed: {decided.Problems[0]}");
                    return 1;
                }
            }

            decisionTimes.Sort();
            Console.WriteLine($"review queue: {queue.Count:N0} pairs; {decisionTimes.Count} decisions, each with the current clusters read back: median {decisionTimes[decisionTimes.Count / 2]:F0} ms, max {decisionTimes[^1]:F0} ms");

            clock.Restart();
            var histories = await service.HistoriesAsync(null, null, none);
            var historiesTime = clock.Elapsed;
            clock.Restart();
            var input = CaptureHistoryCsv.Parse(new StringReader(histories.Value!.Csv), histories.Value.Source);
            var report = EstimationRunner.Run(input, histories.Value.Source, new EstimationRequest { Method = EstimationMethod.LogLinear });
            Console.WriteLine($"histories of {histories.Value.People:N0} people in {historiesTime.TotalSeconds:F2} s; log-linear estimate in {clock.Elapsed.TotalSeconds:F2} s (N ≈ {report.Overall.BestByBic?.Abundance:N0} by the best model, {histories.Value.People:N0} observed)");

            // Every settled cluster a person, in one append (ADR 1821): the whole clustering read, one transaction written.
            var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
            clock.Restart();
            var settled = await service.IdentifySettledAsync(Dossier.Domain.Records.Classification.Internal, Bench, BenchReason, none);
            if (!settled.Ok)
            {
                Console.Error.WriteLine($"identify --settled failed: {settled.Problems[0]}");
                return 1;
            }

            Console.WriteLine($"identify --settled: {settled.Value!.Made.Count:N0} people made ({settled.Value.LeftUncertain:N0} clusters left for review) in {clock.Elapsed.TotalSeconds:F2} s; " +
                $"working set {workingSetBefore / (1024 * 1024):N0} → {Process.GetCurrentProcess().WorkingSet64 / (1024 * 1024):N0} MiB");

            clock.Restart();
            var entries = await store.RebuildProjectionsAsync(null, none);
            Console.WriteLine($"rebuild of {entries:N0} ledger entries in {clock.Elapsed.TotalSeconds:F2} s");
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
            return same ? 0 : 1;
        }
        finally
        {
            WorkspaceStores.ReleaseSqliteFiles();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static HashSet<string> Partition(IReadOnlyDictionary<string, string> clusterOf) =>
        [.. clusterOf.GroupBy(p => p.Value, StringComparer.Ordinal).Select(g => string.Join('|', g.Select(p => p.Key).Order(StringComparer.Ordinal)))];
}
