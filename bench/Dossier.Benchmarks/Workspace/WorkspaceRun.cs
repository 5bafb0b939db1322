using Dossier.Application.Access;
using System.Diagnostics;
using System.Globalization;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Storage;

namespace Dossier.Benchmarks.Workspace;

/// <summary>
/// End-to-end figures for the foundation on SQLite: ledger append with projections (entries/s, in
/// batches), rebuild of the whole ledger, and cross-script search latency over N synthetic people.
/// Usage: e2e workspace [N=100000] [--postgres CONNECTION|auto] [--dir DIRECTORY] [--no-rebuild] [--rounds 50] [--batch 1000] [--singles 0].
/// <c>--batch</c> is how many entries each append carries (N for one append of everything); <c>--singles K</c> then times K
/// appends of one entry each. With <c>--dir</c> the
/// workspace is kept; a later run on the same directory (and database) that finds the people there only times
/// the searches, so one large build serves several measurements (e.g. before and after a change of the index).
/// </summary>
public static class WorkspaceRun
{
    private static readonly string[] GivenLatin = ["Mohammad", "Ali", "Hossein", "Reza", "Mahmoud", "Hamid", "Mehdi", "Abbas", "Maryam", "Fatemeh", "Zahra", "Mojtaba", "Ahmad", "Hassan", "Javad", "Saeed", "Parvin", "Mina", "Nasrin", "Kazem"];
    private static readonly string[] GivenPersian = ["محمد", "علی", "حسین", "رضا", "محمود", "حمید", "مهدی", "عباس", "مریم", "فاطمه", "زهرا", "مجتبی", "احمد", "حسن", "جواد", "سعید", "پروین", "مینا", "نسرین", "کاظم"];
    private static readonly string[] FamilyLatin = ["Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi", "Nouri", "Sadeghi", "Ebrahimi", "Kazemi", "Ghasemi", "Mousavi", "Tehrani", "Heydari", "Zamani", "Bagheri", "Pourmohammadi", "Rostami"];
    private static readonly string[] FamilyPersian = ["حسینی", "احمدی", "محمدی", "رضایی", "مرادی", "کریمی", "جعفری", "رحیمی", "نوری", "صادقی", "ابراهیمی", "کاظمی", "قاسمی", "موسوی", "تهرانی", "حیدری", "زمانی", "باقری", "پورمحمدی", "رستمی"];

    private static int Rounds { get; set; } = 50;

    private static int Batch { get; set; } = 1000;

    private static int Singles { get; set; }

    public static int Run(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 100_000;
        var postgres = Array.IndexOf(args, "--postgres") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var keep = Array.IndexOf(args, "--dir") is var d and >= 0 && d + 1 < args.Length ? args[d + 1] : null;
        Rounds = Array.IndexOf(args, "--rounds") is var r and >= 0 && r + 1 < args.Length ? int.Parse(args[r + 1], CultureInfo.InvariantCulture) : 50;
        Batch = Array.IndexOf(args, "--batch") is var b and >= 0 && b + 1 < args.Length ? int.Parse(args[b + 1], CultureInfo.InvariantCulture) : 1000;
        Singles = Array.IndexOf(args, "--singles") is var s and >= 0 && s + 1 < args.Length ? int.Parse(args[s + 1], CultureInfo.InvariantCulture) : 0;
        if (postgres == "auto")
        {
            // A throwaway cluster as the tests start one (initdb and pg_ctl as the postgres user when run as root), gone
            // when the run ends; a connection string instead keeps the database for later runs with --dir.
            using var cluster = Dossier.Testing.PostgresCluster.Start();
            postgres = cluster.CreateDatabaseAsync("bench").GetAwaiter().GetResult();
            Console.WriteLine($"PostgreSQL: throwaway cluster in {cluster.RootDirectory}, started in {cluster.StartupTime.TotalSeconds:F1} s");
            RunAsync(count, postgres, keep, args.Contains("--no-rebuild", StringComparer.Ordinal)).GetAwaiter().GetResult();
            return 0;
        }

        RunAsync(count, postgres, keep, args.Contains("--no-rebuild", StringComparer.Ordinal)).GetAwaiter().GetResult();
        return 0;
    }

    private static NewEntry Entry(Record person) =>
        Entries.RecordCreated.New(new RecordCreatedBody(person), "bench", TimeProvider.System.GetUtcNow(), "synthetic");

    private static async Task RunAsync(int count, string? postgres, string? keep, bool noRebuild)
    {
        var directory = keep ?? Path.Combine(Path.GetTempPath(), "dossier-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var none = CancellationToken.None;
        var clock = Stopwatch.StartNew();
        await using var store = await WorkspaceStores.OpenAsync(directory, postgres, none);
        Console.WriteLine($"Store: {store.Describe}; {count:N0} synthetic people (+1 source); opened (migrations applied) in {clock.Elapsed.TotalSeconds:F1} s");
        if ((await store.GetTreeHeadAsync(none)).Size > count)
        {
            Console.WriteLine("the people are there already: timing the searches only");
            await SearchAsync(store, count, none);
            return;
        }

        var service = new WorkspaceService(store, TimeProvider.System);
        var by = new Principal("bench", Role.Investigator);
        await service.CreateAsync(new Source { Id = "bench-list", Title = "Synthetic benchmark list", Type = "victim-list", Provenance = "generated", Synthetic = true }, by, "benchmark data (synthetic)", none);

        var random = new Random(1988);
        var people = new List<Record>(count);
        for (var k = 0; k < count; k++)
        {
            var g = random.Next(GivenLatin.Length);
            var f = random.Next(FamilyLatin.Length);
            people.Add(new Person
            {
                Id = "p" + k.ToString(CultureInfo.InvariantCulture),
                Names =
                [
                    new PersonName($"{GivenLatin[g]} {FamilyLatin[f]}", "Latn", NameKind.Full),
                    new PersonName($"{GivenPersian[g]} {FamilyPersian[f]}", "Arab", NameKind.Full),
                ],
                Sources = ["bench-list"],
                Synthetic = true,
                // One in four restricted, so the public reader's searches filter by classification.
                Classification = k % 4 == 3 ? Classification.Restricted : Classification.Public,
            });
        }

        clock.Restart();
        var sample = people.Take(5000).Select(Entry).ToList();
        Console.WriteLine($"building 5,000 entry bodies: {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        foreach (var entry in sample)
        {
            LedgerEntry.Seal(0, entry);
        }

        Console.WriteLine($"sealing 5,000 entries (canonical JSON + leaf hash): {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        foreach (var p in people.Take(5000))
        {
            Dossier.Application.Search.SearchDocument.For(p);
        }

        Console.WriteLine($"search keys for 5,000 people: {clock.Elapsed.TotalMilliseconds:F0} ms");

        // Append: through the store's batch path (validation is measured separately by import).
        clock.Restart();
        var batch = Batch;
        for (var start = 0; start < people.Count; start += batch)
        {
            var entries = people.Skip(start).Take(batch).Select(Entry).ToList();
            await store.AppendAsync(entries, none);
        }

        var appendSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"append: {count:N0} entries in {appendSeconds:F1} s = {count / appendSeconds:N0} entries/s (batches of {batch}, with projections and search index)");
        if (Singles > 0)
        {
            // Each its own transaction: the cost a user's one edit pays (lock, tree head, commit).
            clock.Restart();
            for (var k = 0; k < Singles; k++)
            {
                var extra = people[k] with { Id = "single" + k.ToString(CultureInfo.InvariantCulture) };
                await store.AppendAsync([Entry(extra)], none);
            }

            Console.WriteLine($"single-entry appends: {Singles:N0} in {clock.Elapsed.TotalSeconds:F2} s = {Singles / clock.Elapsed.TotalSeconds:N0} entries/s");
        }


        if (!noRebuild)
        {
            clock.Restart();
            var replayed = await store.RebuildProjectionsAsync(null, none);
            Console.WriteLine($"rebuild: {replayed:N0} entries in {clock.Elapsed.TotalSeconds:F1} s");

            clock.Restart();
            var report = await LedgerVerifier.VerifyAsync(store, null, none);
            Console.WriteLine($"verify: {report.Entries:N0} entries in {clock.Elapsed.TotalSeconds:F1} s, ok={report.Ok}");
        }

        await SearchAsync(store, count, none);
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
        if (keep is null)
        {
            WorkspaceStores.ReleaseSqliteFiles();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The foundation's hard query set, <see cref="Rounds"/> rounds, as the public (ceiling public) and as an investigator (every level).</summary>
    private static async Task SearchAsync(IWorkspaceStore store, int count, CancellationToken none)
    {
        var clock = new Stopwatch();

        string[] queries = ["Nouri", "نوری", "Hoseini", "Mohamad Rezaei", "محمد رضایی", "Pourmohammadi", "Kazemi", "Fatemeh Jafari", "Ghasemi", "Moosavi"];
        foreach (var q in queries)
        {
            await store.SearchAsync(new SearchQuery(q, Limit: 20), none); // warm up
        }

        foreach (var (who, ceiling) in new[] { ("investigator", Classification.ProtectedIdentity), ("public", Classification.Public) })
        {
            var times = new List<double>();
            var each = queries.ToDictionary(q => q, _ => new List<double>(), StringComparer.Ordinal);
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var q in queries)
                {
                    clock.Restart();
                    await store.SearchAsync(new SearchQuery(q, Limit: 20) { Ceiling = ceiling }, none);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    each[q].Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            Console.WriteLine($"  median per query as {who}: " + string.Join(", ", each.Select(e => $"{e.Key} {e.Value.Order().ElementAt(e.Value.Count / 2):F1}")));

            times.Sort();
            double P(double p) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(p * times.Count) - 1)];
            Console.WriteLine($"search as {who}: {times.Count} queries over {count:N0} people, p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {times[^1]:F1} ms (top 20)");
        }
    }
}
