using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Dossier.Documents;

/// <summary>Plain text, HTML and DOCX: text files are one page (or one per form feed); a DOCX page ends at an explicit page break.</summary>
internal static class MarkupReaders
{
    public static async Task<ExtractedDocument> PlainTextAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = Decode(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (IOException exception)
        {
            return ExtractedDocument.Failed("text", $"could not be read: {exception.Message}", [], []);
        }

        var pages = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\f');
        return Document("text", [], pages);
    }

    /// <summary>
    /// The text of a file's bytes: by its byte order mark (UTF-8, UTF-16, UTF-32) if it has one; UTF-8 if the bytes are
    /// UTF-8; otherwise a legacy 8-bit code page — Windows-1256 (Persian and Arabic, as Persian text files from before
    /// UTF-8 are) when most of the bytes above ASCII are Arabic letters in it, else Windows-1252.
    /// </summary>
    internal static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using (var reader = new StreamReader(new MemoryStream(bytes, writable: false), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true))
        {
            try
            {
                return reader.ReadToEnd();
            }
            catch (DecoderFallbackException)
            {
                // not UTF-8, and no byte order mark: a legacy code page
            }
        }

        var arabic = Legacy(1256).GetString(bytes);
        var high = bytes.Count(b => b >= 0x80);
        var letters = arabic.Count(c => c is >= '\u0600' and <= '\u06FF');
        return letters * 2 >= high ? arabic : Legacy(1252).GetString(bytes);
    }

    /// <summary>Bytes that are not UTF-8 but may be text in an 8-bit code page: no control bytes but tab, line breaks and form feed.</summary>
    internal static bool LooksLikeLegacyText(ReadOnlySpan<byte> bytes)
    {
        var high = false;
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f'))
            {
                return false;
            }

            high |= b >= 0x80;
        }

        return high;
    }

    private static Encoding Legacy(int codePage) => CodePagesEncodingProvider.Instance.GetEncoding(codePage)!;

    public static async Task<ExtractedDocument> HtmlAsync(string path, CancellationToken cancellationToken)
    {
        var tool = new ToolUse("AngleSharp", PdfReader.VersionOf(typeof(HtmlParser).Assembly), []);
        await using var stream = File.OpenRead(path);
        var parser = new HtmlParser();
        using var document = await parser.ParseDocumentAsync(stream, cancellationToken);
        foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template").ToList())
        {
            hidden.Remove();
        }

        var builder = new StringBuilder();
        var title = document.Title;
        if (!string.IsNullOrWhiteSpace(title))
        {
            builder.Append(title.Trim()).Append('\n');
        }

        if (document.Body is { } body)
        {
            AppendText(body, builder);
        }

        return Document("html", [tool], [builder.ToString()]);
    }

    public static ExtractedDocument Docx(string path)
    {
        var tool = new ToolUse("DocumentFormat.OpenXml", PdfReader.VersionOf(typeof(WordprocessingDocument).Assembly), []);
        try
        {
            using var document = WordprocessingDocument.Open(path, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return ExtractedDocument.Failed("docx", "the document has no body", [], [tool]);
            }

            var pages = new List<string>();
            var page = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                foreach (var element in paragraph.Descendants())
                {
                    switch (element)
                    {
                        case DocumentFormat.OpenXml.Wordprocessing.Text text:
                            page.Append(text.Text);
                            break;
                        case TabChar:
                            page.Append('\t');
                            break;
                        case Break { Type.Value: var type } when type == BreakValues.Page:
                            pages.Add(page.ToString());
                            page.Clear();
                            break;
                        case Break:
                            page.Append('\n');
                            break;
                    }
                }

                page.Append('\n');
            }

            pages.Add(page.ToString());
            return Document("docx", [tool], pages);
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException)
        {
            return ExtractedDocument.Failed("docx", $"not a readable DOCX: {exception.Message}", [], [tool]);
        }
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "blockquote", "pre", "dd", "dt", "dl", "figcaption", "main", "nav", "aside", "form", "hr", "td", "th",
    };

    private static void AppendText(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                    {
                        builder.Append('\n');
                    }

                    AppendText(element, builder);
                    if (block)
                    {
                        builder.Append('\n');
                    }

                    break;
            }
        }
    }

    private static ExtractedDocument Document(string kind, IReadOnlyList<ToolUse> tools, IReadOnlyList<string> pages) => new()
    {
        Status = ExtractionStatus.Ok,
        Kind = kind,
        Languages = [],
        Tools = tools,
        Pages = [.. pages.Select((text, i) => Page(i + 1, text))],
    };

    private static ExtractedPage Page(int number, string text)
    {
        var tidy = Tidy(text);
        return new ExtractedPage(number, PageMethod.Text, tidy, TextForIndex.Normalize(tidy));
    }

    /// <summary>Lines trimmed, runs of blank lines and spaces collapsed: the markup's layout whitespace is not text.</summary>
    private static string Tidy(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var raw in text.Split('\n'))
        {
            var line = string.Join(' ', raw.Split([' ', '\t', '\r', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(line);
        }

        return builder.ToString();
    }
}
