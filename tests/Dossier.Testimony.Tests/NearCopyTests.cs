namespace Dossier.Testimony.Tests;

public sealed class NearCopyTests
{
    private const string Script =
        "I was held in ward 3 of Gohardasht from the spring. In the summer of 1988 I saw Hamid Noury in the corridor reading out the names "
        + "of prisoners from a list. He told the guards to take us to the hall one by one and I heard the trucks in the yard that night. "
        + "My cellmate Bahram was called on 8 August 1988 and never came back.";

    [Theory]
    [InlineData("Noury", "Nouri")]
    [InlineData("Noury", "Nuri")]
    [InlineData("Noury", "نوری")]
    [InlineData("نوری", "نوري")]
    [InlineData("کریمی", "كريمي")]
    [InlineData("می‌خواند", "میخواند")]
    [InlineData("می‌خواند", "می خواند")]
    [InlineData("زندان‌ها", "زندان ها")]
    [InlineData("۱۳۶۷", "1367")]
    public void Spellings_scripts_letter_forms_zwnj_and_digits_compare_as_one_word(string left, string right)
    {
        StatementTokens.Keys(left).ShouldBe(StatementTokens.Keys(right));
    }

    [Fact]
    public void A_coached_copy_with_a_new_first_sentence_swapped_words_and_a_respelt_name_is_a_near_copy()
    {
        var copy = "They brought me to Gohardasht in 1986 after my trial. In the summer of ۱۹۸۸ I noticed Hamid Nouri in the hallway reading out the names "
            + "of prisoners from a list. He told the guards to take us to the hall one by one and I heard the trucks in the yard that night. "
            + "My cellmate Bahram was called on 8 August 1988 and never came back.";
        var detector = new NearCopyDetector();

        detector.Compare(Script, copy).ShouldBeGreaterThanOrEqualTo(NearCopyOptions.DefaultThreshold);
        detector.Compare(copy, Script).ShouldBe(detector.Compare(Script, copy));
    }

    [Fact]
    public void An_honest_witness_telling_the_same_facts_in_other_words_is_not_a_near_copy()
    {
        var honest = "I had been in Gohardasht since 1985. Sometime in August 1988 the man we knew as Nouri walked along our corridor with a sheet of paper "
            + "and called out prisoners one at a time. Guards then marched those he named towards the hall. Bahram, who slept next to me, went on the 8th and did not return.";

        new NearCopyDetector().Compare(Script, honest).ShouldBeLessThan(NearCopyOptions.DefaultThreshold);
    }

    [Fact]
    public void Find_reports_each_near_copy_pair_once_with_the_smaller_id_on_the_left_and_skips_honest_ones()
    {
        var copy = "Let me begin with my arrest in Tehran. In the summer of 1988 I saw Hamid Nuri in the corridor reading out the names "
            + "of prisoners from a list. He told the guards to take us to the hall one by one and I heard the lorries in the yard that night. "
            + "My cellmate Bahram was called on 8 August 1988 and never came back.";
        var honest = "We were blindfolded for days. Nouri came with a paper and the guards led men away; Bahram was one of them.";
        var statements = new[]
        {
            Statement("s9", Script),
            Statement("s10", copy),
            Statement("s2", honest),
            Statement("s3", string.Empty),
        };

        var pairs = new NearCopyDetector().Find(statements);

        pairs.Count.ShouldBe(1);
        pairs[0].LeftId.ShouldBe("s10"); // ordinal: "s10" < "s9"
        pairs[0].RightId.ShouldBe("s9");
        pairs[0].Score.ShouldBeInRange(NearCopyOptions.DefaultThreshold, 1.0);
    }

    [Fact]
    public void Find_should_not_flag_two_honest_statements_for_a_form_sentence_most_of_the_file_repeats()
    {
        // ADR 1828: sixty witnesses open with the same form sentence, then say something of their own. Two honest
        // witnesses also both name Hamid Noury in the hall, which makes them candidates; plain Dice then scores
        // them about 0.4, mostly for the form sentence. Weighted down as a stock phrase (in more statements than
        // the common-shingle limit) it is not evidence of copying. The coached pair, which shares a passage no one
        // else has, is still found.
        const string Form = "This is my own account given voluntarily for the record and I stand by every word of it. ";
        const string Passage = "In the summer of 1988 the man with the list stood at the door of the hall and told the guards which of us "
            + "to take first and which to leave for the evening because the trucks could only carry twenty.";
        var statements = Enumerable.Range(0, 60)
            .Select(k => Statement("h" + k.ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Form}I was in ward {k} with {k + 100} men from {k + 200} until {k + 300} and bed {k + 400} was mine.")))
            .Append(Statement("hA", Form + "I saw Hamid Noury in the hall when they took my brother Ali to the office upstairs on a cold morning in ward three near the kitchen door."))
            .Append(Statement("hB", Form + "Everyone knew Hamid Noury in the hall but I only heard his voice through the blindfold while my cellmate Reza prayed quietly beside the wall."))
            .Append(Statement("c1", Form + "They arrested me in Rasht in 1983. " + Passage))
            .Append(Statement("c2", Form + "I come from Tabriz and was a teacher. " + Passage))
            .ToList();
        // One row per band, so that the honest pair is surely a candidate and the score alone decides.
        var detector = new NearCopyDetector(new NearCopyOptions { CommonShingleStatements = 10, RowsPerBand = 1 });

        var pairs = detector.Find(statements);

        pairs.Select(p => (p.LeftId, p.RightId)).ShouldBe([("c1", "c2")]);
        detector.Compare(statements[60].Text, statements[61].Text).ShouldBeGreaterThan(0.35); // alone, no file tells the phrase is common
    }

    [Fact]
    public void Find_should_not_report_a_middling_pair_of_different_allegations_that_it_reports_within_one()
    {
        // ADR 1829: coaching is a script handed to witnesses of one event. The same two texts, scoring between the
        // threshold and the cross-allegation bar, are near-copies about one allegation and not about two.
        var left = "I was taken to Gohardasht in 1986 with my two brothers after a short trial before a religious judge in Evin. In the summer of 1988 I saw Hamid Noury in the corridor reading out the names of prisoners from a list.";
        var right = "My brother was arrested in Rasht and my mother and I went to the prison gate every week to ask for news of him. In the summer of 1988 I saw Hamid Nouri in the corridor reading out the names of prisoners from a list.";
        var detector = new NearCopyDetector();
        detector.Compare(left, right).ShouldBeInRange(NearCopyOptions.DefaultThreshold, NearCopyOptions.DefaultCrossAllegationThreshold - 0.01);

        detector.Find([Statement("s1", left, allegation: "a1"), Statement("s2", right, allegation: "a1")]).Count.ShouldBe(1);
        detector.Find([Statement("s1", left, allegation: "a1"), Statement("s2", right, allegation: "a2")]).ShouldBeEmpty();
        detector.Find([Statement("s1", Script, allegation: "a1"), Statement("s2", Script, allegation: "a2")]).Count.ShouldBe(1); // filed twice
    }

    [Fact]
    public void Find_should_score_every_pair_of_a_small_allegation_even_when_the_bands_miss_it()
    {
        // ADR 1829: one band of fifty rows almost never puts two different texts in one bucket, so only the direct
        // comparison within the allegation can find this copy; with it turned off, the copy is missed.
        var copy = "They brought me to Gohardasht in 1986 after my trial. In the summer of 1988 I noticed Hamid Nouri in the hallway reading out the names "
            + "of prisoners from a list. He told the guards to take us to the hall one by one and I heard the trucks in the yard that night. "
            + "My cellmate Bahram was called on 8 August 1988 and never came back.";
        var statements = new[] { Statement("s1", Script), Statement("s2", copy), Statement("s3", "A market in another city entirely, years later.") };
        var bands = new NearCopyOptions { Bands = 1, RowsPerBand = 50 };

        new NearCopyDetector(bands).Find(statements).Select(p => (p.LeftId, p.RightId)).ShouldBe([("s1", "s2")]);
        new NearCopyDetector(bands with { AllegationBlockLimit = 0 }).Find(statements).ShouldBeEmpty();
    }

    [Fact]
    public void A_pair_should_score_the_same_when_the_file_around_it_is_ten_times_larger()
    {
        // ADR 1829: a stock phrase weighs by the share of the file that uses it, not by a count, so a copy found
        // among 2,000 statements is still found among 20,000 with the same mix.
        const string Form = "I give this account of my own free will and I agree that it may be shared with the court. ";
        var pair = new[]
        {
            Statement("c1", Form + "In the summer of 1988 the man with the list stood at the door of the hall."),
            Statement("c2", Form + "In the summer of 1988 the man with a list stood at the door of the hall."),
        };
        IReadOnlyList<Statement> File(int n) => [.. pair, .. Enumerable.Range(0, n - 2).Select(k => Statement(
            "h" + k.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
            (k % 4 == 0 ? Form : "") + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"I was in ward {k % 97} with {k} men."),
            allegation: "b" + (k / 8).ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        // A common-shingle floor of 10 rather than 100, so that both files are above it.
        var detector = new NearCopyDetector(new NearCopyOptions { CommonShingleStatements = 10 });
        double Score(int n) => detector.Find(File(n)).Single(p => p.LeftId == "c1" && p.RightId == "c2").Score;

        Score(20_000).ShouldBe(Score(2_000), 1e-3);
    }

    [Fact]
    public void Identical_texts_score_one_and_unrelated_texts_score_zero()
    {
        var detector = new NearCopyDetector();

        detector.Compare(Script, Script).ShouldBe(1.0);
        detector.Compare(Script, "Completely different words about a market in another city entirely").ShouldBe(0.0);
    }

    internal static Statement Statement(string id, string text, string witness = "w", string allegation = "a1", Stance stance = Stance.Supports,
        string intermediary = "", string interviewer = "", string organization = "") =>
        new(id, witness == "w" ? "w-" + id : witness, allegation, stance, interviewer, intermediary, organization, "en", text);
}
