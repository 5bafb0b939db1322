using System.Globalization;
using PdfSharp.Drawing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using PdfDocument = PdfSharp.Pdf.PdfDocument;

namespace Dossier.Documents;

/// <summary>
/// A box to black out: on page <paramref name="Page"/> (from 1; 1 for a single image), <paramref name="Width"/> by
/// <paramref name="Height"/> pixels from (<paramref name="X"/>, <paramref name="Y"/>) at the top left, in the pixels of the
/// picture the evidence page shows (<see cref="PagePictures"/>): the image as the browser shows it, a TIFF frame, or a PDF
/// page rendered at <see cref="PdfPreview.Resolution"/> pixels per inch.
/// </summary>
public sealed record RedactionRegion(int Page, int X, int Y, int Width, int Height)
{
    /// <summary>Reads <c>PAGE:X,Y,W,H</c> (the CLI's and the form's notation; spaces allowed), or null.</summary>
    public static RedactionRegion? Parse(string? text)
    {
        // A single image has one page: "X,Y,W,H" alone means page 1.
        var parts = (text ?? string.Empty).Split(':');
        if (parts.Length == 1)
        {
            parts = ["1", parts[0]];
        }

        if (parts.Length != 2)
        {
            return null;
        }

        var numbers = parts[1].Split(',');
        if (numbers.Length != 4 || !int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page))
        {
            return null;
        }

        var values = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (!int.TryParse(numbers[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return new RedactionRegion(page, values[0], values[1], values[2], values[3]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Page}:{X},{Y},{Width},{Height}");
}

/// <summary>What is wrong with a redaction request, naming the field (<c>regions[2].width</c>, <c>file</c>).</summary>
public sealed record RedactionProblem(string Field, string Message);

/// <summary>The redacted copy: its bytes, its media type and file extension, how many pages it has.</summary>
public sealed record RedactedFile(byte[] Content, string MediaType, string Extension, int Pages);

/// <summary>The redacted copy, or the problems that kept it from being made (nothing is made then).</summary>
public sealed record RedactionOutcome(RedactedFile? File, IReadOnlyList<RedactionProblem> Problems)
{
    public static RedactionOutcome Refused(params RedactionProblem[] problems) => new(null, problems);
}

/// <summary>
/// Burns black boxes into a copy of an image or a PDF (issue 18 §8, ADR 1814). The original is only read. Images are
/// decoded, the boxes filled with opaque black, and a new file written with no metadata at all (no EXIF, GPS, XMP, ICC,
/// IPTC, text chunks or comments): JPEG stays JPEG, PNG, GIF, WebP and a one-page TIFF become PNG. A PDF, and a TIFF of
/// several pages, becomes an image-only PDF: every page rendered to pixels (pdftoppm, as the previews are), boxes burnt
/// into the chosen pages, and the pictures assembled by PDFsharp, so no text layer, annotation, attachment, script or
/// metadata of the original survives — under a box or anywhere.
/// </summary>
public static class Redactor
{
    public const string Tool = "dossier-redact";

    /// <summary>Pixels per inch of the pages of a redacted PDF: twice the preview's, so a preview pixel is two by two.</summary>
    public const int PdfResolution = PdfPreview.Resolution * 2;

    /// <summary>At most this many boxes in one redaction.</summary>
    public const int MaxRegions = 500;

    /// <summary>At most this many pages are rasterised for one redaction.</summary>
    public const int MaxPdfPages = 1000;

    private const int JpegQuality = 92;

    public static string Version { get; } = typeof(Redactor).Assembly.GetName().Version?.ToString(3) ?? "0";

    /// <summary>The tool as a custody event names it: <c>dossier-redact 1.0.0 (3 regions)</c>.</summary>
    public static string ToolName(int regions) =>
        string.Create(CultureInfo.InvariantCulture, $"{Tool} {Version} ({regions} region{(regions == 1 ? string.Empty : "s")})");

    /// <summary>Kinds that can be redacted here.</summary>
    public static bool CanRedact(string mediaType) => mediaType == "application/pdf" || PagePictures.IsImage(mediaType);

    /// <summary>
    /// The redacted copy of the file at <paramref name="path"/>, or the problems: at least one region, each on an existing
    /// page, of positive size and wholly inside its picture. A PDF needs <c>pdftoppm</c> (<see cref="ToolMissingException"/>).
    /// </summary>
    public static async Task<RedactionOutcome> RedactAsync(string path, string mediaType, IReadOnlyList<RedactionRegion> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(regions);
        if (!CanRedact(mediaType))
        {
            return RedactionOutcome.Refused(new RedactionProblem("file", $"{mediaType} cannot be redacted here; images (JPEG, PNG, GIF, WebP, TIFF) and PDF can"));
        }

        if (regions.Count == 0)
        {
            return RedactionOutcome.Refused(new RedactionProblem("regions", "draw or give at least one region to black out"));
        }

        if (regions.Count > MaxRegions)
        {
            return RedactionOutcome.Refused(new RedactionProblem("regions", $"at most {MaxRegions} regions in one redaction"));
        }

        return mediaType == "application/pdf"
            ? await RedactPdfAsync(path, regions, cancellationToken)
            : RedactImage(path, mediaType, regions, cancellationToken);
    }

    private static RedactionOutcome RedactImage(string path, string mediaType, IReadOnlyList<RedactionRegion> regions, CancellationToken cancellationToken)
    {
        if (PagePictures.LoadPages(path, cancellationToken) is not { Count: > 0 } pages)
        {
            return RedactionOutcome.Refused(new RedactionProblem("file", "the image cannot be decoded (damaged, larger than 100 megapixels, or an encoding not supported)"));
        }

        try
        {
            if (mediaType != "image/tiff" && pages.Count > 1)
            {
                return RedactionOutcome.Refused(new RedactionProblem("file", "an animated image (several frames) cannot be redacted here; save the frame that matters as PNG and redact that"));
            }

            var problems = Validate(regions, [.. pages.Select(p => (p.Width, p.Height))]);
            if (problems.Count > 0)
            {
                return RedactionOutcome.Refused([.. problems]);
            }

            for (var i = 0; i < pages.Count; i++)
            {
                Burn(pages[i], regions.Where(r => r.Page == i + 1), new Rgba32(0, 0, 0, 255));
            }

            if (pages.Count > 1)
            {
                // ImageSharp 2 writes one frame per TIFF: several pages are kept together as an image-only PDF.
                return new RedactionOutcome(new RedactedFile(Assemble(pages.Select(p => (Png(p), p.Width, p.Height)), dpi: 150), "application/pdf", ".pdf", pages.Count), []);
            }

            using var output = new MemoryStream();
            if (mediaType == "image/jpeg")
            {
                // A photo stays a photo; re-encoding changes pixels outside the boxes slightly, as any JPEG save does.
                using var rgb = pages[0].CloneAs<Rgb24>();
                rgb.Save(output, new JpegEncoder { Quality = JpegQuality });
                return new RedactionOutcome(new RedactedFile(output.ToArray(), "image/jpeg", ".jpg", 1), []);
            }

            return new RedactionOutcome(new RedactedFile(Png(pages[0]), "image/png", ".png", 1), []);
        }
        finally
        {
            pages.ForEach(p => p.Dispose());
        }
    }

    private static async Task<RedactionOutcome> RedactPdfAsync(string path, IReadOnlyList<RedactionRegion> regions, CancellationToken cancellationToken)
    {
        var count = PdfPreview.PageCount(path);
        if (count == 0)
        {
            return RedactionOutcome.Refused(new RedactionProblem("file", "the PDF cannot be read (damaged or encrypted)"));
        }

        if (count > MaxPdfPages)
        {
            return RedactionOutcome.Refused(new RedactionProblem("file", $"the PDF has more than {MaxPdfPages} pages; split it first"));
        }

        if (OversizedPage(path) is { } oversized)
        {
            return RedactionOutcome.Refused(new RedactionProblem("file",
                string.Create(CultureInfo.InvariantCulture, $"page {oversized} is too large to turn into a picture at {PdfResolution} dpi (over {PagePictures.MaxPixels / 1_000_000} megapixels)")));
        }

        var pageProblems = PageProblems(regions, count);
        if (pageProblems.Count > 0)
        {
            return RedactionOutcome.Refused([.. pageProblems]);
        }

        var folder = Directory.CreateTempSubdirectory("dossier-redact-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "page");
            // Uncompressed PPM: the pages are read back at once, so compressing them here would be work thrown away.
            var run = await ExternalTool.RunAsync(PdfRenderer.Program, PdfRenderer.Package,
                ["-r", PdfResolution.ToString(CultureInfo.InvariantCulture), path, prefix], cancellationToken);
            // pdftoppm numbers the files with as many digits as the last page has: an ordinal sort is page order.
            var files = Directory.GetFiles(folder.FullName, "page-*.ppm").Order(StringComparer.Ordinal).ToList();
            if (run.ExitCode != 0 || files.Count != count)
            {
                return RedactionOutcome.Refused(new RedactionProblem("file", "pdftoppm could not render every page of the PDF"));
            }

            // Regions are in preview pixels; a preview page is ceil(points × 80 / 72) wide, so half the rendered width rounded up.
            var sizes = files.Select(f => Image.Identify(f)).Select(i => (Width: (i.Width + 1) / 2, Height: (i.Height + 1) / 2)).ToList();
            var problems = Validate(regions, sizes);
            if (problems.Count > 0)
            {
                return RedactionOutcome.Refused([.. problems]);
            }

            var pages = new List<(byte[] Png, int Width, int Height)>(count);
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var image = Image.Load<Rgb24>(files[i]);
                var scaleX = (double)image.Width / sizes[i].Width;
                var scaleY = (double)image.Height / sizes[i].Height;
                // Scaled outward: a box never shrinks by rounding.
                Burn(image, regions.Where(r => r.Page == i + 1).Select(r =>
                {
                    var left = (int)Math.Floor(r.X * scaleX);
                    var top = (int)Math.Floor(r.Y * scaleY);
                    var right = Math.Min(image.Width, (int)Math.Ceiling((r.X + r.Width) * scaleX));
                    var bottom = Math.Min(image.Height, (int)Math.Ceiling((r.Y + r.Height) * scaleY));
                    return r with { X = left, Y = top, Width = right - left, Height = bottom - top };
                }), new Rgb24(0, 0, 0));
                pages.Add((Png(image, PngColorType.Rgb, PngCompressionLevel.BestSpeed), image.Width, image.Height));
                File.Delete(files[i]);
            }

            return new RedactionOutcome(new RedactedFile(Assemble(pages, PdfResolution), "application/pdf", ".pdf", count), []);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The first page whose picture at <see cref="PdfResolution"/> would exceed <see cref="PagePictures.MaxPixels"/>, or null.</summary>
    private static int? OversizedPage(string path)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(path);
        const double scale = PdfResolution / 72.0;
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            var page = document.GetPage(n);
            if (page.Width * scale * page.Height * scale > PagePictures.MaxPixels)
            {
                return n;
            }
        }

        return null;
    }

    private static List<RedactionProblem> PageProblems(IReadOnlyList<RedactionRegion> regions, int pages)
    {
        var problems = new List<RedactionProblem>();
        for (var i = 0; i < regions.Count; i++)
        {
            if (regions[i].Page < 1 || regions[i].Page > pages)
            {
                problems.Add(new RedactionProblem(Field(i, "page"), pages == 1
                    ? "the file has one page: give page 1"
                    : $"the file has {pages.ToString(CultureInfo.InvariantCulture)} pages: give a page from 1 to {pages.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        return problems;
    }

    /// <summary>Each region on an existing page, of positive size, wholly inside its picture (<paramref name="sizes"/>, page 1 first).</summary>
    internal static List<RedactionProblem> Validate(IReadOnlyList<RedactionRegion> regions, IReadOnlyList<(int Width, int Height)> sizes)
    {
        var problems = PageProblems(regions, sizes.Count);
        for (var i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
            if (r.Page < 1 || r.Page > sizes.Count)
            {
                continue;
            }

            var (width, height) = sizes[r.Page - 1];
            var inside = string.Create(CultureInfo.InvariantCulture, $"the picture of page {r.Page} is {width} × {height} pixels");
            if (r.Width <= 0)
            {
                problems.Add(new RedactionProblem(Field(i, "width"), "must be at least 1 pixel"));
            }

            if (r.Height <= 0)
            {
                problems.Add(new RedactionProblem(Field(i, "height"), "must be at least 1 pixel"));
            }

            if (r.X < 0 || r.X >= width)
            {
                problems.Add(new RedactionProblem(Field(i, "x"), $"must be from 0 to {(width - 1).ToString(CultureInfo.InvariantCulture)}: {inside}"));
            }
            else if (r.Width > 0 && (long)r.X + r.Width > width)
            {
                problems.Add(new RedactionProblem(Field(i, "width"), $"the region ends past the right edge: {inside}"));
            }

            if (r.Y < 0 || r.Y >= height)
            {
                problems.Add(new RedactionProblem(Field(i, "y"), $"must be from 0 to {(height - 1).ToString(CultureInfo.InvariantCulture)}: {inside}"));
            }
            else if (r.Height > 0 && (long)r.Y + r.Height > height)
            {
                problems.Add(new RedactionProblem(Field(i, "height"), $"the region ends past the bottom edge: {inside}"));
            }
        }

        return problems;
    }

    private static string Field(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"regions[{index}].{name}");

    /// <summary>Fills each region (already inside the image) with <paramref name="black"/> (opaque).</summary>
    private static void Burn<TPixel>(Image<TPixel> image, IEnumerable<RedactionRegion> regions, TPixel black)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var boxes = regions.ToList();
        if (boxes.Count == 0)
        {
            return;
        }

        image.ProcessPixelRows(rows =>
        {
            foreach (var box in boxes)
            {
                for (var y = box.Y; y < box.Y + box.Height; y++)
                {
                    rows.GetRowSpan(y).Slice(box.X, box.Width).Fill(black);
                }
            }
        });
    }

    private static byte[] Png(Image<Rgba32> image) => Png(image, null, PngCompressionLevel.BestCompression);

    private static byte[] Png<TPixel>(Image<TPixel> image, PngColorType? colour, PngCompressionLevel level)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var output = new MemoryStream();
        image.Save(output, new PngEncoder { ColorType = colour, CompressionLevel = level });
        return output.ToArray();
    }

    /// <summary>An image-only PDF: one page per picture, sized so that <paramref name="dpi"/> pixels make an inch.</summary>
    private static byte[] Assemble(IEnumerable<(byte[] Png, int Width, int Height)> pictures, int dpi)
    {
        using var document = new PdfDocument();
        document.Info.Creator = Tool + " " + Version;
        var streams = new List<MemoryStream>();
        var images = new List<XImage>();
        try
        {
            foreach (var (png, width, height) in pictures)
            {
                var page = document.AddPage();
                page.Width = XUnit.FromPoint(width * 72.0 / dpi);
                page.Height = XUnit.FromPoint(height * 72.0 / dpi);
                var stream = new MemoryStream(png, writable: false);
                streams.Add(stream);
                var image = XImage.FromStream(stream);
                images.Add(image);
                using var graphics = XGraphics.FromPdfPage(page);
                graphics.DrawImage(image, 0, 0, page.Width.Point, page.Height.Point);
            }

            using var output = new MemoryStream();
            document.Save(output);
            return output.ToArray();
        }
        finally
        {
            images.ForEach(i => i.Dispose());
            streams.ForEach(s => s.Dispose());
        }
    }
}
