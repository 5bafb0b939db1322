using System.Globalization;
using System.Text.RegularExpressions;

namespace Dossier.Documents;

/// <summary>OCR's progress through one document: <paramref name="Done"/> of its <paramref name="Of"/> scanned pages read.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct PagesRead(int Done, int Of);

/// <summary>How to extract: the OCR languages (Tesseract model names, in order), the rendering resolution of PDF scans, and how many pages to OCR at once.</summary>
public sealed partial record ExtractionOptions
{
    public IReadOnlyList<string> Languages { get; init; } = ["fas", "eng"];

    /// <summary>Dots per inch at which a PDF page without text is rendered for OCR.</summary>
    public int Resolution { get; init; } = 300;

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Text, HTML and DOCX files larger than this are not read (a bigger one is not a document someone typed).</summary>
    public long MaxMarkupBytes { get; init; } = 64L << 20;

    /// <summary>PDFs larger than this are not read: PdfPig holds the whole file in memory.</summary>
    public long MaxPdfBytes { get; init; } = 512L << 20;

    /// <summary>
    /// Told how many of a document's scanned pages OCR has read, as each one finishes (OCR is what takes minutes;
    /// a text layer is read in moments and not reported). Reported from worker threads, in no fixed page order.
    /// </summary>
    public IProgress<PagesRead>? Progress { get; init; }

    /// <summary>Reads "fas+eng" into its model names; null, with the reason, when it is not a list of model names.</summary>
    public static IReadOnlyList<string>? ParseLanguages(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split('+', StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.Any(n => !ModelName().IsMatch(n)))
        {
            error = $"'{text}' is not a list of Tesseract language models such as fas+eng";
            return null;
        }

        error = null;
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[a-z]{3}(_[a-z]+)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ModelName();
}

/// <summary>
/// Extracts the text of a file, page by page, choosing the reader by the file's first bytes (not its name): PDFs
/// (text layer, or OCR for pages without one), images (PNG, JPEG, TIFF by OCR), DOCX, HTML and plain text.
/// Anything else — video, audio, archives — is skipped with a note; only the first bytes of such a file are read.
/// A damaged file gives a failed extraction with the reason; only a missing program or language model
/// (<see cref="ToolMissingException"/>) is thrown, since no file can be read until it is installed.
/// </summary>
public static class DocumentExtractor
{
    /// <param name="originalName">The file's original name, when <paramref name="path"/> is a vault copy without one: it tells a DOCX from another zip when the first bytes do not.</param>
    public static async Task<ExtractedDocument> ExtractAsync(string path, ExtractionOptions options, CancellationToken cancellationToken, string? originalName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var length = new FileInfo(path).Length;
        var kind = await SniffAsync(path, originalName ?? path, cancellationToken);
        switch (kind)
        {
            case FileKind.Pdf when length > options.MaxPdfBytes:
                return ExtractedDocument.Skipped("pdf", $"the PDF is {Size(length)}, more than the {Size(options.MaxPdfBytes)} read for text");
            case FileKind.Pdf:
                return await PdfReader.ReadAsync(path, options, cancellationToken);
            case FileKind.Png or FileKind.Jpeg or FileKind.Tiff:
                return await ImageAsync(path, kind, options, cancellationToken);
            case FileKind.Docx or FileKind.Html or FileKind.Text when length > options.MaxMarkupBytes:
                return ExtractedDocument.Skipped(Name(kind), $"the file is {Size(length)}, more than the {Size(options.MaxMarkupBytes)} read for text");
            case FileKind.Docx:
                return MarkupReaders.Docx(path);
            case FileKind.Html:
                return await MarkupReaders.HtmlAsync(path, cancellationToken);
            case FileKind.Text:
                return await MarkupReaders.PlainTextAsync(path, cancellationToken);
            default:
                return ExtractedDocument.Skipped(Name(kind), $"no text is extracted from {Describe(kind)}");
        }
    }

    private static async Task<ExtractedDocument> ImageAsync(string path, FileKind kind, ExtractionOptions options, CancellationToken cancellationToken)
    {
        var ocr = await TesseractOcr.OpenAsync(options.Languages, cancellationToken);
        var read = await ReadPicturesAsync(ocr, path, kind, options.Progress, cancellationToken);
        if (read.Count == 1 && read[0].Problem is { } problem)
        {
            return ExtractedDocument.Failed("image", $"not a readable image: {problem}", options.Languages, [ocr.Use]);
        }

        return new ExtractedDocument
        {
            Status = ExtractionStatus.Ok,
            Kind = "image",
            Languages = options.Languages,
            Tools = [ocr.Use],
            Pages = [.. read.Select(p => new ExtractedPage(p.Number, PageMethod.Ocr, p.Text, TextForIndex.Normalize(p.Text), p.Confidence, p.Problem))],
        };
    }

    /// <summary>
    /// OCR of an image file's pictures as a reader sees them (<see cref="PagePictures.LoadPages"/>): upright, with the
    /// EXIF orientation a phone writes applied (Tesseract ignores it and read a turned photo as noise), and grey
    /// (Tesseract thresholds a colour image channel by channel, and read nothing from a tinted page on white). Each goes
    /// to Tesseract as a grey PNG; the pages of a TIFF in order, of a PNG or JPEG only the first picture. A file that
    /// cannot be decoded here goes to Tesseract as it is, which says why it cannot read it.
    /// </summary>
    private static async Task<IReadOnlyList<OcrPage>> ReadPicturesAsync(TesseractOcr ocr, string path, FileKind kind, IProgress<PagesRead>? progress, CancellationToken cancellationToken)
    {
        var pictures = PagePictures.LoadPages(path, cancellationToken);
        if (pictures is null || pictures.Count == 0)
        {
            progress?.Report(new PagesRead(0, 1));
            var read = await ocr.ReadAsync(path, 1, cancellationToken);
            progress?.Report(new PagesRead(1, 1));
            return read;
        }

        var folder = Directory.CreateTempSubdirectory("dossier-ocr-");
        try
        {
            var count = kind == FileKind.Tiff ? pictures.Count : 1;
            var pages = new List<OcrPage>(count);
            progress?.Report(new PagesRead(0, count));
            for (var i = 0; i < count; i++)
            {
                var file = Path.Combine(folder.FullName, string.Create(CultureInfo.InvariantCulture, $"page-{i + 1}.png"));
                OnWhite(pictures[i]);
                using (var grey = pictures[i].CloneAs<SixLabors.ImageSharp.PixelFormats.L8>())
                {
                    await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(grey, file, cancellationToken);
                }

                pages.AddRange(await ocr.ReadAsync(file, i + 1, cancellationToken));
                progress?.Report(new PagesRead(i + 1, count));
            }

            return pages;
        }
        finally
        {
            pictures.ForEach(p => p.Dispose());
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Lays a picture with transparency on white paper, as a viewer shows it: text drawn as black ink on a transparent
    /// background has black under its transparent pixels, which a plain grey conversion would keep (a black page).
    /// </summary>
    internal static void OnWhite(SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32> picture)
    {
        picture.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    if (pixel.A == 255)
                    {
                        continue;
                    }

                    var a = pixel.A;
                    pixel = new SixLabors.ImageSharp.PixelFormats.Rgba32(Blend(pixel.R, a), Blend(pixel.G, a), Blend(pixel.B, a), 255);
                }
            }
        });

        static byte Blend(byte value, byte alpha) => (byte)((value * alpha + 255 * (255 - alpha) + 127) / 255);
    }

    internal enum FileKind
    {
        Unknown,
        Pdf,
        Png,
        Jpeg,
        Tiff,
        Docx,
        Zip,
        Html,
        Text,
        Video,
        Audio,
        Image,
    }

    /// <summary>The kind of file from its first 4 KiB: magic numbers first, then whether it is text (and HTML).</summary>
    internal static async Task<FileKind> SniffAsync(string path, string name, CancellationToken cancellationToken)
    {
        var head = new byte[4096];
        int read;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var bytes = head.AsSpan(0, read);
        if (bytes.IndexOf("%PDF-"u8) is >= 0 and < 1024)
        {
            return FileKind.Pdf;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return FileKind.Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return FileKind.Jpeg;
        }

        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8))
        {
            return FileKind.Tiff;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return bytes.IndexOf("word/"u8) >= 0 || bytes.IndexOf("[Content_Types].xml"u8) >= 0 && Path.GetExtension(name).Equals(".docx", StringComparison.OrdinalIgnoreCase)
                ? FileKind.Docx
                : FileKind.Zip;
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return bytes[8..12].SequenceEqual("M4A "u8) ? FileKind.Audio : FileKind.Video;
        }

        if (bytes.StartsWith("RIFF"u8) && bytes.Length >= 12)
        {
            return bytes[8..12].SequenceEqual("WAVE"u8) ? FileKind.Audio : bytes[8..12].SequenceEqual("WEBP"u8) ? FileKind.Image : FileKind.Video;
        }

        // FF FE also starts an MPEG audio frame: it is UTF-16 text when what follows decodes to text.
        if (Utf16Start(bytes) is { } utf16)
        {
            return IsHtml(utf16) ? FileKind.Html : FileKind.Text;
        }

        if (bytes.StartsWith("ID3"u8) || bytes.StartsWith("OggS"u8) || bytes.StartsWith("fLaC"u8) || (bytes.Length > 1 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0))
        {
            return FileKind.Audio;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return FileKind.Video;
        }

        if (bytes.StartsWith("GIF8"u8))
        {
            return FileKind.Image;
        }

        // Text that is not UTF-8: UTF-16 with its byte order mark (Notepad's "Unicode"), or a legacy 8-bit code page
        // (Windows-1256 for Persian and Arabic) that MarkupReaders.Decode tells apart.
        string start;
        if (LooksLikeText(bytes))
        {
            start = System.Text.Encoding.UTF8.GetString(bytes);
        }
        else if (MarkupReaders.LooksLikeLegacyText(bytes))
        {
            start = System.Text.Encoding.Latin1.GetString(bytes);
        }
        else
        {
            return FileKind.Unknown;
        }

        return IsHtml(start) ? FileKind.Html : FileKind.Text;
    }

    /// <summary>The start of a UTF-16 text with its byte order mark: no NUL characters and no controls but white space; null otherwise.</summary>
    private static string? Utf16Start(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || !(bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])))
        {
            return null;
        }

        var text = (bytes[0] == 0xFF ? System.Text.Encoding.Unicode : System.Text.Encoding.BigEndianUnicode).GetString(bytes[2..(bytes.Length & ~1)]);
        return text.All(c => c >= ' ' || c is '\t' or '\n' or '\r' or '\f') ? text : null;
    }

    private static bool IsHtml(string text)
    {
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || start.Contains("<body", StringComparison.OrdinalIgnoreCase) || start.Contains("<head", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Text: no NUL bytes and valid UTF-8 (a multi-byte sequence cut at the end of the window is allowed).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        var cut = bytes.Length;
        for (var back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            if ((bytes[^back] & 0xC0) == 0xC0)
            {
                cut = bytes.Length - back;
                break;
            }

            if ((bytes[^back] & 0x80) == 0)
            {
                break;
            }
        }

        return System.Text.Unicode.Utf8.IsValid(bytes[..cut]);
    }

    private static string Name(FileKind kind) => kind.ToString().ToLowerInvariant();

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Video => "video (no transcription yet)",
        FileKind.Audio => "audio (no transcription yet)",
        FileKind.Zip => "an archive (extract its files and ingest them)",
        FileKind.Image => "this kind of image (only PNG, JPEG and TIFF are read by OCR)",
        _ => "a file of unknown kind",
    };

    private static string Size(long bytes) => bytes >= 1L << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
