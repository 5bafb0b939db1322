using Dossier.Testing;

namespace Dossier.Documents.Tests;

/// <summary>
/// Documents made by producers other than Chromium (Data/OtherProducers, made by its make.py; SYNTHETIC text):
/// what each one failed before ADR 1834 and reads now. The text of every one: "حمید نوری در تاریخ ۸ مرداد ۱۳۶۷ در
/// زندان گوهردشت بود." and "Synthetic test document, Gohardasht prison."
/// </summary>
public class OtherProducersTests
{
    private const string PersianLine = "حمید نوری در تاریخ ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.";
    private static readonly ExtractionOptions Options = new() { Languages = ["fas", "eng"], Parallelism = 2 };
    private static readonly NameIndex Noury = NameIndex.Build([new KnownName("p-noury", "person", "Hamid Noury", "Hamid Noury")]);

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "OtherProducers", name);

    [Fact]
    public async Task A_pdf_stored_in_presentation_forms_in_visual_order_reads_in_reading_order_and_suggests_the_name_and_the_date()
    {
        // reportlab with arabic_reshaper and python-bidi: Arabic Presentation Forms-B glyphs, placed in visual order.
        var extracted = await DocumentExtractor.ExtractAsync(Data("presentation-forms.pdf"), Options, CancellationToken.None);

        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.TextLayer);
        page.Text.ShouldContain("\uFEA3\uFEE4\uFBFF\uFEAA"); // kept as extracted: حمید in presentation forms
        TextForIndex.FoldLetterForms(page.Text).Split('\n')[0].ShouldBe(PersianLine);
        page.Normalized.ShouldContain("حمید نوری در تاریخ 8 مرداد 1367 در زندان گوهردشت بود");
        var found = SuggestionFinder.Find(extracted, Noury);
        found.ShouldContain(s => s.Kind == "person" && s.Target == "p-noury");
        found.Where(s => s.Kind == "date").Select(s => s.Target).ShouldBe(["1988-07-30"]);
    }

    [Theory]
    [InlineData("\uFEFB", "لا")] // lam-alef ligature
    [InlineData("\uFEF5", "لآ")] // with madda: composed back to آ
    [InlineData("\uFEF1\uFEF2", "یی")] // Arabic yeh's forms become Persian yeh
    [InlineData("\uFED9\uFEDB", "کک")] // and Arabic kaf's Persian kaf
    [InlineData("\uFB94\uFBFD", "گی")]
    [InlineData("مرداد\u200Cماه", "مرداد ماه")]
    [InlineData("مـرداد", "مرداد")]
    [InlineData("آبان ۱۳۶۷ Hamid", "آبان ۱۳۶۷ Hamid")] // letters the date grammar knows stay as written
    public void Letter_forms_are_folded_and_everything_else_is_kept_as_written(string text, string folded)
    {
        TextForIndex.FoldLetterForms(text).ShouldBe(folded);
        TextForIndex.FoldLetterForms(folded).ShouldBe(folded);
    }

    [Theory]
    [InlineData("Synthetic report, page one.", false)]
    [InlineData("حمید نوری در تاریخ ۸ مرداد ۱۳۶۷", false)]
    [InlineData("\uF0B7 first point\n\uF0B7 second point\n\uF0B7 third point", false)] // Word's unmapped bullets: private use, not counted
    [InlineData("a long line of ordinary text with one stray \u0001 control character in it", false)]
    [InlineData(".\u0080\u0081\u0082 \u0083\u0084\u0080\u0085\u0086 \u0087\u0088\u0089 Synthetic test document, Gohardasht prison.", true)]
    [InlineData("حی\u0016ی\u0005 نو \u0018 د \u0019\u001a \u001bخ ۸م داد ۱۳۶۷ ر نا گوه دشت بود.\nSynthetic test document, Gohardasht prison.", true)]
    [InlineData("\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD", true)]
    public void A_text_layer_of_glyph_codes_instead_of_characters_is_told_from_one_of_characters(string text, bool unmapped) =>
        PdfReader.HasUnmappedGlyphs(text).ShouldBe(unmapped);

    [OcrTheory]
    [InlineData("presentation-forms-no-tounicode.pdf")] // the same PDF with its ToUnicode maps removed
    [InlineData("ghostscript-from-postscript.pdf")] // pango-view PostScript through ps2pdf: half the letters mapped
    public async Task A_pdf_whose_text_layer_is_glyph_codes_is_read_by_ocr(string name)
    {
        var extracted = await DocumentExtractor.ExtractAsync(Data(name), Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.Ocr);
        page.Text.ShouldContain("حمید نوری");
        page.Text.ShouldContain("Gohardasht");
        SuggestionFinder.Find(extracted, Noury).ShouldContain(s => s.Kind == "person" && s.Target == "p-noury");
    }

    [OcrFact]
    public async Task A_tinted_scan_placed_on_a_white_pdf_page_is_read_by_ocr()
    {
        // img2pdf of an off-white JPEG, 1.5° skewed, on an A4 page: the colour render gave Tesseract nothing at all.
        var extracted = await DocumentExtractor.ExtractAsync(Data("tinted-scan-on-white-page.pdf"), Options, CancellationToken.None);

        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.Ocr);
        page.Text.ShouldContain("حمید نوری");
        page.Text.ShouldContain("Gohardasht");
        SuggestionFinder.Find(extracted, Noury).ShouldContain(s => s.Kind == "person" && s.Target == "p-noury");
    }

    [OcrTheory]
    [InlineData("phone-photo-exif-turned.jpg")]
    [InlineData("tinted-paper-on-white.png")]
    public async Task A_photo_turned_by_its_exif_orientation_or_tinted_on_white_is_read_upright_and_grey(string name)
    {
        var extracted = await DocumentExtractor.ExtractAsync(Data(name), Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Method.ShouldBe(PageMethod.Ocr);
        page.Text.ShouldContain("حمید نوری");
        page.Text.ShouldContain("۸ مرداد ۱۳۶۷");
        page.Text.ShouldContain("Gohardasht");
        var found = SuggestionFinder.Find(extracted, Noury);
        found.ShouldContain(s => s.Kind == "person" && s.Target == "p-noury");
        found.Where(s => s.Kind == "date").Select(s => s.Target).ShouldBe(["1988-07-30"]);
    }

    private static string NewFile(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("dossier-other-producers-").FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData(1256, "note.txt", "text")] // Persian text files from before UTF-8: Arabic yeh and kaf, Windows-1256
    [InlineData(1200, "note.txt", "text")] // UTF-16 with its byte order mark (Notepad's "Unicode")
    [InlineData(1256, "page.html", "html")] // an old Persian web page saved as it was served, charset in a meta tag
    public async Task A_persian_file_in_a_legacy_encoding_is_read_as_text_and_suggests_the_name_and_the_date(int codePage, string name, string kind)
    {
        const string Line = "حميد نوري در تاريخ 8 مرداد 1367 در زندان گوهردشت بود."; // Arabic yeh: what Windows-1256 has
        var text = kind == "html"
            ? $"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><title>SYNTHETIC</title></head><body><p>{Line}</p></body></html>"
            : Line + "\r\nSynthetic test document, Gohardasht prison.\r\n";
        var encoding = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? System.Text.Encoding.GetEncoding(codePage);
        var file = NewFile(name, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

        var extracted = await DocumentExtractor.ExtractAsync(file, Options, CancellationToken.None);

        extracted.Status.ShouldBe(ExtractionStatus.Ok, extracted.Reason);
        extracted.Kind.ShouldBe(kind);
        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Text.ShouldContain(Line);
        page.Normalized.ShouldContain("حمید نوری در تاریخ 8 مرداد 1367");
        var found = SuggestionFinder.Find(extracted, Noury);
        found.ShouldContain(s => s.Kind == "person" && s.Target == "p-noury");
        found.Where(s => s.Kind == "date").Select(s => s.Target).ShouldBe(["1988-07-30"]);
    }

    [Fact]
    public async Task Latin_text_in_windows_1252_stays_latin()
    {
        var file = NewFile("note.txt", System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Synthetic note: déjà vu at the Café Müller, 1988."));

        var extracted = await DocumentExtractor.ExtractAsync(file, Options, CancellationToken.None);

        extracted.Kind.ShouldBe("text");
        extracted.Pages.ShouldHaveSingleItem().Text.ShouldBe("Synthetic note: déjà vu at the Café Müller, 1988.");
    }

    [OcrFact]
    public async Task A_png_of_black_ink_on_a_transparent_background_is_read_on_white()
    {
        // The tinted page's pixels as ink coverage: black, its alpha the darkness, transparent (and black) elsewhere.
        using var source = await SixLabors.ImageSharp.Image.LoadAsync<SixLabors.ImageSharp.PixelFormats.L8>(Data("tinted-paper-on-white.png"));
        using var ink = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(source.Width, source.Height);
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                var darkness = (byte)(255 - source[x, y].PackedValue);
                ink[x, y] = new SixLabors.ImageSharp.PixelFormats.Rgba32(0, 0, 0, darkness < 40 ? (byte)0 : darkness);
            }
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("dossier-other-producers-").FullName, "ink.png");
        await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(ink, file);

        var extracted = await DocumentExtractor.ExtractAsync(file, Options, CancellationToken.None);

        var page = extracted.Pages.ShouldHaveSingleItem();
        page.Text.ShouldContain("حمید نوری");
        page.Text.ShouldContain("Gohardasht");
    }
}
