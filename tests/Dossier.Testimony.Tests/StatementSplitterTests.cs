namespace Dossier.Testimony.Tests;

/// <summary>Proposed statement boundaries: paragraphs first, sentence ends (Latin and Persian) in long paragraphs.</summary>
public class StatementSplitterTests
{
    [Fact]
    public void Paragraphs_become_statements_and_each_proposal_points_at_its_text_in_the_transcript()
    {
        const string transcript = "First I was taken to the corridor.\r\n\r\n  Then the names were read.\n \nدر مرداد ۱۳۶۷ در گوهردشت بودم.\n";

        var proposals = StatementSplitter.Propose(transcript);

        proposals.Select(p => p.Text).ShouldBe(["First I was taken to the corridor.", "Then the names were read.", "در مرداد ۱۳۶۷ در گوهردشت بودم."]);
        var normalised = transcript.Replace("\r\n", "\n", StringComparison.Ordinal);
        proposals.ShouldAllBe(p => normalised.Substring(p.Start, p.Length) == p.Text);
    }

    [Fact]
    public void A_long_paragraph_splits_at_sentence_ends_in_either_script_and_no_piece_passes_the_limit()
    {
        var sentences = new[]
        {
            "I was held in ward seven for the whole summer.",
            "آیا کسی نام‌ها را می‌خواند؟",
            "Yes, a man with a list read them out one by one!",
            "Those who were called never came back.",
            "نگهبان‌ها ما را به راهرو بردند.",
        };
        var paragraph = string.Join(' ', sentences);

        var proposals = StatementSplitter.Propose(paragraph, maxLength: 80);

        proposals.Count.ShouldBeGreaterThan(1);
        proposals.ShouldAllBe(p => p.Length <= 80);
        string.Join(' ', proposals.Select(p => p.Text)).ShouldBe(paragraph);
        // Cuts fall only between sentences.
        proposals.ShouldAllBe(p => sentences.Any(s => p.Text.EndsWith(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_single_sentence_longer_than_the_limit_stays_whole_and_an_empty_transcript_proposes_nothing()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("word", 60)) + ".";

        StatementSplitter.Propose(sentence, maxLength: 50).Select(p => p.Text).ShouldBe([sentence]);
        StatementSplitter.Propose("  \n\n \n").ShouldBeEmpty();
    }
}
