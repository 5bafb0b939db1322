using System.Text;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier import` of CSV and XLSX sheets and `dossier list import` of a workbook, on SQLite and PostgreSQL:
/// rows create records or update them by id, all or nothing, with errors that name file, sheet, row and column.
/// </summary>
[Collection(CliCollection.Name)]
public class SpreadsheetImportTests
{
    private static TestCell.Inline Id(string id) => new(id);

    private static string[] At(string workspace, string? database, params string[] args) =>
        database is null ? [.. args, "--workspace", workspace] : [.. args, "--workspace", workspace, "--database", database];

    private static async Task<(string Workspace, string? Database)> NewAsync(string database)
    {
        var workspace = Cli.NewWorkspace();
        var connection = await TestDatabases.NewAsync(database);
        Cli.Run(At(workspace, connection, "init")).ExitCode.ShouldBe(0);
        return (workspace, connection);
    }

    private static string Write(string workspace, string name, byte[] bytes)
    {
        var path = Path.Combine(workspace, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static long Size(string workspace, string? database) => Cli.LedgerSize(At(workspace, database));

    // Two sources, then people who cite them: Persian names in shared strings, a date serial, a Solar Hijri date as text.
    private static byte[] People(TestCell? badBorn = null, TestCell? badSex = null) => TestWorkbook.Write([("People",
    [
        ["id", "Name", "نام", "نام خانوادگی", "Born", "Sex", "Sources"],
        [Id("p-ali"), "Ali Rezaei", "علی", "رضایی", new TestCell.Date(32354), "Male", "s-amnesty; s-list"],
        [Id("p-maryam"), new TestCell.Inline("Maryam Ahmadi"), "مریم", "احمدی", new TestCell.Inline("۱۳۶۷/۰۵/۰۸"), "female", "s-list"],
        [Id("p-hossein"), "Hossein Karimi", null, null, badBorn ?? new TestCell.Number(1960), badSex ?? (TestCell)"male", null],
    ])]);

    private static byte[] Sources() => Encoding.UTF8.GetBytes(
        "id,title,type,provenance,reliability\ns-amnesty,\"Blood-soaked secrets, 2018\",ngo-report,Amnesty International,b\ns-list,A families' list,victim-list,families,c\n");

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_xlsx_sheet_with_bad_rows_writes_nothing_and_names_each_row_and_column_without_the_value(string database)
    {
        var (workspace, db) = await NewAsync(database);
        Cli.Run(At(workspace, db, "import", Write(workspace, "sources.csv", Sources()), "--kind", "source")).ExitCode.ShouldBe(0);
        var before = Size(workspace, db);
        var file = Write(workspace, "people.xlsx", People(new TestCell.Inline("the 31st of Smarch"), "unknowable"));

        var result = Cli.Run(At(workspace, db, "import", file, "--kind", "person"));

        result.ExitCode.ShouldBe(1, result.All);
        result.Error.ShouldContain("people.xlsx, sheet 'People', row 4, column 'Born' (born): ");
        result.Error.ShouldContain("people.xlsx, sheet 'People', row 4, column 'Sex' (sex): must be one of: unknown, female, male");
        result.Error.ShouldNotContain("Smarch");
        result.Error.ShouldContain("nothing was imported");
        Size(workspace, db).ShouldBe(before);
        Cli.Run(At(workspace, db, "show", "p-ali")).ExitCode.ShouldNotBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_good_sheet_creates_its_records_with_dates_from_serials_and_names_in_their_scripts(string database)
    {
        var (workspace, db) = await NewAsync(database);
        Cli.Run(At(workspace, db, "import", Write(workspace, "sources.csv", Sources()), "--kind", "source")).ExitCode.ShouldBe(0);
        var before = Size(workspace, db);

        var result = Cli.Run(At(workspace, db, "import", Write(workspace, "people.xlsx", People()), "--kind", "person", "--reason", "families' list, typed up"));

        result.ExitCode.ShouldBe(0, result.All);
        result.Output.ShouldContain("created 3 and updated 0 person record(s)");
        Size(workspace, db).ShouldBe(before + 3);
        var ali = Cli.Run(At(workspace, db, "show", "p-ali")).Output;
        ali.ShouldContain("\"born\": \"1988-07-30\"");
        ali.ShouldContain("\"text\": \"رضایی\",\n      \"script\": \"Arab\",\n      \"kind\": \"family\"");
        ali.ShouldContain("\"text\": \"Ali Rezaei\",\n      \"script\": \"Latn\",\n      \"kind\": \"full\"");
        ali.ShouldContain("\"s-amnesty\",\n    \"s-list\"");
        ali.ShouldContain("families' list, typed up");
        // The Solar Hijri date in Persian digits is the same day as the serial, kept in the calendar it was written in.
        Cli.Run(At(workspace, db, "show", "p-maryam")).Output.ShouldContain("\"born\": \"1367/05/08\"");
        Cli.Run(At(workspace, db, "show", "p-hossein")).Output.ShouldContain("\"born\": \"1960\"");
        Cli.Run(At(workspace, db, "search", "رضایی")).Output.ShouldContain("p-ali");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_row_with_an_existing_id_updates_only_the_fields_it_fills_and_a_stale_version_is_refused(string database)
    {
        var (workspace, db) = await NewAsync(database);
        Cli.Run(At(workspace, db, "import", Write(workspace, "sources.csv", Sources()), "--kind", "source")).ExitCode.ShouldBe(0);
        Cli.Run(At(workspace, db, "import", Write(workspace, "people.xlsx", People()), "--kind", "person")).ExitCode.ShouldBe(0);
        var update = Write(workspace, "update.csv", Encoding.UTF8.GetBytes("id,version,died,notes,Name\np-ali,1,1367/06/08,executed at Gohardasht,\"Ali Rezaie\"\np-new,,,a new one,New Person\n"));

        var first = Cli.Run(At(workspace, db, "import", update, "--kind", "person"));

        first.ExitCode.ShouldBe(0, first.All);
        first.Output.ShouldContain("created 1 and updated 1 person record(s)");
        var ali = Cli.Run(At(workspace, db, "show", "p-ali")).Output;
        ali.ShouldContain("person p-ali — version 2");
        ali.ShouldContain("\"died\": \"1367/06/08\""); // 1988-08-30, as the sheet wrote it
        ali.ShouldContain("\"text\": \"Ali Rezaie\"");
        ali.ShouldNotContain("\"Ali Rezaei\"");
        ali.ShouldContain("\"text\": \"رضایی\"");
        ali.ShouldContain("\"born\": \"1988-07-30\"");

        // The same sheet again: p-ali was made from version 1 and is now at 2; p-new exists now, so its row is an update too.
        var size = Size(workspace, db);
        var again = Cli.Run(At(workspace, db, "import", update, "--kind", "person"));

        again.ExitCode.ShouldBe(1);
        again.Error.ShouldContain("update.csv, line 2, column 'version' (version): 'p-ali' is at version 2, not 1");
        Size(workspace, db).ShouldBe(size);
        Cli.Run(At(workspace, db, "show", "p-new")).Output.ShouldContain("person p-new — version 1");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task One_bad_row_among_updates_and_creations_leaves_every_record_as_it_was(string database)
    {
        var (workspace, db) = await NewAsync(database);
        Cli.Run(At(workspace, db, "import", Write(workspace, "sources.csv", Sources()), "--kind", "source")).ExitCode.ShouldBe(0);
        Cli.Run(At(workspace, db, "import", Write(workspace, "people.xlsx", People()), "--kind", "person")).ExitCode.ShouldBe(0);
        var size = Size(workspace, db);
        var mixed = Write(workspace, "mixed.xlsx", TestWorkbook.Write([("Fixes",
        [
            ["id", "notes", "sources"],
            [Id("p-ali"), "checked against the 2018 report", "s-amnesty"],
            [Id("p-other"), new TestCell.Inline("a new person without a name"), null],
            [Id("p-maryam"), "cites a source that is not there", "s-nowhere"],
        ])]));

        var result = Cli.Run(At(workspace, db, "import", mixed, "--kind", "person"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("mixed.xlsx, sheet 'Fixes', row 3");
        result.Error.ShouldContain("(names)");
        result.Error.ShouldContain("mixed.xlsx, sheet 'Fixes', row 4, column 'sources'");
        Size(workspace, db).ShouldBe(size);
        Cli.Run(At(workspace, db, "show", "p-ali")).Output.ShouldContain("person p-ali — version 1");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Map_names_the_field_of_a_column_and_dry_run_writes_nothing(string database)
    {
        var (workspace, db) = await NewAsync(database);
        var file = Write(workspace, "odd.csv", Encoding.UTF8.GetBytes("code,label,colour\npl-1,Gohardasht prison,red\n"));

        var guessed = Cli.Run(At(workspace, db, "import", file, "--kind", "place", "--dry-run"));
        var dry = Cli.Run(At(workspace, db, "import", file, "--kind", "place", "--map", "code=id", "--map", "label=name", "--map", "colour=", "--dry-run"));
        var typo = Cli.Run(At(workspace, db, "import", file, "--kind", "place", "--map", "code=id", "--map", "label=nmae"));

        guessed.ExitCode.ShouldBe(1);
        guessed.Error.ShouldContain("no column is mapped");
        dry.ExitCode.ShouldBe(0, dry.All);
        dry.Output.ShouldContain("code → id, label → name, colour (left out)");
        dry.Output.ShouldContain("Would create 1 and update 0 place record(s)");
        typo.ExitCode.ShouldBe(1);
        typo.Error.ShouldContain("column 'label' (nmae): a place has no such field");
        Cli.Run(At(workspace, db, "show", "pl-1")).ExitCode.ShouldNotBe(0);
        Cli.Run(At(workspace, db, "import", file, "--map", "code=id")).ExitCode.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_victim_list_comes_in_from_a_workbook_sheet_and_its_errors_name_the_sheet_and_row(string database)
    {
        var (workspace, db) = await NewAsync(database);
        var rows = new List<IReadOnlyList<TestCell?>> { new TestCell?[] { "record_id", "given_name", "family_name", "death_date" } };
        rows.Add([Id("r1"), "حسین", "کریمی", new TestCell.Date(32354)]);
        rows.Add([Id("r2"), "Maryam", "Ahmadi", new TestCell.Inline("1367/05/08")]);
        var good = TestWorkbook.Write([("Readme", [["about"], ["invented"]]), ("Rows", rows)]);
        rows.Add([Id("r1"), "Ali", "Rezaei", null]);
        var bad = TestWorkbook.Write([("Readme", [["about"], ["invented"]]), ("Rows", rows)]);

        var refused = Cli.Run(At(workspace, db, "list", "import", Write(workspace, "bad.xlsx", bad), "--source", "syn-families", "--sheet", "Rows", "--synthetic"));
        var imported = Cli.Run(At(workspace, db, "list", "import", Write(workspace, "good.xlsx", good), "--source", "syn-families", "--sheet", "Rows", "--synthetic"));

        refused.ExitCode.ShouldBe(1);
        refused.All.ShouldContain("bad.xlsx, sheet 'Rows', row 4, column 'record_id'");
        refused.All.ShouldContain("already used on row 2");
        imported.ExitCode.ShouldBe(0, imported.All);
        imported.Output.ShouldContain("2 rows, SYNTHETIC");
        await using var store = await Dossier.Storage.WorkspaceStores.OpenAsync(workspace, db, CancellationToken.None);
        var stored = await store.Lists.RowsAsync("syn-families", 0, 10, CancellationToken.None);
        stored.Select(r => (r.RowId, r.Line, r.Synthetic, r.Values["death_date"], r.Values["given_name"])).ShouldBe(
            [("r1", 2, true, "1988-07-30", "حسین"), ("r2", 3, true, "1367/05/08", "Maryam")]);
    }
}
