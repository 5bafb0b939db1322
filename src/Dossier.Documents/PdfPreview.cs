using System.Globalization;
using UglyToad.PdfPig;

namespace Dossier.Documents;

/// <summary>One PDF page as a PNG to look at, or why it cannot be shown.</summary>
public sealed record PreviewPage(byte[]? Png, int Pages, string? Problem);

/// <summary>
/// Pages of a stored PDF for the evidence page (issue 18 §8): rendered on the server by Debian's <c>pdftoppm</c> — the
/// renderer OCR already uses — so the browser shows an image and no PDF viewer or script of anyone else's runs.
/// </summary>
public static class PdfPreview
{
    /// <summary>Pixels per inch of a preview: a page fits a screen and its text is still readable.</summary>
    public const int Resolution = 80;

    public static int PageCount(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path);
            return document.NumberOfPages;
        }
#pragma warning disable CA1031 // A corrupt or encrypted PDF is evidence as it is: it has no pages to show, and says so.
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }
    }

    public static async Task<PreviewPage> RenderAsync(string path, int page, CancellationToken cancellationToken)
    {
        var pages = PageCount(path);
        if (pages == 0)
        {
            return new PreviewPage(null, 0, "the PDF cannot be read (damaged or encrypted); download it to examine it");
        }

        if (page < 1 || page > pages)
        {
            return new PreviewPage(null, pages, $"the PDF has {pages.ToString(CultureInfo.InvariantCulture)} page(s)");
        }

        var folder = Directory.CreateTempSubdirectory("dossier-preview-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "page");
            var number = page.ToString(CultureInfo.InvariantCulture);
            var run = await ExternalTool.RunAsync(PdfRenderer.Program, PdfRenderer.Package,
                ["-r", Resolution.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-png", "-singlefile", path, prefix], cancellationToken);
            var image = prefix + ".png";
            return run.ExitCode == 0 && File.Exists(image)
                ? new PreviewPage(await File.ReadAllBytesAsync(image, cancellationToken), pages, null)
                : new PreviewPage(null, pages, "pdftoppm could not render the page");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
