using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dossier.Documents;

/// <summary>How an extraction ended.</summary>
public enum ExtractionStatus
{
    /// <summary>Every page gave its text.</summary>
    Ok,

    /// <summary>Some pages gave text and some failed; each failed page says why.</summary>
    Partial,

    /// <summary>The file could not be read (a corrupt PDF or image); <see cref="ExtractedDocument.Reason"/> says why.</summary>
    Failed,

    /// <summary>A kind of file this extractor does not read (video, audio, archives) or one too large to read; nothing was tried.</summary>
    Skipped,
}

/// <summary>How a page's text was obtained.</summary>
public enum PageMethod
{
    /// <summary>The PDF's own text layer.</summary>
    TextLayer,

    /// <summary>Optical character recognition of the page's image.</summary>
    Ocr,

    /// <summary>Text read from a plain text, HTML or DOCX file.</summary>
    Text,
}

/// <summary>One page's text: as extracted, and normalised for indexing.</summary>
/// <param name="Number">1-based page number in the file.</param>
/// <param name="Text">The text as the tool gave it (PDF letters in reading order, OCR words by line), nothing folded.</param>
/// <param name="Normalized">The index form: bidi controls removed, Persian and Arabic letter variants folded, Latin lower-cased (<c>Dossier.Text.NameNormalizer</c>).</param>
/// <param name="Confidence">OCR only: the mean word confidence (0–100, Tesseract's scale) of the page.</param>
/// <param name="Problem">Why this page has no text, when it failed.</param>
public sealed record ExtractedPage(int Number, PageMethod Method, string Text, string Normalized, double? Confidence = null, string? Problem = null);

/// <summary>A tool used for an extraction, with its version and the language models it used.</summary>
public sealed record ToolUse(string Name, string Version, IReadOnlyList<string> Models);

/// <summary>
/// The extracted text of one file (docs/formats/extracted-text.md): what was done, with which tools, and the
/// text of every page. It is stored as a derivative evidence item of the file, so it is written deterministically:
/// the same file read by the same tools gives the same bytes.
/// </summary>
public sealed record ExtractedDocument
{
    public const string FormatName = "dossier.extracted-text";

    public const int FormatVersion = 1;

    public required ExtractionStatus Status { get; init; }

    /// <summary>Why the extraction failed or was skipped; null when it succeeded.</summary>
    public string? Reason { get; init; }

    /// <summary>The kind of file read: pdf, image, text, html, docx, or what was skipped.</summary>
    public required string Kind { get; init; }

    /// <summary>The OCR languages asked for (Tesseract model names), in order.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    public required IReadOnlyList<ToolUse> Tools { get; init; }

    public required IReadOnlyList<ExtractedPage> Pages { get; init; }

    public int OcrPages => Pages.Count(p => p.Method == PageMethod.Ocr && p.Problem is null);

    public int TextLayerPages => Pages.Count(p => p.Method == PageMethod.TextLayer && p.Problem is null);

    /// <summary>"PdfPig 0.1.16; tesseract 5.3.0 (fas, eng)": the tools as one line, for the custody event.</summary>
    public string ToolSummary => Tools.Count == 0
        ? "none"
        : string.Join("; ", Tools.Select(t => t.Models.Count == 0 ? $"{t.Name} {t.Version}" : $"{t.Name} {t.Version} ({string.Join(", ", t.Models)})"));

    public static ExtractedDocument Skipped(string kind, string reason) => new()
    {
        Status = ExtractionStatus.Skipped, Reason = reason, Kind = kind, Languages = [], Tools = [], Pages = [],
    };

    public static ExtractedDocument Failed(string kind, string reason, IReadOnlyList<string> languages, IReadOnlyList<ToolUse> tools) => new()
    {
        Status = ExtractionStatus.Failed, Reason = reason, Kind = kind, Languages = languages, Tools = tools, Pages = [],
    };

    /// <summary>
    /// The derivative document: UTF-8 JSON with members in a fixed order and no time in it, so re-extracting a
    /// file with the same tools gives the same bytes (and the vault recognises the derivative as already stored).
    /// <paramref name="classification"/> is the sensitivity the ingest gave the text.
    /// </summary>
    public byte[] ToJson(string originalHash, string originalName, string mediaType, string classification)
    {
        ArgumentNullException.ThrowIfNull(originalHash);
        ArgumentNullException.ThrowIfNull(originalName);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(classification);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartObject("original");
            writer.WriteString("hash", originalHash);
            writer.WriteString("name", originalName);
            writer.WriteString("mediaType", mediaType);
            writer.WriteEndObject();
            writer.WriteString("classification", classification);
            writer.WriteString("status", StatusName(Status));
            if (Reason is not null)
            {
                writer.WriteString("reason", Reason);
            }

            writer.WriteString("kind", Kind);
            writer.WriteStartArray("languages");
            foreach (var language in Languages)
            {
                writer.WriteStringValue(language);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tools");
            foreach (var tool in Tools)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                writer.WriteString("version", tool.Version);
                writer.WriteStartArray("models");
                foreach (var model in tool.Models)
                {
                    writer.WriteStringValue(model);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("pages");
            foreach (var page in Pages)
            {
                writer.WriteStartObject();
                writer.WriteNumber("page", page.Number);
                writer.WriteString("method", MethodName(page.Method));
                if (page.Confidence is { } confidence)
                {
                    writer.WriteNumber("confidence", Math.Round(confidence, 2));
                }

                if (page.Problem is not null)
                {
                    writer.WriteString("problem", page.Problem);
                }

                writer.WriteString("text", page.Text);
                writer.WriteString("normalized", page.Normalized);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string StatusName(ExtractionStatus status) => status switch
    {
        ExtractionStatus.Ok => "ok",
        ExtractionStatus.Partial => "partial",
        ExtractionStatus.Failed => "failed",
        _ => "skipped",
    };

    public static string MethodName(PageMethod method) => method switch
    {
        PageMethod.TextLayer => "text-layer",
        PageMethod.Ocr => "ocr",
        _ => "text",
    };

    /// <summary>A one-line account of what was extracted, for the command's output and the custody note.</summary>
    public string Describe() => Status switch
    {
        ExtractionStatus.Skipped => $"text extraction skipped: {Reason}",
        ExtractionStatus.Failed => $"text extraction failed: {Reason}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{Pages.Count} page(s) of {Kind}: {TextLayerPages} from the text layer, {OcrPages} by OCR{MeanConfidence()}{(Status == ExtractionStatus.Partial ? $", {Pages.Count(p => p.Problem is not null)} failed" : string.Empty)}"),
    };

    private string MeanConfidence()
    {
        var ocr = Pages.Where(p => p.Confidence is not null).ToList();
        return ocr.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (mean confidence {ocr.Average(p => p.Confidence!.Value):F1})");
    }
}
