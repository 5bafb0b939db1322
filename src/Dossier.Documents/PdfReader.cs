using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Dossier.Documents;

/// <summary>
/// Text per page from a PDF's text layer (PdfPig), letters grouped into lines by baseline and put into reading
/// order (<see cref="VisualOrder"/>); a page without text (a scan) is rendered by Debian's <c>pdftoppm</c>
/// (poppler-utils) and read by Tesseract.
/// </summary>
internal static class PdfReader
{
    /// <summary>A page with fewer letters or digits than this in its text layer is treated as a scan.</summary>
    public const int MinimumTextLayerLetters = 10;

    public static string PdfPigVersion { get; } = VersionOf(typeof(PdfDocument).Assembly);

    public static async Task<ExtractedDocument> ReadAsync(string path, ExtractionOptions options, CancellationToken cancellationToken)
    {
        var pages = new List<ExtractedPage>();
        var scans = new List<int>();
        var tools = new List<ToolUse> { new("PdfPig", PdfPigVersion, []) };
        try
        {
            using var document = PdfDocument.Open(path);
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var page = document.GetPage(number);
                    var text = PageText(page);
                    if (text.Count(char.IsLetterOrDigit) < MinimumTextLayerLetters || HasUnmappedGlyphs(text))
                    {
                        scans.Add(number);
                        pages.Add(new ExtractedPage(number, PageMethod.Ocr, string.Empty, string.Empty));
                    }
                    else
                    {
                        pages.Add(new ExtractedPage(number, PageMethod.TextLayer, text, TextForIndex.Normalize(text)));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    pages.Add(new ExtractedPage(number, PageMethod.TextLayer, string.Empty, string.Empty, Problem: $"the page could not be read: {exception.Message}"));
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // PdfPig throws its own types (and others) for damaged, truncated or encrypted files: all mean the same here.
            return ExtractedDocument.Failed("pdf", $"not a readable PDF: {exception.Message}", [], tools);
        }

        if (pages.Count == 0)
        {
            return ExtractedDocument.Failed("pdf", "the PDF has no pages", [], tools);
        }

        var languages = scans.Count > 0 ? options.Languages : [];
        if (scans.Count > 0)
        {
            var ocr = await TesseractOcr.OpenAsync(options.Languages, cancellationToken);
            var renderer = await PdfRenderer.OpenAsync(cancellationToken);
            tools.Add(new ToolUse("pdftoppm", renderer.Version, []));
            tools.Add(ocr.Use);
            var read = new OcrPage[scans.Count];
            var done = 0;
            options.Progress?.Report(new PagesRead(0, scans.Count));
            await Parallel.ForEachAsync(Enumerable.Range(0, scans.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
            {
                read[i] = await renderer.OcrPageAsync(path, scans[i], ocr, options.Resolution, token);
                options.Progress?.Report(new PagesRead(Interlocked.Increment(ref done), scans.Count));
            });
            foreach (var page in read)
            {
                pages[page.Number - 1] = new ExtractedPage(page.Number, PageMethod.Ocr, page.Text, TextForIndex.Normalize(page.Text), page.Confidence, page.Problem);
            }
        }

        var failed = pages.Count(p => p.Problem is not null);
        return new ExtractedDocument
        {
            Status = failed == 0 ? ExtractionStatus.Ok : failed == pages.Count ? ExtractionStatus.Failed : ExtractionStatus.Partial,
            Reason = failed == pages.Count ? pages[0].Problem : null,
            Kind = "pdf",
            Languages = languages,
            Tools = tools,
            Pages = pages,
        };
    }

    /// <summary>
    /// True when the text layer holds the font's own glyph codes instead of characters: a PDF whose fonts have no
    /// ToUnicode map (or a broken one, as after a PostScript round trip) gives control characters (U+0000–001F other
    /// than white space, U+0080–009F) and replacement characters where its letters should be. At least 3 of them and at
    /// least 5 % of the page's visible characters mean the page is read by OCR instead: what it shows is right, what its
    /// text layer says is not. Private-use characters are not counted: Word's unmapped bullets are such, on pages whose
    /// text is otherwise fine.
    /// </summary>
    internal static bool HasUnmappedGlyphs(string text)
    {
        var unmapped = 0;
        var visible = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\n' or '\t' or '\r')
            {
                continue;
            }

            visible++;
            if (c is < ' ' or (>= '\u007F' and <= '\u009F') or '\uFFFD')
            {
                unmapped++;
            }
        }

        return unmapped >= 3 && unmapped * 20 >= visible;
    }

    /// <summary>The page's letters as lines (top to bottom), each in reading order; spaces inferred from gaps where the PDF has none.</summary>
    internal static string PageText(Page page)
    {
        var letters = page.Letters.Where(l => l.Value.Length > 0).ToList();
        if (letters.Count == 0)
        {
            return string.Empty;
        }

        // Baselines top to bottom; a letter joins the current line when its baseline is within 40% of the font size.
        letters.Sort((a, b) => b.StartBaseLine.Y.CompareTo(a.StartBaseLine.Y));
        var lines = new List<List<Letter>>();
        List<Letter>? current = null;
        var lineY = 0.0;
        foreach (var letter in letters)
        {
            var size = Math.Max(letter.PointSize, 1);
            if (current is null || Math.Abs(letter.StartBaseLine.Y - lineY) > 0.4 * size)
            {
                current = [];
                lines.Add(current);
                lineY = letter.StartBaseLine.Y;
            }

            current.Add(letter);
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            line.Sort((a, b) => a.StartBaseLine.X.CompareTo(b.StartBaseLine.X));
            var visual = new StringBuilder();
            Letter? previous = null;
            foreach (var letter in line)
            {
                var blank = string.IsNullOrWhiteSpace(letter.Value);
                if (previous is not null && !blank && !string.IsNullOrWhiteSpace(previous.Value)
                    && letter.StartBaseLine.X - previous.EndBaseLine.X > 0.2 * Math.Max(letter.PointSize, 1))
                {
                    visual.Append(' ');
                }

                visual.Append(blank ? " " : letter.Value);
                previous = letter;
            }

            var logical = VisualOrder.ToLogical(CollapseSpaces(visual.ToString()));
            if (logical.Length > 0)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(logical);
            }
        }

        return text.ToString();
    }

    private static string CollapseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && (builder.Length == 0 || builder[^1] == ' '))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().TrimEnd();
    }

    internal static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is { Length: > 0 })
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "unknown";
    }
}

/// <summary>Renders one PDF page to a PNG with Debian's <c>pdftoppm</c> (poppler-utils) for OCR.</summary>
internal sealed partial class PdfRenderer
{
    public const string Program = "pdftoppm";
    public const string Package = "poppler-utils";

    private PdfRenderer(string version) => Version = version;

    public string Version { get; }

    public static async Task<PdfRenderer> OpenAsync(CancellationToken cancellationToken)
    {
        var run = await ExternalTool.RunAsync(Program, Package, ["-v"], cancellationToken);
        var match = VersionPattern().Match(run.Error + "\n" + run.Output);
        return new PdfRenderer(match.Success ? match.Groups["version"].Value : "unknown");
    }

#pragma warning disable CA1822 // An instance: it exists only once the program was found.
    public async Task<OcrPage> OcrPageAsync(string pdf, int number, TesseractOcr ocr, int resolution, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("dossier-ocr-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "page");
            var page = number.ToString(CultureInfo.InvariantCulture);
            // Grey, not colour: Tesseract read nothing at all from the colour render of a tinted scan on a white page,
            // and all of it from the grey one (docs/adr/1834-documents-from-other-producers.md).
            var run = await ExternalTool.RunAsync(Program, Package,
                ["-r", resolution.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-png", "-gray", "-singlefile", pdf, prefix], cancellationToken);
            var image = prefix + ".png";
            if (run.ExitCode != 0 || !File.Exists(image))
            {
                var message = run.Error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {run.ExitCode.ToString(CultureInfo.InvariantCulture)}";
                return new OcrPage(number, string.Empty, null, $"pdftoppm could not render the page: {message}");
            }

            var read = await ocr.ReadAsync(image, number, cancellationToken);
            return read[0];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
#pragma warning restore CA1822

    [GeneratedRegex(@"version (?<version>[0-9][0-9.]*)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VersionPattern();
}
