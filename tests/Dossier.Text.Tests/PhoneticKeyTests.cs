using Dossier.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Dossier.Text.Tests;

public class PhoneticKeyTests
{
    [Fact]
    public void Compute_should_bring_the_spellings_of_Noury_together()
    {
        var keys = new[] { "Nouri", "Nuri", "Noury", "Noori", "نوری", "NOURI", "نوري" }.Select(PhoneticKey.Compute).Distinct().ToList();
        keys.Count.ShouldBe(1);
        var familyWord = NameNormalizer.Tokens("حمید نوری")[1];
        PhoneticKey.Compute(familyWord).ShouldBe(PhoneticKey.Compute("Noury"));
    }

    [Theory]
    [InlineData("Raisi", "Raeisi")]
    [InlineData("Raisi", "Ra'isi")]
    [InlineData("Raisi", "رئیسی")]
    [InlineData("Raisi", "رئيسي")]
    [InlineData("Mohammad", "Muhammad")]
    [InlineData("Mohammad", "Mohamad")]
    [InlineData("Mohammad", "Mohammed")]
    [InlineData("Mohammad", "محمد")]
    [InlineData("Hosseini", "Husseini")]
    [InlineData("Hosseini", "Hoseyni")]
    [InlineData("Hosseini", "حسینی")]
    [InlineData("Pourmohammadi", "Poormohammadi")]
    [InlineData("Pourmohammadi", "Purmohammadi")]
    [InlineData("Pourmohammadi", "پورمحمدی")]
    [InlineData("Khosravi", "Xosravi")]
    [InlineData("Ghasemi", "Qasemi")]
    [InlineData("Javad", "Djavad")]
    [InlineData("Hosseinzadeh", "Hosseinzade")]
    public void Compute_should_give_romanisation_variants_one_key(string a, string b) =>
        PhoneticKey.Compute(a).ShouldBe(PhoneticKey.Compute(b));

    [Theory]
    [InlineData("Nouri", "Nasiri")]
    [InlineData("Hassan", "Hossein")]
    [InlineData("Hamid", "Hamed")]
    [InlineData("Mohammad", "Mahmoud")]
    [InlineData("Ahmad", "Hamed")]
    [InlineData("Karimi", "Kazemi")]
    [InlineData("Shahram", "Sahram")]
    [InlineData("Khosravi", "Kosravi")]
    public void Compute_should_keep_different_names_apart(string a, string b) =>
        PhoneticKey.Compute(a).ShouldNotBe(PhoneticKey.Compute(b));

    [Fact]
    public void Compute_should_return_lowercase_ascii_letters_and_never_empty_for_non_empty_input()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => !string.IsNullOrEmpty(s)), text =>
        {
            var key = PhoneticKey.Compute(text);
            return key.Length > 0 && key.All(c => c is >= 'a' and <= 'z');
        }).Check(FixedSeed.Config(2000));
    }

    [Fact]
    public void Compute_should_return_empty_for_empty_input() => PhoneticKey.Compute("").ShouldBe("");
}
