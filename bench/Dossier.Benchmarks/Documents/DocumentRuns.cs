using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dossier.Documents;
using Dossier.Synthesis;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Dossier.Benchmarks.Documents;

/// <summary>
/// <c>e2e documents [text-pages] [ocr-pages] [names]</c>: pages per second of text extraction from a browser-printed
/// PDF (Persian and English lines, a text layer), with and without name and date suggestions against an index of
/// SYNTHETIC names; and pages per second of OCR (pdftoppm + tesseract, fas+eng) of a PDF whose pages are images.
/// Needs Debian's chromium to make the documents, and tesseract and poppler-utils for OCR.
/// </summary>
public static class DocumentRuns
{
    public static int Run(string[] args)
    {
        var textPages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var ocrPages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var nameCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var folder = Directory.CreateTempSubdirectory("dossier-documents-bench-");
        try
        {
            return RunAsync(folder.FullName, textPages, ocrPages, nameCount).GetAwaiter().GetResult();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(string folder, int textPages, int ocrPages, int nameCount)
    {
        Console.WriteLine($"cores: {Environment.ProcessorCount}");
        var populationSize = Math.Max(nameCount / 2, 1000);
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = populationSize }, 1988);
        var random = new Random(16);

        // A long document: each page 30 lines, Persian and English, naming synthetic people and dates.
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><style>body{font-family:'Noto Sans Arabic','Noto Sans',sans-serif;font-size:14px} p{margin:4px 0} .page{break-after:page}</style></head><body>");
        for (var page = 0; page < textPages; page++)
        {
            html.Append("<div class=\"page\">");
            for (var line = 0; line < 30; line++)
            {
                var person = population[random.Next(populationSize)];
                html.Append(line % 2 == 0
                    ? $"<p dir=\"rtl\">{WebUtility.HtmlEncode($"گواهی {person.GivenName.Persian} {person.FamilyName.Persian} در {person.DeathDate.Day.ToString(CultureInfo.InvariantCulture)} مرداد ۱۳۶۷ ثبت شد و به زندان گوهردشت برده شد.")}</p>"
                    : $"<p>{WebUtility.HtmlEncode($"The statement of {person.GivenName.Latin} {person.FamilyName.Latin} (synthetic) was recorded on {person.DeathDate.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} in the prison.")}</p>");
            }

            html.Append("</div>");
        }

        html.Append("</body></html>");
        var pdf = Path.Combine(folder, "text.pdf");
        await ChromiumAsync(folder, html.ToString(), $"--print-to-pdf={pdf}", "--no-pdf-header-footer");

        var options = new ExtractionOptions { Languages = ["fas", "eng"] };
        await DocumentExtractor.ExtractAsync(pdf, options, CancellationToken.None); // warm-up (JIT)
        var clock = Stopwatch.StartNew();
        var extracted = await DocumentExtractor.ExtractAsync(pdf, options, CancellationToken.None);
        var extractSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text layer: {extracted.Pages.Count} pages in {extractSeconds:F2} s = {extracted.Pages.Count / extractSeconds:F1} pages/s (status {extracted.Status}, {extracted.TextLayerPages} from the text layer)"));

        clock.Restart();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var names = NameIndex.Build(population.People.Take(nameCount / 2).SelectMany(p => new[]
        {
            new KnownName($"p{p.PersonId}", "person", "synthetic", p.GivenName.Persian + " " + p.FamilyName.Persian),
            new KnownName($"p{p.PersonId}", "person", "synthetic", p.GivenName.Latin + " " + p.FamilyName.Latin),
        }));
        var buildSeconds = clock.Elapsed.TotalSeconds;
        var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"name index: {names.Count:N0} names built in {buildSeconds:F1} s, ~{indexBytes / 1048576.0:F0} MiB"));

        SuggestionFinder.Find(extracted, names);
        clock.Restart();
        var suggestions = SuggestionFinder.Find(extracted, names);
        var suggestSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"suggestions: {suggestions.Count} distinct over {extracted.Pages.Count} pages in {suggestSeconds:F2} s = {extracted.Pages.Count / suggestSeconds:F0} pages/s; extraction + suggestions = {extracted.Pages.Count / (extractSeconds + suggestSeconds):F1} pages/s"));

        if (ocrPages > 0)
        {
            var png = Path.Combine(folder, "scan.png");
            var scanHtml = "<!doctype html><html><head><meta charset=\"utf-8\"><style>body{font-family:'Noto Sans Arabic','Noto Sans',sans-serif;font-size:20px;margin:40px} p{margin:8px 0}</style></head><body>"
                + string.Concat(Enumerable.Range(0, 12).Select(i =>
                {
                    var person = population[i];
                    return i % 2 == 0
                        ? $"<p dir=\"rtl\">{WebUtility.HtmlEncode($"گواهی {person.GivenName.Persian} {person.FamilyName.Persian} در ۸ مرداد ۱۳۶۷ ثبت شد.")}</p>"
                        : $"<p>{WebUtility.HtmlEncode($"The statement of {person.GivenName.Latin} {person.FamilyName.Latin} (synthetic) was recorded on 30 July 1988.")}</p>";
                })) + "</body></html>";
            await ChromiumAsync(folder, scanHtml, $"--screenshot={png}", "--window-size=1240,1754", "--hide-scrollbars");
            var builder = new PdfDocumentBuilder();
            var image = await File.ReadAllBytesAsync(png);
            for (var page = 0; page < ocrPages; page++)
            {
                builder.AddPage(PageSize.A4).AddPng(image, new PdfRectangle(0, 0, 595, 842));
            }

            var scans = Path.Combine(folder, "scans.pdf");
            await File.WriteAllBytesAsync(scans, builder.Build());
            clock.Restart();
            var read = await DocumentExtractor.ExtractAsync(scans, options, CancellationToken.None);
            var ocrSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ocr (pdftoppm 300 dpi + tesseract fas, eng; {options.Parallelism} at a time): {read.OcrPages} pages in {ocrSeconds:F1} s = {read.OcrPages / ocrSeconds:F2} pages/s, mean confidence {read.Pages.Average(p => p.Confidence ?? 0):F1}"));
        }

        return 0;
    }

    private static async Task ChromiumAsync(string folder, string html, params string[] arguments)
    {
        var page = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".html");
        await File.WriteAllTextAsync(page, html);
        var start = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder, "profile")}", .. arguments, new Uri(page).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }
}
