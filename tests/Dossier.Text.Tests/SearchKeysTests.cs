using Dossier.Text;
using FsCheck;
using FsCheck.Fluent;
using System.Text;

namespace Dossier.Text.Tests;

public class SearchKeysTests
{
    [Theory]
    [InlineData("Pour-Mohammadi")]
    [InlineData("Pour Mohammadi")]
    [InlineData("Mostafa Pour-Mohammadi")]
    [InlineData("پورمحمدی")]
    [InlineData("پور محمدی")]
    [InlineData("پور\u200Cمحمدی")]
    [InlineData("مصطفی پورمحمدی")]
    public void For_should_share_a_phonetic_key_with_the_one_word_spelling(string text)
    {
        var oneWord = SearchKeys.For("Pourmohammadi").Phonetic.ShouldHaveSingleItem();
        SearchKeys.For(text).Phonetic.ShouldContain(oneWord);
    }

    [Theory]
    [InlineData("Hossein-Zadeh", "Hosseinzadeh")]
    [InlineData("حسین زاده", "Hosseinzadeh")]
    [InlineData("Abdol-Karim", "Abdolkarim")]
    [InlineData("عبدالکریم", "Abdolkarim")]
    [InlineData("Mir Hosseini", "Mirhosseini")]
    [InlineData("میرحسینی", "Mirhosseini")]
    [InlineData("Ali Pour", "Alipour")]
    [InlineData("علی‌پور", "Alipour")]
    public void For_should_join_prefixes_and_suffixes(string text, string oneWord) =>
        SearchKeys.For(text).Phonetic.ShouldContain(SearchKeys.For(oneWord).Phonetic[0]);

    [Theory]
    [InlineData("Nouri")]
    [InlineData("Nuri")]
    [InlineData("Noury")]
    [InlineData("نوری")]
    public void For_should_let_a_query_in_either_script_meet_the_record(string query)
    {
        var record = SearchKeys.For("Hamid Noury حمید نوری");
        SearchKeys.For(query).Phonetic.Intersect(record.Phonetic).ShouldNotBeEmpty();
    }

    [Fact]
    public void For_should_romanise_persian_names()
    {
        SearchKeys.For("حمید نوری").Romanized.ShouldContain("hamid");
        SearchKeys.For("مصطفی پورمحمدی").Romanized.ShouldContain("pourmohammadi");
        SearchKeys.For("Hamid Noury").Normalized.ShouldBe(["hamid", "noury", "hamidnoury"]);
    }

    [Fact]
    public void For_should_give_distinct_non_empty_letter_or_digit_keys()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), text =>
        {
            var keys = SearchKeys.For(text);
            return new[] { keys.Normalized, keys.Romanized, keys.Phonetic }.All(list =>
                list.Distinct(StringComparer.Ordinal).Count() == list.Count
                && list.All(key => key.Length > 0 && key.EnumerateRunes().All(Rune.IsLetterOrDigit)));
        }).Check(FixedSeed.Config(1000));
    }
}
