using System.Text;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

/// <summary>What a new user met with real lists (issue 13, item 27): columns named as families name them, and files saved with another separator.</summary>
public sealed class InputFindingsTests
{
    [Theory]
    [InlineData("executed")]
    [InlineData("Executed")]
    [InlineData("date_executed")]
    [InlineData("killed")]
    public void An_execution_column_is_a_death_date(string header) =>
        FieldRoles.Detect(header).ShouldBe(FieldRole.DeathDate);

    [Theory]
    [InlineData("record_id;given_name;family_name\nr1;Hamid;Nouri\n", "semicolon-separated")]
    [InlineData("record_id\tgiven_name\tfamily_name\nr1\tHamid\tNouri\n", "tab-separated")]
    public void A_file_saved_with_another_separator_is_named_as_such(string csv, string expected)
    {
        var error = Should.Throw<LinkageInputException>(() => CsvTable.Parse(Encoding.UTF8.GetBytes(csv), "families.csv"));

        error.Message.ShouldContain("families.csv");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_one_column_file_without_separators_still_reads()
    {
        var table = CsvTable.Parse(Encoding.UTF8.GetBytes("name\nHamid Nouri\n"), "names.csv");

        table.RowCount.ShouldBe(1);
    }
}
