using System.Globalization;
using Xunit.Abstractions;

namespace Dossier.Documents.Tests;

public class SuggestionTests(ITestOutputHelper output)
{
    private static IReadOnlyList<Suggestion> Find(string text, params KnownName[] names)
    {
        var page = new ExtractedPage(1, PageMethod.Text, text, TextForIndex.Normalize(text));
        var document = new ExtractedDocument { Status = ExtractionStatus.Ok, Kind = "text", Languages = [], Tools = [], Pages = [page] };
        return SuggestionFinder.Find(document, NameIndex.Build(names));
    }

    [Theory]
    [InlineData("حمید نوری در ۸ مرداد ۱۳۶۷ در گوهردشت بود", "1988-07-30")]
    [InlineData("۸ مرداد ماه ۱۳۶۷", "1988-07-30")]
    [InlineData("on 30 July 1988 at dawn", "1988-07-30")]
    [InlineData("on July 30, 1988 at dawn", "1988-07-30")]
    [InlineData("on 8 Mordad 1367", "1988-07-30")]
    [InlineData("in Mordad 1367", "1367/05")]
    [InlineData("in July 1988", "1988-07")]
    [InlineData("dated 1367/05/08.", "1988-07-30")]
    [InlineData("تاریخ ۱۳۶۷/۰۵/۰۸", "1988-07-30")]
    [InlineData("recorded 1988-07-30 in Stockholm", "1988-07-30")]
    [InlineData("۱ فروردین ۱۳۶۸", "1989-03-21")]
    public void A_date_in_either_calendar_script_and_digits_is_suggested_as_its_gregorian_day(string text, string expected) =>
        Find(text).Where(s => s.Kind == "date").Select(s => s.Target).ShouldBe([expected]);

    // Dates as other producers store them (docs/BENCHMARKS.md "Documents from other producers"): Arabic Presentation
    // Forms-B from PDFs made without shaping (escaped here: they look like letters), Arabic yeh, the word for month joined
    // to the month name with or without a zero-width non-joiner, a tatweel.
    [Theory]
    [InlineData("\uFEA3\uFEE4\uFBFF\uFEAA \uFEE7\uFEEE\uFEAD\uFBFC \uFEA9\uFEAD \u06F8 \uFEE3\uFEAE\uFEA9\uFE8D\uFEA9 \u06F1\u06F3\u06F6\u06F7 \uFEA9\uFEAD", "1988-07-30")]
    [InlineData("\u0668 \uFEE3\uFEAE\uFEA9\uFE8D\uFEA9 \u0661\u0663\u0666\u0667", "1988-07-30")]
    [InlineData("۸ مرداد\u200Cماه ۱۳۶۷", "1988-07-30")]
    [InlineData("در ۸ مردادماه ۱۳۶۷ بود", "1988-07-30")]
    [InlineData("۸ مـرداد ۱۳۶۷", "1988-07-30")]
    [InlineData("۱ دي ۱۳۶۷", "1988-12-22")]
    [InlineData("\u06F1 \uFEA9\uFBFC \u06F1\u06F3\u06F6\u06F7", "1988-12-22")]
    public void A_date_in_presentation_forms_arabic_letters_or_with_the_word_for_month_joined_is_suggested(string text, string expected) =>
        Find(text).Where(s => s.Kind == "date").Select(s => s.Target).ShouldBe([expected]);

    [Theory]
    [InlineData("page 1367 of the file")]
    [InlineData("in 1988 and 1367")]
    [InlineData("31 Esfand 1367")] // 1367 SH's Esfand has 29 days
    [InlineData("30 February 1988")]
    [InlineData("45 July 1988")]
    [InlineData("ref 1367/13/01")]
    public void Bare_years_and_days_that_do_not_exist_are_not_suggested(string text) =>
        Find(text).Where(s => s.Kind == "date").ShouldBeEmpty();

    [Theory]
    [InlineData("Hamid Noury", "او حمید نوری را دید")]
    [InlineData("حمید نوری", "The witness saw Hamid Nouri in the hall.")]
    [InlineData("حمید نوری", "The witness saw HAMID NOURY in the hall.")]
    [InlineData("Hamid Noury", "The witness saw Hamid  Noury.")]
    [InlineData("Mostafa Pour-Mohammadi", "مصطفی پورمحمدی")]
    [InlineData("Mostafa Pourmohammadi", "Mostafa Pour Mohammadi said")]
    public void A_known_name_is_found_in_another_script_and_spelling(string known, string text)
    {
        var found = Find(text, new KnownName("p-1", "person", "Known (test)", known));

        found.ShouldHaveSingleItem().Target.ShouldBe("p-1");
    }

    [Theory]
    [InlineData("Hamid Noury", "Hamid said nothing; Noury was absent.")] // the two words apart
    [InlineData("Hamid Noury", "Hamid Karimi was there.")]
    [InlineData("Hamid Noury", "Majid Noury was there.")]
    public void Words_of_a_name_that_are_not_the_name_are_not_suggested(string known, string text) =>
        Find(text, new KnownName("p-1", "person", "Known (test)", known)).ShouldBeEmpty();

    [Fact]
    public void A_place_of_one_word_is_found_but_a_person_is_not_found_by_a_given_name_alone()
    {
        var found = Find("He was taken to Gohardasht; Hamid was there.",
            new KnownName("gohardasht", "place", "Gohardasht", "گوهردشت"),
            new KnownName("gohardasht", "place", "Gohardasht", "Gohardasht"),
            new KnownName("p-hamid", "person", "Hamid (test)", "Hamid"));

        found.Select(s => s.Target).ShouldBe(["gohardasht"]);
    }

    [Fact]
    public void Suggestions_on_synthetic_documents_in_both_scripts_have_high_recall_and_precision()
    {
        var corpus = SuggestionCorpus.Generate(seed: 16, knownPeople: 1500, documents: 300);
        var index = NameIndex.Build(corpus.Known);

        var (peopleRecall, peoplePrecision, dateRecall, datePrecision) = corpus.Measure(index);

        foreach (var (document, _, dates) in corpus.Documents)
        {
            var found = SuggestionFinder.Find(document, index).Where(s => s.Kind == "date").Select(s => s.Target).ToHashSet();
            foreach (var missed in dates.Where(d => !found.Contains(d)))
            {
                output.WriteLine($"missed {missed} in: {document.Pages[0].Text}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{index.Count} names; people recall {peopleRecall:P1}, precision {peoplePrecision:P1}; dates recall {dateRecall:P1}, precision {datePrecision:P1}"));
        peopleRecall.ShouldBeGreaterThan(0.9);
        peoplePrecision.ShouldBeGreaterThan(0.9);
        dateRecall.ShouldBe(1.0);
        datePrecision.ShouldBe(1.0);
    }
}
