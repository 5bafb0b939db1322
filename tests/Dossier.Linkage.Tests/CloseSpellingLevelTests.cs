using System.Text;
using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

/// <summary>
/// Names spelled alike whose phonetic keys differ are a level of their own, apart from names that share a key
/// (ADR 1833), in place and across a swap of given and family name; places keep the one close level.
/// </summary>
public sealed class CloseSpellingLevelTests
{
    private const string Csv = """
        id,given_name,family_name,father_name,city
        a,Ali,Ahmadi,Reza,Tehran
        b,Ali,Ahmadian,Reza,Tehran
        c,Ali,Hosseini,Reza,Tehran
        d,Ali,Hoseini,Reza,Tehran
        e,Ahmadian,Ali,Reza,Tehran
        f,Ali,Karimi,Reza,Tehrann
        """;

    private static RecordSet Records() => RecordSet.ForDedupe(CsvTable.Parse(Encoding.UTF8.GetBytes(Csv), "list.csv"), "id");

    private static int Row(RecordSet records, string id) => Enumerable.Range(0, records.Count).Single(r => records.IdOf(r) == id);

    private static TextComparison Column(RecordSet records, string column) =>
        (TextComparison)records.Comparisons.Single(c => c.Column == column);

    private static string LevelName(RecordSet records, string column, string x, string y)
    {
        var comparison = Column(records, column);
        var level = comparison.Compare(Row(records, x), Row(records, y));
        return level == Comparison.Missing ? "missing" : comparison.LevelNames[level];
    }

    [Fact]
    public void Names_spelled_alike_with_other_keys_should_have_their_own_level()
    {
        var records = Records();
        var family = Column(records, "family_name");
        family.PhoneticOf(Row(records, "a")).ShouldNotBe(family.PhoneticOf(Row(records, "b")));

        LevelName(records, "family_name", "a", "b").ShouldBe("jaro-winkler >= 0.92, another phonetic key");
    }

    [Fact]
    public void Names_with_one_phonetic_key_should_stay_at_the_close_level()
    {
        var records = Records();
        var family = Column(records, "family_name");
        family.PhoneticOf(Row(records, "c")).ShouldBe(family.PhoneticOf(Row(records, "d")));

        LevelName(records, "family_name", "c", "d").ShouldBe("same phonetic key");
    }

    [Fact]
    public void A_swapped_row_spelled_alike_crosswise_should_reach_the_same_level_as_in_place()
    {
        var records = Records();

        // e is b with its names swapped: crosswise, Ali meets Ali and Ahmadian meets Ahmadi.
        LevelName(records, "family_name", "a", "e").ShouldBe(LevelName(records, "family_name", "a", "b"));
        LevelName(records, "given_name", "a", "e").ShouldBe(LevelName(records, "family_name", "a", "b"));
    }

    [Fact]
    public void Every_level_of_a_name_should_be_reachable_and_places_should_keep_their_levels()
    {
        var records = Records();
        Column(records, "family_name").LevelNames.ShouldBe(
            ["exact", "same phonetic key", "jaro-winkler >= 0.92, another phonetic key", "jaro-winkler >= 0.85", "jaro-winkler >= 0.70", "else"]);
        Column(records, "city").LevelNames.Count.ShouldBe(4);
        LevelName(records, "family_name", "a", "f").ShouldBe("else");
    }
}
