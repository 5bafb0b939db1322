using Dossier.Text;

namespace Dossier.Text.Tests;

public class RomanizerTests
{
    [Theory]
    [InlineData("حمید نوری", "hamid nouri")]
    [InlineData("مصطفی پورمحمدی", "mostafa pourmohammadi")]
    [InlineData("ابراهیم رئیسی", "ebrahim raisi")]
    [InlineData("علیرضا آوایی", "alireza avaei")]
    [InlineData("حسینعلی نیری", "hosseinali nayyeri")]
    [InlineData("Hamid NOURY", "hamid noury")]
    public void Romanize_should_give_the_usual_spelling_of_known_names(string persian, string expected) =>
        Romanizer.Romanize(persian).ShouldBe(expected);

    [Theory]
    [InlineData("رحمانی", "rahmani")]
    [InlineData("نصیری", "nasiri")]
    [InlineData("بهشتی‌زاده", "beheshtizadeh")]
    [InlineData("کریمی‌پور", "karimipour")]
    [InlineData("خوانساری", "khansari")]
    [InlineData("خواجه", "khajeh")]
    public void Romanize_should_compose_and_spell_unknown_words(string persian, string expected) =>
        Romanizer.Romanize(persian).ShouldBe(expected);

    [Fact]
    public void Romanize_should_treat_arabic_letters_as_persian() =>
        Romanizer.Romanize("علي").ShouldBe(Romanizer.Romanize("علی"));

    [Fact]
    public void Romanize_output_should_be_ascii_letters_digits_and_spaces()
    {
        foreach (var entry in PersianNameLexicon.All)
        {
            Romanizer.Romanize(entry.Persian).ShouldAllBe(c => (c >= 'a' && c <= 'z') || c == ' ');
        }
    }
}
