using System.Globalization;
using System.Text;

namespace Dossier.Documents.Tests;

public class OcrMergeTests
{
    private static string Tsv(params (int Line, int Left, int Top, double Confidence, string Word)[] words)
    {
        var tsv = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        tsv.Append("1\t1\t0\t0\t0\t0\t0\t0\t1000\t400\t-1\t\n");
        var number = 0;
        foreach (var (line, left, top, confidence, word) in words)
        {
            tsv.Append(CultureInfo.InvariantCulture, $"5\t1\t1\t1\t{line}\t{++number}\t{left}\t{top}\t50\t30\t{confidence}\t{word}\n");
        }

        return tsv.ToString();
    }

    [Fact]
    public void Each_line_is_taken_from_the_pass_that_read_it_with_the_higher_mean_confidence()
    {
        // What Tesseract gives for the page: the Persian model reads the Persian line well and the English one
        // badly, the English model the other way round.
        var persian = TesseractOcr.ParseTsv(Tsv(
            (1, 900, 100, 64, "حمید"), (1, 800, 100, 88, "نوری"), (1, 700, 100, 97, "۸"), (1, 600, 100, 93, "مرداد"),
            (2, 100, 250, 48, "نا("), (2, 200, 250, 39, "0۲5600")), "fas");
        var english = TesseractOcr.ParseTsv(Tsv(
            (1, 900, 100, 3, "(y195j"), (1, 800, 100, 0, "slo"), (1, 700, 100, 85, "A"),
            (2, 100, 250, 93, "Hamid"), (2, 200, 250, 92, "Noury")), "eng");

        var page = TesseractOcr.Merge(1, 1, [persian, english]);

        page.Text.ShouldBe("حمید نوری ۸ مرداد\nHamid Noury");
        page.Confidence.ShouldNotBeNull().ShouldBe((64 + 88 + 97 + 93 + 93 + 92) / 6.0, 1e-9);
    }

    [Fact]
    public void Lines_that_do_not_overlap_are_all_kept_top_to_bottom_whichever_pass_read_them()
    {
        var first = TesseractOcr.ParseTsv(Tsv((1, 100, 300, 90, "lower")), "eng");
        var second = TesseractOcr.ParseTsv(Tsv((1, 100, 50, 70, "upper")), "fas");

        TesseractOcr.Merge(1, 4, [first, second]).ShouldSatisfyAllConditions(
            p => p.Text.ShouldBe("upper\nlower"),
            p => p.Number.ShouldBe(4));
    }

    [Fact]
    public void Words_without_a_confidence_and_empty_words_are_not_text()
    {
        var lines = TesseractOcr.ParseTsv(Tsv((1, 10, 10, -1, "ghost"), (1, 70, 10, 91, " "), (1, 130, 10, 91, "word")), "eng");

        lines.ShouldHaveSingleItem().Text.ShouldBe("word");
    }
}
