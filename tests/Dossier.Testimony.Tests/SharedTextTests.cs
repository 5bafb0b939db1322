namespace Dossier.Testimony.Tests;

/// <summary>The passages two statements share, marked for reading side by side.</summary>
public class SharedTextTests
{
    [Fact]
    public void Shared_runs_are_marked_across_spellings_and_scripts_and_the_texts_join_back_unchanged()
    {
        const string left = "On that day Hamid Nouri stood at the end of the corridor with a list.";
        const string right = "I will never forget it. On that day حمید نوری stood at the end of the corridor holding a list.";

        var (l, r) = SharedText.Mark(left, right);

        string.Concat(l.Select(p => p.Text)).ShouldBe(left);
        string.Concat(r.Select(p => p.Text)).ShouldBe(right);
        l.Where(p => p.Shared).Select(p => p.Text).ShouldBe(["On that day Hamid Nouri stood at the end of the corridor"]);
        r.Where(p => p.Shared).Select(p => p.Text).ShouldBe(["On that day حمید نوری stood at the end of the corridor"]);
    }

    [Fact]
    public void Statements_in_their_own_words_share_no_run_of_three_words()
    {
        var (l, r) = SharedText.Mark("I saw Noury in the corridor of Gohardasht.", "Gohardasht was where Noury walked the corridor daily.");

        l.ShouldAllBe(p => !p.Shared);
        r.ShouldAllBe(p => !p.Shared);
    }
}
