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
