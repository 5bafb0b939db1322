using System.Text;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

public sealed class RecordSetTests
{
    private static CsvTable Csv(string text, string name = "list.csv") => CsvTable.Parse(Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void ForDedupe_should_name_file_and_column_when_the_id_column_is_missing()
    {
        var error = Should.Throw<LinkageInputException>(() => RecordSet.ForDedupe(Csv("key,surname\n1,a\n"), "rec_id"));
        error.Message.ShouldContain("list.csv");
        error.Column.ShouldBe("rec_id");
    }

    [Fact]
    public void ForDedupe_should_name_both_lines_of_a_duplicate_id()
    {
        var error = Should.Throw<LinkageInputException>(() => RecordSet.ForDedupe(Csv("id,surname\na,x\nb,y\na,z\n"), "id"));
        error.Line.ShouldBe(4);
        error.Message.ShouldContain("duplicate id 'a' (first on line 2)");
    }

    [Fact]
    public void ForDedupe_should_reject_an_empty_id()
    {
        var error = Should.Throw<LinkageInputException>(() => RecordSet.ForDedupe(Csv("id,surname\na,x\n,y\n"), "id"));
        error.Line.ShouldBe(3);
    }

    [Fact]
    public void ForDedupe_should_reject_a_header_without_records()
    {
        Should.Throw<LinkageInputException>(() => RecordSet.ForDedupe(Csv("id,surname\n"), "id")).Message.ShouldContain("no records");
    }

    [Fact]
    public void ForLink_should_name_the_file_that_lacks_a_column_given_in_fields()
    {
        var left = Csv("id,surname,dob\n1,a,1950\n", "left.csv");
        var right = Csv("id,last\n1,a\n", "right.csv");
        var error = Should.Throw<LinkageInputException>(() =>
            RecordSet.ForLink(left, right, "id", FieldRoles.ParseOverrides("family=surname")));
        error.Message.ShouldContain("right.csv");
        error.Column.ShouldBe("surname");
    }

    [Fact]
    public void Roles_should_be_detected_from_febrl_and_splink_column_names()
    {
        var records = RecordSet.ForDedupe(Csv(
            "rec_id,given_name,surname,street_number,address_1,suburb,postcode,state,date_of_birth,soc_sec_id,cluster\n1,a,b,1,x st,y,2000,nsw,19500101,123,0\n"), "rec_id");
        records.Fields.Select(f => f.Role).ShouldBe([
            FieldRole.GivenName, FieldRole.FamilyName, FieldRole.Number, FieldRole.Address, FieldRole.Place,
            FieldRole.Postcode, FieldRole.Category, FieldRole.BirthDate, FieldRole.Identifier]);
        records.Notes.ShouldContain(n => n.Contains("'cluster'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_synthetic_column_should_be_a_marker_that_is_reported_and_never_compared()
    {
        var records = RecordSet.ForDedupe(Csv("record_id,given_name,family_name,synthetic\na,Ali,Rezaei,SYNTHETIC\nb,Ali,Rezaei,SYNTHETIC\n"), "record_id");
        FieldRoles.Detect("synthetic").ShouldBe(FieldRole.Marker);
        records.Fields.ShouldNotContain(f => f.Column == "synthetic");
        var note = records.Notes.ShouldHaveSingleItem();
        note.ShouldContain("'synthetic' is a marker");
        note.ShouldContain("2 of 2 records are SYNTHETIC");
        note.ShouldNotContain("no known role");
    }

    [Fact]
    public void Fields_override_should_use_only_the_named_columns()
    {
        var records = RecordSet.ForDedupe(Csv("id,a,b,c\n1,x,y,1950\n"), "id", FieldRoles.ParseOverrides("given=a, family-name=b,c:birth-date"));
        records.Fields.ShouldBe([new FieldSpec("a", FieldRole.GivenName), new FieldSpec("b", FieldRole.FamilyName), new FieldSpec("c", FieldRole.BirthDate)]);
    }

    [Fact]
    public void Fields_override_should_reject_an_unknown_role()
    {
        var error = Should.Throw<LinkageInputException>(() => FieldRoles.ParseOverrides("shoe-size=a")).Message;
        error.ShouldContain("not a role");
        error.ShouldNotContain("Parameter");
    }

    [Theory]
    [InlineData("19081209", 19081209)]
    [InlineData("1971-06-24", 19710624)]
    [InlineData("24/06/1971", 19710624)]
    [InlineData("1988", 19880000)]
    [InlineData("1988-07", 19880700)]
    [InlineData("1367/05/10", 19880801)]
    [InlineData("۱۳۶۷/۰۵/۱۰", 19880801)]
    [InlineData("1367", 19880000)]
    [InlineData("19081290", 19081290)]
    [InlineData("", 0)]
    [InlineData("summer", 0)]
    [InlineData("12", 0)]
    public void Dates_should_be_read_in_the_usual_forms_and_solar_hijri(string raw, int ymd)
    {
        DateColumn.Parse(raw).ShouldBe(ymd);
    }
}
