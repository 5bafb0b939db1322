using Dossier.Text;

namespace Dossier.Text.Tests;

/// <summary>Keys of a page of text (search inside documents, ADR 1602): the keys a name gets, per word, distinct, bounded.</summary>
public class TextKeysTests
{
    [Fact]
    public void A_page_carries_the_keys_of_each_word_and_the_phonetic_key_of_a_compound_written_apart()
    {
        var keys = TextKeys.For("مصطفی پور محمدی و حمید نوری\nHamid Noury, again Noury.");

        keys.Phonetic.ShouldContain(SearchKeys.For("Nouri").Phonetic.ShouldHaveSingleItem());
        keys.Phonetic.ShouldContain(SearchKeys.For("Pourmohammadi").Phonetic.ShouldHaveSingleItem());
        keys.Normalized.ShouldContain("نوری");
        keys.Normalized.ShouldContain("noury");
        keys.Romanized.ShouldContain("hamid");
        keys.Normalized.ShouldBeUnique();
        keys.Romanized.ShouldBeUnique();
        keys.Phonetic.ShouldBeUnique();
    }

    [Fact]
    public void Every_word_key_of_a_name_is_among_the_keys_of_a_page_that_contains_it()
    {
        var name = SearchKeys.For("Hamid Noury");
        var page = TextKeys.For("The letter says that Hamid Noury was at Gohardasht.");

        name.Normalized.Where(k => k is "hamid" or "noury").ShouldAllBe(k => page.Normalized.Contains(k));
        name.Phonetic.ShouldAllBe(k => page.Phonetic.Contains(k)); // the pair "hamid noury" too
    }

    [Fact]
    public void The_keys_of_one_kind_stop_at_the_bound_whatever_the_page_holds()
    {
        var words = string.Join(' ', Enumerable.Range(0, 500).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var keys = TextKeys.For(words, maxKeys: 100);

        keys.Normalized.Count.ShouldBe(100);
        keys.Normalized[0].ShouldBe("w0");
        keys.Romanized.Count.ShouldBe(100);
        keys.Phonetic.Count.ShouldBeLessThanOrEqualTo(100);
    }
}
