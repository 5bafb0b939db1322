using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dossier.Documents;

/// <summary>One page as OCR read it: its text (lines in reading order), the mean word confidence, and the problem if it failed.</summary>
internal sealed record OcrPage(int Number, string Text, double? Confidence, string? Problem);

/// <summary>
/// Tesseract (Debian's <c>tesseract-ocr</c> with one <c>tesseract-ocr-LANG</c> package per language model) run as a
/// process with TSV output, which carries every word's box and confidence.
/// <para>
/// Each language is read in its own pass, and each line of the page is taken from the pass that read it with the
/// highest mean word confidence (docs/adr/1601-text-extraction.md). A combined model (<c>fas+eng</c>) reads a
/// Persian ۸ inside a Persian sentence as a Latin "A", and a Latin 1988 as Persian digits; the single-language
/// passes do not, and on a mixed page each line is read best by its own language.
/// </para>
/// </summary>
internal sealed partial class TesseractOcr
{
    public const string Program = "tesseract";
    public const string Package = "tesseract-ocr";

    private TesseractOcr(string version, IReadOnlyList<string> languages)
    {
        Version = version;
        Languages = languages;
    }

    public string Version { get; }

    public IReadOnlyList<string> Languages { get; }

    public ToolUse Use => new("tesseract", Version, Languages);

    /// <summary>Checks that tesseract and every language model are installed; throws <see cref="ToolMissingException"/> naming the package otherwise.</summary>
    public static async Task<TesseractOcr> OpenAsync(IReadOnlyList<string> languages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(languages);
        var version = await ExternalTool.RunAsync(Program, Package, ["--version"], cancellationToken);
        var match = VersionPattern().Match(version.Output + "\n" + version.Error);
        var installed = await ExternalTool.RunAsync(Program, Package, ["--list-langs"], cancellationToken);
        var models = (installed.Output + "\n" + installed.Error).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            if (!models.Contains(language))
            {
                throw new ToolMissingException($"the Tesseract language model '{language}'", "tesseract-ocr-" + language.Replace('_', '-').ToLowerInvariant());
            }
        }

        return new TesseractOcr(match.Success ? match.Groups["version"].Value : "unknown", languages);
    }

    /// <summary>
    /// Reads every page of an image file (a multi-page TIFF gives several); <paramref name="firstPage"/> numbers them.
    /// A file Tesseract cannot read gives one failed page with its message.
    /// </summary>
    public async Task<IReadOnlyList<OcrPage>> ReadAsync(string imagePath, int firstPage, CancellationToken cancellationToken)
    {
        var passes = new List<List<OcrLine>>();
        string? failure = null;
        foreach (var language in Languages)
        {
            var run = await ExternalTool.RunAsync(Program, Package, [imagePath, "stdout", "-l", language, "tsv"], cancellationToken);
            var lines = ParseTsv(run.Output, language);
            if (run.ExitCode != 0 || (lines.Count == 0 && LooksLikeReadError(run.Error)))
            {
                failure = FirstErrorLine(run.Error) ?? $"tesseract exited with code {run.ExitCode.ToString(CultureInfo.InvariantCulture)}";
                break;
            }

            passes.Add(lines);
        }

        if (failure is not null)
        {
            return [new OcrPage(firstPage, string.Empty, null, failure)];
        }

        var pages = passes.SelectMany(p => p).Select(l => l.Page).Distinct().Order().ToList();
        if (pages.Count == 0)
        {
            // A blank page: nothing read, which is not a failure.
            return [new OcrPage(firstPage, string.Empty, null, null)];
        }

        return [.. pages.Select(page => Merge(page, firstPage + page - 1, passes.Select(p => p.Where(l => l.Page == page).ToList()).ToList()))];
    }

    /// <summary>
    /// Chooses, over all passes, the line readings with the highest mean confidence whose boxes do not overlap one
    /// already chosen, and writes them top to bottom.
    /// </summary>
    internal static OcrPage Merge(int tesseractPage, int number, IReadOnlyList<List<OcrLine>> passes)
    {
        _ = tesseractPage;
        var chosen = new List<OcrLine>();
        foreach (var line in passes.SelectMany(p => p).OrderByDescending(l => l.MeanConfidence).ThenBy(l => l.Top).ThenBy(l => l.Left))
        {
            if (!chosen.Any(c => c.Overlaps(line)))
            {
                chosen.Add(line);
            }
        }

        chosen.Sort((a, b) => a.Top != b.Top ? a.Top.CompareTo(b.Top) : a.Left.CompareTo(b.Left));
        var text = string.Join('\n', chosen.Select(l => l.Text));
        var words = chosen.SelectMany(l => l.Confidences).ToList();
        return new OcrPage(number, text, words.Count == 0 ? null : words.Average(), null);
    }

    /// <summary>
    /// Tesseract's TSV: level, page_num, block_num, par_num, line_num, word_num, left, top, width, height, conf, text.
    /// Words (level 5) are grouped into their lines in the order Tesseract gives them, which is reading order
    /// (right to left for a Persian line).
    /// </summary>
    internal static List<OcrLine> ParseTsv(string tsv, string language)
    {
        var lines = new Dictionary<(int Page, int Block, int Paragraph, int Line), OcrLine>();
        var order = new List<OcrLine>();
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || cells[0] != "5" || !int.TryParse(cells[1], CultureInfo.InvariantCulture, out var page))
            {
                continue;
            }

            var word = cells[11].Trim();
            if (word.Length == 0 || !double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) || confidence < 0)
            {
                continue;
            }

            var key = (page, Int(cells[2]), Int(cells[3]), Int(cells[4]));
            var (left, top, width, height) = (Int(cells[6]), Int(cells[7]), Int(cells[8]), Int(cells[9]));
            if (!lines.TryGetValue(key, out var line))
            {
                line = new OcrLine(page, language);
                lines[key] = line;
                order.Add(line);
            }

            line.Add(word, confidence, left, top, left + width, top + height);
        }

        return order;
    }

    private static int Int(string text) => int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static bool LooksLikeReadError(string error) =>
        error.Contains("Error", StringComparison.OrdinalIgnoreCase) || error.Contains("Cannot", StringComparison.OrdinalIgnoreCase);

    private static string? FirstErrorLine(string error) =>
        error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(l => !l.StartsWith("Warning", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Estimating resolution", StringComparison.Ordinal) && !l.StartsWith("Detected", StringComparison.Ordinal));

    [GeneratedRegex(@"tesseract v?(?<version>[0-9][0-9A-Za-z.\-]*)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VersionPattern();
}

/// <summary>One line of one OCR pass: its words in reading order, their confidences, and the box around them.</summary>
internal sealed class OcrLine(int page, string language)
{
    private readonly StringBuilder _text = new();

    public int Page { get; } = page;

    public string Language { get; } = language;

    public List<double> Confidences { get; } = [];

    public int Left { get; private set; } = int.MaxValue;

    public int Top { get; private set; } = int.MaxValue;

    public int Right { get; private set; } = int.MinValue;

    public int Bottom { get; private set; } = int.MinValue;

    public string Text => _text.ToString();

    public double MeanConfidence => Confidences.Count == 0 ? 0 : Confidences.Average();

    public void Add(string word, double confidence, int left, int top, int right, int bottom)
    {
        if (_text.Length > 0)
        {
            _text.Append(' ');
        }

        _text.Append(word);
        Confidences.Add(confidence);
        Left = Math.Min(Left, left);
        Top = Math.Min(Top, top);
        Right = Math.Max(Right, right);
        Bottom = Math.Max(Bottom, bottom);
    }

    /// <summary>Two readings of the same line: their boxes share at least half of the smaller one's area.</summary>
    public bool Overlaps(OcrLine other)
    {
        var width = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var height = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        var smaller = Math.Min((long)(Right - Left) * (Bottom - Top), (long)(other.Right - other.Left) * (other.Bottom - other.Top));
        return (long)width * height * 2 >= smaller;
    }
}
