using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Search;
using Dossier.Documents;
using Dossier.Domain.Records;
using Dossier.Storage;

namespace Dossier.Benchmarks.Documents;

/// <summary>
/// <c>e2e document-search [pages=100000] [pages-per-document=100] [--postgres CONNECTION] [--queries-only]</c>: ingests SYNTHETIC text
/// documents (form-feed separated pages of Persian and English lines, seed 1602) through the real path —
/// <see cref="EvidenceService.IngestAsync"/> with <see cref="DocumentExtractor"/>, so every page is projected into the
/// document index in the ingest's transaction — then times search inside documents (<see cref="DocumentSearch"/>,
/// 20 hits with snippets) for rare, common and absent words in both scripts. <c>--queries-only</c> times the queries
/// on a PostgreSQL database an earlier run filled.
/// </summary>
public static class DocumentSearchRun
{
    private static readonly string[] GivenLatin = ["Mohammad", "Ali", "Hossein", "Reza", "Mahmoud", "Mehdi", "Abbas", "Maryam", "Fatemeh", "Zahra", "Ahmad", "Hassan", "Javad", "Parvin", "Mina", "Kazem"];
    private static readonly string[] GivenPersian = ["محمد", "علی", "حسین", "رضا", "محمود", "مهدی", "عباس", "مریم", "فاطمه", "زهرا", "احمد", "حسن", "جواد", "پروین", "مینا", "کاظم"];
    private static readonly string[] FamilyLatin = ["Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi", "Sadeghi", "Ebrahimi", "Kazemi", "Ghasemi", "Mousavi", "Tehrani", "Heydari", "Rostami"];
    private static readonly string[] FamilyPersian = ["حسینی", "احمدی", "محمدی", "رضایی", "مرادی", "کریمی", "جعفری", "رحیمی", "صادقی", "ابراهیمی", "کاظمی", "قاسمی", "موسوی", "تهرانی", "حیدری", "رستمی"];
    private static readonly string[] Syllables = ["ba", "ran", "to", "mek", "sal", "di", "vor", "nu", "ke", "zan", "pel", "ro", "gha", "shi", "dar", "mo"];
    private static readonly string[] PersianSyllables = ["با", "ران", "تو", "مک", "سال", "دی", "ور", "نو", "که", "زن", "پل", "رو", "قا", "شی", "دار", "مو"];

    public static int Run(string[] args)
    {
        var pages = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var p) ? p : 100_000;
        var perDocument = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var d) ? d : 100;
        var postgres = Array.IndexOf(args, "--postgres") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var queriesOnly = args.Contains("--queries-only", StringComparer.Ordinal);
        var folder = Directory.CreateTempSubdirectory("dossier-document-search-bench-");
        try
        {
            RunAsync(folder.FullName, queriesOnly ? 0 : pages, perDocument, postgres).GetAwaiter().GetResult();
            return 0;
        }
        finally
        {
            WorkspaceStores.ReleaseSqliteFiles();
            folder.Delete(recursive: true);
        }
    }

    private static string Word(Random random, bool persian)
    {
        var parts = persian ? PersianSyllables : Syllables;
        var builder = new StringBuilder();
        for (var k = 0; k < 2 + random.Next(3); k++)
        {
            builder.Append(parts[random.Next(parts.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>One page: 24 lines of about 12 words, Persian and English alternating, two people named per line; page 777 of every 1,000 names Hamid Noury.</summary>
    private static string Page(Random random, int number)
    {
        var text = new StringBuilder();
        for (var line = 0; line < 24; line++)
        {
            var persian = line % 2 == 0;
            var (given, family) = persian ? (GivenPersian, FamilyPersian) : (GivenLatin, FamilyLatin);
            text.Append(given[random.Next(given.Length)]).Append(' ').Append(family[random.Next(family.Length)]);
            for (var w = 0; w < 8; w++)
            {
                text.Append(' ').Append(Word(random, persian));
            }

            text.Append(' ').Append(given[random.Next(given.Length)]).Append(' ').Append(family[random.Next(family.Length)]).Append('\n');
        }

        if (number % 1000 == 777)
        {
            text.Append("حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.\n");
        }

        return text.ToString();
    }

    private static async Task RunAsync(string folder, int pageCount, int perDocument, string? postgres)
    {
        var none = CancellationToken.None;
        Console.WriteLine($"cores: {Environment.ProcessorCount}; {pageCount:N0} pages in documents of {perDocument}");
        await using var store = await WorkspaceStores.OpenAsync(folder, postgres, none);
        Console.WriteLine($"store: {store.Describe}");
        var service = EvidenceService.For(store, TimeProvider.System);
        var by = new Principal("bench", Role.Investigator);
        var random = new Random(1602);
        var options = new ExtractionOptions { Languages = ["fas", "eng"] };
        var clock = Stopwatch.StartNew();
        var page = 0;
        for (var document = 0; page < pageCount; document++)
        {
            var text = new StringBuilder();
            for (var k = 0; k < perDocument && page < pageCount; k++, page++)
            {
                text.Append(k > 0 ? "\f" : string.Empty).Append(Page(random, page));
            }

            var name = $"document-{document.ToString("D5", CultureInfo.InvariantCulture)}-synthetic.txt";
            var request = new AcquisitionRequest
            {
                Collector = "bench (synthetic)", CollectedAt = TimeProvider.System.GetUtcNow().AddMinutes(-1), Zone = "UTC",
                Method = "generated", Tool = "bench", ToolVersion = "1", Classification = Classification.Internal,
            };
            var result = await service.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), name, request, async (stored, token) =>
            {
                var extracted = await DocumentExtractor.ExtractAsync(stored.VaultPath, options, token, stored.OriginalName);
                return new AnalysisOutput(extracted.ToJson(stored.Hash, stored.OriginalName, stored.MediaType, "internal"), name + ".text.json",
                    request with { Tool = "dossier ingest" }, "dossier ingest (bench)", null);
            }, by, "benchmark (synthetic)", none);
            if (result.Status != EvidenceStatus.Added)
            {
                throw new InvalidOperationException($"{name}: {result.Status} {string.Join("; ", result.Errors)}");
            }

            if (document % 100 == 99)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {page:N0} pages, {page / clock.Elapsed.TotalSeconds:F0} pages/s"));
            }
        }

        var ingestSeconds = clock.Elapsed.TotalSeconds;
        if (pageCount > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest (extract, store, index in the append): {pageCount:N0} pages in {ingestSeconds:F1} s = {pageCount / ingestSeconds:F0} pages/s"));
        }

        string[] queries = ["Nouri", "نوری", "Hamid Noury", "Pourmohammadi", "Mohammad", "محمد Hosseini", "baranto", "Zorbanexa"];
        foreach (var query in queries)
        {
            var hits = await DocumentSearch.SearchAsync(store.Evidence, query, Classification.Restricted, 20, none); // warm-up
            var times = new List<double>();
            for (var run = 0; run < 30; run++)
            {
                clock.Restart();
                hits = await DocumentSearch.SearchAsync(store.Evidence, query, Classification.Restricted, 20, none);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"search \"{query}\": {hits.Count} hits; p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms"));
        }
    }
}
