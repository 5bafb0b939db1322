using System.Diagnostics;
using System.Net;
using System.Text;

namespace Dossier.Testing;

/// <summary>
/// Test documents made at test time, not stored as blobs: an HTML page is written here and Debian's Chromium
/// prints it to a PDF (a text layer, Persian shaped and in visual order, as browsers and office programs write
/// it) and takes a screenshot of it (a "scan" for OCR). Fonts come from fonts-noto-core.
/// </summary>
public static class RenderedDocuments
{
    /// <summary>The Persian sentence of the issue's acceptance check: Hamid Noury (a real, convicted perpetrator, named in public court records) and 8 Mordad 1367.</summary>
    public const string PersianLine = "حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.";

    public const string EnglishLine = "Hamid Noury was at Gohardasht prison on 30 July 1988.";

    /// <summary>An HTML page with the given paragraphs; each paragraph's direction follows its script.</summary>
    public static string Page(IEnumerable<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var html = new StringBuilder("""
            <!doctype html><html lang="fa"><head><meta charset="utf-8"><title>test document</title>
            <style>body{font-family:'Noto Sans Arabic','Noto Sans',sans-serif;font-size:28px;margin:40px;background:#fff;color:#000} p{margin:18px 0}</style></head><body>
            """);
        foreach (var paragraph in paragraphs)
        {
            var rtl = paragraph.Any(c => c is >= '\u0600' and <= '\u06FF');
            html.Append(rtl ? "<p dir=\"rtl\">" : "<p dir=\"ltr\">").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>The issue's page: the Persian sentence and the English line.</summary>
    public static string NouryPage => Page([PersianLine, EnglishLine]);

    public static async Task PrintToPdfAsync(string html, string pdfPath) =>
        await ChromiumAsync(html, $"--print-to-pdf={pdfPath}", "--no-pdf-header-footer");

    /// <summary>A screenshot at twice the CSS pixel density (about 190 dpi for 28px text), like a decent scan.</summary>
    public static async Task ScreenshotAsync(string html, string pngPath, int width = 1200, int height = 400) =>
        await ChromiumAsync(html, $"--screenshot={pngPath}", $"--window-size={width},{height}", "--force-device-scale-factor=2", "--hide-scrollbars");

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static async Task ChromiumAsync(string html, params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("dossier-render-");
        await OneAtATime.WaitAsync();
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            await File.WriteAllTextAsync(page, html);
            var start = new ProcessStartInfo(ChromiumBrowser.ExecutablePath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", .. ChromiumBrowser.LaunchArguments, .. arguments, new Uri(page).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await error}");
            }
        }
        finally
        {
            OneAtATime.Release();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What Debian's pdftotext (poppler-utils) reads from a PDF: the oracle the PDF reader is compared with.</summary>
    public static async Task<string> PdfToTextAsync(string pdfPath)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-enc", "UTF-8", pdfPath, "-"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
