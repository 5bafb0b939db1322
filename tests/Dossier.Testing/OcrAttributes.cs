namespace Dossier.Testing;

/// <summary>
/// Whether Debian's OCR tools are here: <c>tesseract</c> with the Persian and English models (packages
/// tesseract-ocr, tesseract-ocr-fas, tesseract-ocr-eng) and <c>pdftoppm</c> (poppler-utils), for the text
/// extraction tests. <c>pdftotext</c> (also poppler-utils) is the tests' oracle for PDF text.
/// </summary>
public static class OcrTools
{
    public static bool IsAvailable { get; } = OnPath("tesseract") && OnPath("pdftoppm") && OnPath("pdftotext") && HasModels("fas", "eng");

    public const string UnavailableReason =
        "Skipped: tesseract with its fas and eng models, or pdftoppm/pdftotext, is missing (Debian packages tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng poppler-utils; .ci/run installs them).";

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));

    // Debian installs the models as tessdata/LANG.traineddata under /usr/share/tesseract-ocr/<major>/.
    private static bool HasModels(params string[] languages)
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("TESSDATA_PREFIX") is { Length: > 0 } prefix)
        {
            roots.Add(prefix);
        }

        if (Directory.Exists("/usr/share/tesseract-ocr"))
        {
            roots.AddRange(Directory.EnumerateDirectories("/usr/share/tesseract-ocr").Select(d => Path.Combine(d, "tessdata")));
        }

        return languages.All(language => roots.Any(root => File.Exists(Path.Combine(root, language + ".traineddata"))));
    }
}

/// <summary>A fact that needs tesseract (fas, eng) and poppler-utils: skips with the reason off CI, runs and fails under <c>CI=true</c>.</summary>
public sealed class OcrFactAttribute : FactAttribute
{
    public OcrFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(OcrTools.IsAvailable, OcrTools.UnavailableReason);
    }
}

/// <summary>A theory that needs tesseract (fas, eng) and poppler-utils; same skip-or-fail rule as <see cref="OcrFactAttribute"/>.</summary>
public sealed class OcrTheoryAttribute : TheoryAttribute
{
    public OcrTheoryAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(OcrTools.IsAvailable, OcrTools.UnavailableReason);
    }
}

/// <summary>A fact that needs both the OCR tools and Chromium (fixtures rendered by the browser, then read by OCR).</summary>
public sealed class OcrAndChromiumFactAttribute : FactAttribute
{
    public OcrAndChromiumFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(OcrTools.IsAvailable, OcrTools.UnavailableReason)
            ?? SkipRule.SkipUnlessAvailable(ChromiumBrowser.IsAvailable, "Skipped: " + ChromiumBrowser.UnavailableReason);
    }
}

/// <summary>A theory that needs both the OCR tools and Chromium.</summary>
public sealed class OcrAndChromiumTheoryAttribute : TheoryAttribute
{
    public OcrAndChromiumTheoryAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(OcrTools.IsAvailable, OcrTools.UnavailableReason)
            ?? SkipRule.SkipUnlessAvailable(ChromiumBrowser.IsAvailable, "Skipped: " + ChromiumBrowser.UnavailableReason);
    }
}
