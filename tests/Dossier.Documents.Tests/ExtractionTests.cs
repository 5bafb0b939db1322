using System.Text;
using System.Text.Json;
using Dossier.Testing;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Content;
using W = DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Dossier.Documents.Tests;

public class ExtractionTests(RenderedFixture rendered) : IClassFixture<RenderedFixture>
{
    private static readonly ExtractionOptions Options = new() { Languages = ["fas", "eng"], Parallelism = 2 };

    private string NewFile(string name, byte[] content)
    {
        var path = Path.Combine(rendered.Folder, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [ChromiumFact]
    public async Task A_browser_printed_pdf_gives_its_persian_line_in_reading_order_as_pdftotext_reads_it()
    {
        var extracted = await DocumentExtractor.ExtractAsync(rendered.Pdf, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.TextLayer);
        extracted.Tools.Select(t => t.Name).ShouldBe(["PdfPig"]);
        // The index form folds Chromium's presentation forms back to letters: the lines as the HTML page wrote them.
        page.Normalized.Split('\n').ShouldBe([
            TextForIndex.Normalize(RenderedDocuments.PersianLine),
            TextForIndex.Normalize(RenderedDocuments.EnglishLine.Replace(" 1988.", string.Empty, StringComparison.Ordinal)),
            "1988",
        ]);
        // The oracle: Debian's pdftotext reads the same words (it writes bidi runs with embedding marks, in its own order).
        // Its marks stand between runs, so here each one separates words.
        var fromPoppler = new string([.. (await RenderedDocuments.PdfToTextAsync(rendered.Pdf)).Select(c => TextForIndex.IsBidiControl(c) ? ' ' : c)]);
        var oracle = TextForIndex.Normalize(fromPoppler).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        page.Normalized.Split([' ', '\n']).Order(StringComparer.Ordinal).ShouldBe(oracle.Order(StringComparer.Ordinal));
    }

    [OcrAndChromiumFact]
    public async Task A_scan_of_the_page_is_read_by_ocr_with_the_persian_date_and_the_english_line()
    {
        var extracted = await DocumentExtractor.ExtractAsync(rendered.Png, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        extracted.Kind.ShouldBe("image");
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.Ocr);
        page.Text.ShouldContain("حمید نوری");
        page.Text.ShouldContain("۸ مرداد ۱۳۶۷");
        page.Text.ShouldContain("30 July 1988");
        page.Confidence.ShouldNotBeNull().ShouldBeGreaterThan(80);
        var tesseract = extracted.Tools.ShouldHaveSingleItem();
        tesseract.Name.ShouldBe("tesseract");
        tesseract.Version.ShouldMatch(@"^\d+\.\d+");
        tesseract.Models.ShouldBe(["fas", "eng"]);
    }

    [OcrAndChromiumFact]
    public async Task A_pdf_page_without_text_is_rendered_and_read_by_ocr_while_a_page_with_text_keeps_its_text_layer()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Synthetic report page one: the list of prisoners.", 12, new PdfPoint(40, 780), font);
        builder.AddPage(PageSize.A4).AddPng(File.ReadAllBytes(rendered.Png), new PdfRectangle(20, 500, 575, 690));
        var pdf = NewFile("mixed.pdf", builder.Build());

        var extracted = await DocumentExtractor.ExtractAsync(pdf, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        extracted.Pages.Select(p => p.Method).ShouldBe([PageMethod.TextLayer, PageMethod.Ocr]);
        extracted.Pages[0].Text.ShouldBe("Synthetic report page one: the list of prisoners.");
        extracted.Pages[0].Confidence.ShouldBeNull();
        extracted.Pages[1].Text.ShouldContain("حمید نوری");
        extracted.Pages[1].Text.ShouldContain("Hamid Noury");
        extracted.Pages[1].Confidence.ShouldNotBeNull().ShouldBeGreaterThan(50);
        extracted.Tools.Select(t => t.Name).ShouldBe(["PdfPig", "pdftoppm", "tesseract"]);
        extracted.Languages.ShouldBe(["fas", "eng"]);
    }

    [Theory]
    [InlineData("truncated.pdf", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pag")]
    [InlineData("garbage.pdf", "%PDF-1.4\nthis is not a PDF body at all \u0001\u0002\u0003")]
    public async Task A_corrupt_pdf_gives_a_failed_extraction_with_the_reason(string name, string content)
    {
        var pdf = NewFile(name, Encoding.Latin1.GetBytes(content));

        var extracted = await DocumentExtractor.ExtractAsync(pdf, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Failed);
        extracted.Kind.ShouldBe("pdf");
        extracted.Reason.ShouldNotBeNull().ShouldStartWith("not a readable PDF: ");
        extracted.Pages.ShouldBeEmpty();
    }

    [OcrFact]
    public async Task A_corrupt_png_gives_a_failed_extraction_with_tesseracts_reason()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "broken: no chunks follow"u8];
        var path = NewFile("broken.png", png);

        var extracted = await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Failed);
        extracted.Kind.ShouldBe("image");
        extracted.Reason.ShouldNotBeNull().ShouldStartWith("not a readable image: ");
    }

    [OcrFact]
    public async Task A_language_model_that_is_not_installed_is_an_error_naming_its_debian_package()
    {
        // The models are checked before any file is read, so the image need not be whole.
        var path = NewFile("any.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var missing = await Should.ThrowAsync<ToolMissingException>(() =>
            DocumentExtractor.ExtractAsync(path, Options with { Languages = ["fas", "xqz"] }, CancellationToken.None));

        missing.Message.ShouldContain("'xqz'");
        missing.DebianPackage.ShouldBe("tesseract-ocr-xqz");
    }

    [Fact]
    public async Task A_two_gigabyte_video_is_skipped_with_a_note_after_reading_only_its_first_bytes()
    {
        var path = Path.Combine(rendered.Folder, "interview.mp4");
        await using (var video = new FileStream(path, FileMode.Create))
        {
            video.Write([0, 0, 0, 0x20, .. "ftypisom"u8, 0, 0, 2, 0]);
            video.SetLength(2L << 30); // sparse: no 2 GB written to the disk
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var extracted = await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        extracted.Status.ShouldBe(ExtractionStatus.Skipped);
        extracted.Kind.ShouldBe("video");
        extracted.Reason.ShouldBe("no text is extracted from video (no transcription yet)");
        allocated.ShouldBeLessThan(16L << 20);
        File.Delete(path);
    }

    [Fact]
    public async Task Html_keeps_the_text_and_drops_scripts_styles_and_markup()
    {
        var html = """
            <!doctype html><html><head><title>Statement (synthetic)</title><style>p { color: red }</style>
            <script>var secret = "not text";</script></head>
            <body><h1>Witness statement</h1><p dir="rtl">حمید نوری&nbsp;در گوهردشت</p><noscript>enable scripts</noscript>
            <p>Second <b>paragraph</b> &amp; more.</p><script>document.write("x")</script></body></html>
            """;
        var path = NewFile("page.html", Encoding.UTF8.GetBytes(html));

        var extracted = await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok);
        extracted.Kind.ShouldBe("html");
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Text.ShouldBe("Statement (synthetic)\nWitness statement\nحمید نوری در گوهردشت\nSecond paragraph & more.");
        page.Text.ShouldNotContain("secret");
        page.Text.ShouldNotContain("color");
    }

    [Fact]
    public async Task A_docx_gives_one_page_per_explicit_page_break()
    {
        var path = Path.Combine(rendered.Folder, Guid.NewGuid().ToString("N") + ".docx");
        using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(
                new W.Paragraph(new W.Run(new W.Text("Letter to the family (synthetic)"))),
                new W.Paragraph(new W.Run(new W.Text("حمید نوری")), new W.Run(new W.Break { Type = W.BreakValues.Page })),
                new W.Paragraph(new W.Run(new W.Text("Page two"), new W.TabChar(), new W.Text("ends")))));
        }

        var extracted = await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        extracted.Kind.ShouldBe("docx");
        extracted.Pages.Select(p => p.Text).ShouldBe(["Letter to the family (synthetic)\nحمید نوری", "Page two ends"]);
        extracted.Pages.Select(p => p.Number).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Plain_text_is_split_into_pages_at_form_feeds_and_normalised_without_bidi_controls()
    {
        var path = NewFile("list.txt", Encoding.UTF8.GetBytes("\u202Bحميد نوري\u202C\r\nline two\fpage two"));

        var extracted = await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None);

        extracted.Kind.ShouldBe("text");
        extracted.Pages.Select(p => p.Text).ShouldBe(["\u202Bحميد نوري\u202C\nline two", "page two"]);
        // Arabic yeh folded to Persian yeh, the embedding marks gone: the index form matches the Persian spelling.
        extracted.Pages[0].Normalized.ShouldBe("حمید نوری\nline two");
    }

    [Fact]
    public async Task The_derivative_document_is_the_same_bytes_for_the_same_file_and_holds_every_page()
    {
        var path = NewFile("list.txt", Encoding.UTF8.GetBytes("one\fدو"));

        var first = (await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None)).ToJson(new string('a', 64), "list.txt", "text/plain", "restricted");
        var second = (await DocumentExtractor.ExtractAsync(path, Options, CancellationToken.None)).ToJson(new string('a', 64), "list.txt", "text/plain", "restricted");

        second.ShouldBe(first);
        using var json = JsonDocument.Parse(first);
        var root = json.RootElement;
        root.GetProperty("format").GetString().ShouldBe("dossier.extracted-text");
        root.GetProperty("original").GetProperty("hash").GetString().ShouldBe(new string('a', 64));
        root.GetProperty("status").GetString().ShouldBe("ok");
        root.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("text").GetString()).ShouldBe(["one", "دو"]);
        Encoding.UTF8.GetString(first).ShouldContain("دو"); // readable UTF-8, not \u escapes
    }
}
