using System.Diagnostics;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Ledger;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Storage;
using Dossier.Web;
using Dossier.Web.Security;

namespace Dossier.Benchmarks.Workbench;

/// <summary>
/// The investigator's pages over a large workspace: the demo case plus N synthetic people (Latin and
/// Persian names), served by the real app on 127.0.0.1, timed per request from a client on the same
/// machine (loopback round trip: an upper bound of the server's time).
/// Usage: e2e workbench [N=100000] [ROUNDS=200]
/// </summary>
public static class WorkbenchRun
{
    private static readonly string[] GivenLatin = ["Mohammad", "Ali", "Hossein", "Reza", "Mahmoud", "Hamid", "Mehdi", "Abbas", "Maryam", "Fatemeh", "Zahra", "Mojtaba", "Ahmad", "Hassan", "Javad", "Saeed", "Parvin", "Mina", "Nasrin", "Kazem"];
    private static readonly string[] GivenPersian = ["محمد", "علی", "حسین", "رضا", "محمود", "حمید", "مهدی", "عباس", "مریم", "فاطمه", "زهرا", "مجتبی", "احمد", "حسن", "جواد", "سعید", "پروین", "مینا", "نسرین", "کاظم"];
    private static readonly string[] FamilyLatin = ["Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi", "Nouri", "Sadeghi", "Ebrahimi", "Kazemi", "Ghasemi", "Mousavi", "Tehrani", "Heydari", "Zamani", "Bagheri", "Pourmohammadi", "Rostami"];
    private static readonly string[] FamilyPersian = ["حسینی", "احمدی", "محمدی", "رضایی", "مرادی", "کریمی", "جعفری", "رحیمی", "نوری", "صادقی", "ابراهیمی", "کاظمی", "قاسمی", "موسوی", "تهرانی", "حیدری", "زمانی", "باقری", "پورمحمدی", "رستمی"];

    public static int Run(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 100_000;
        var rounds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) ? r : 200;
        return RunAsync(count, rounds).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int count, int rounds)
    {
        var demo = FindDemo();
        if (demo is null)
        {
            Console.Error.WriteLine("demo/noury-case.yaml not found above the current folder: run from the repository.");
            return 2;
        }

        var directory = Path.Combine(Path.GetTempPath(), "dossier-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var none = CancellationToken.None;
        try
        {
            await using var store = await WorkspaceStores.OpenAsync(directory, null, none);
            var service = new WorkspaceService(store, TimeProvider.System);
            // The demo case holds invented protected witnesses; they are sealed under a throwaway in-memory key.
            var protection = new ProtectionService(store, MasterKeyStore.InMemory(MasterKey.Generate()), TimeProvider.System);
            var errors = await WorkspaceExchange.ImportAsync(service, demo, new Dossier.Application.Access.Principal("bench", Dossier.Application.Access.Role.Investigator), "demo case", none, protection);
            if (errors.Count > 0)
            {
                Console.Error.WriteLine($"demo import failed: {errors[0]}");
                return 1;
            }

            await service.CreateAsync(new Source { Id = "bench-list", Title = "Synthetic benchmark list", Type = "victim-list", Provenance = "generated", Synthetic = true }, new Principal("bench", Role.Investigator), "synthetic", none);
            var random = new Random(1988);
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < count; start += 1000)
            {
                var entries = new List<NewEntry>();
                for (var k = start; k < Math.Min(count, start + 1000); k++)
                {
                    var g = random.Next(GivenLatin.Length);
                    var f = random.Next(FamilyLatin.Length);
                    var person = new Person
                    {
                        Id = "p" + k.ToString(CultureInfo.InvariantCulture),
                        Names = [new PersonName($"{GivenLatin[g]} {FamilyLatin[f]}", "Latn", NameKind.Full), new PersonName($"{GivenPersian[g]} {FamilyPersian[f]}", "Arab", NameKind.Full)],
                        Sources = ["bench-list"],
                        Synthetic = true,
                    };
                    entries.Add(Entries.RecordCreated.New(new RecordCreatedBody(person), "bench", TimeProvider.System.GetUtcNow(), "synthetic"));
                }

                await store.AppendAsync(entries, none);
            }

            var counts = await store.CountAsync(none);
            Console.WriteLine($"Store: {store.Describe}; demo case + {count:N0} synthetic people = {counts[RecordKind.Person]:N0} people, {counts.Values.Sum():N0} records ({clock.Elapsed.TotalSeconds:F0} s to load)");

            await using var app = DossierWeb.Build(store, new WebOptions { Port = 0 });
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(DossierWeb.AddressOf(app)) };

            string[] noury = ["/records/hamid-noury"];
            var people = noury.Concat(Enumerable.Range(0, 9).Select(i => "/records/p" + (i * (count / 9)).ToString(CultureInfo.InvariantCulture))).ToArray();
            string[] searches = ["Nouri", "نوری", "Hoseini", "Mohamad Rezaei", "محمد رضایی", "Pourmohammadi", "Kazemi", "Fatemeh Jafari", "Ghasemi", "Moosavi"];
            var searchPaths = searches.Select(q => "/search?q=" + Uri.EscapeDataString(q)).ToArray();

            // Where a faceted search spends its time, below the page: the candidates, then their records.
            await MeasureStoreAsync("store: search, top 20 (as the API)", searches, rounds, q => store.SearchAsync(new SearchQuery(q, Limit: 20), none));
            await MeasureStoreAsync("store: search, top 200 candidates (as the search page)", searches, rounds, q => store.SearchAsync(new SearchQuery(q, Limit: 200), none));
            await MeasureStoreAsync("store: search 200 + load their records", searches, rounds, async q =>
            {
                var hits = await store.SearchAsync(new SearchQuery(q, Limit: 200), none);
                return await store.GetManyAsync([.. hits.Select(h => h.Id)], none);
            });

            // Once as the public (anonymous) and once as a signed-in analyst with an API token: the analyst's
            // reads go through the same per-request access filter with a higher classification ceiling and are audited.
            var accounts = new AccountService(store.Accounts, store, new IdentityPasswordHashing(), TimeProvider.System);
            _ = await accounts.AddAsync("bench-analyst", Role.Analyst, "bench", "benchmark account", none);
            var token = (await accounts.CreateTokenAsync("bench-analyst", "bench", null, "bench", none)).Token!;
            using var analyst = new HttpClient { BaseAddress = client.BaseAddress };
            analyst.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            foreach (var (who, http) in new[] { ("anonymous", client), ("analyst", analyst) })
            {
                await MeasureAsync(http, $"[{who}] person page (/records/ID: 10 people incl. Hamid Noury)", people, rounds, "p95 < 100 ms");
                await MeasureAsync(http, $"[{who}] search page with facets and highlights (10 queries, Latin and Persian)", searchPaths, rounds, "p95 < 50 ms");
                await MeasureAsync(http, $"[{who}] dashboard (/)", ["/"], rounds, "< 200 ms");
                await MeasureAsync(http, $"[{who}] timeline (/timeline)", ["/timeline"], Math.Max(20, rounds / 10), "—");
                await MeasureAsync(http, $"[{who}] map (/map)", ["/map"], Math.Max(20, rounds / 10), "—");
                await MeasureAsync(http, $"[{who}] network centred on Noury (/network?centre=hamid-noury)", ["/network?centre=hamid-noury&depth=2"], Math.Max(10, rounds / 20), "—");
            }

            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
            await app.StopAsync();
        }
        finally
        {
            WorkspaceStores.ReleaseSqliteFiles();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureStoreAsync<T>(string what, string[] queries, int rounds, Func<string, Task<T>> run)
    {
        foreach (var q in queries)
        {
            await run(q);
        }

        var times = new List<double>();
        var clock = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            clock.Restart();
            await run(queries[round % queries.Length]);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        double P(double p) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine($"{what}: {times.Count} calls, p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {times[^1]:F1} ms");
    }

    private static async Task MeasureAsync(HttpClient client, string what, string[] paths, int rounds, string target)
    {
        foreach (var path in paths)
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode(); // warm up
        }

        var times = new List<double>();
        var clock = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            var path = paths[round % paths.Length];
            clock.Restart();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        times.Sort();
        double P(double p) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine($"{what}: {times.Count} requests, p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {times[^1]:F1} ms (target {target})");
    }

    private static string? FindDemo()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "demo", "noury-case.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
