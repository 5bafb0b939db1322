namespace Dossier.Documents.Tests;

public class VisualOrderTests
{
    // Each row: what a PDF's glyphs say left to right, and the line as it is read.
    [Theory]
    [InlineData("Hamid Noury 1988", "Hamid Noury 1988")]
    [InlineData("یرون دیمح", "حمید نوری")]
    [InlineData("۱۳۶۷ دادرم ۸", "۸ مرداد ۱۳۶۷")]
    [InlineData(".دوب تشدرهوگ نادنز رد ۱۳۶۷ دادرم ۸ رد یرون دیمح", "حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.")]
    [InlineData("Noury یرون دیمح", "حمید نوری Noury")] // mostly Persian letters: a right-to-left line
    [InlineData("Noury Hamid یرون", "Noury Hamid نوری")] // mostly Latin letters: a left-to-right line
    [InlineData("name: Hamid یرون دیمح (1988)", "name: Hamid حمید نوری (1988)")]
    [InlineData("(Noury) یرون دیمح", "حمید نوری (Noury)")]
    [InlineData("1367/05/08 خیرات", "تاریخ 1367/05/08")]
    [InlineData("", "")]
    public void A_line_seen_left_to_right_is_put_into_reading_order(string visual, string logical) =>
        VisualOrder.ToLogical(visual).ShouldBe(logical);

    [Theory]
    [InlineData("حمید نوری")]
    [InlineData("Hamid Noury")]
    [InlineData("در ۸ مرداد")]
    public void Reordering_twice_gives_the_line_back_when_it_holds_one_script_and_digits(string line) =>
        VisualOrder.ToLogical(VisualOrder.ToLogical(line)).ShouldBe(line);
}
