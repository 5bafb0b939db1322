using System.Globalization;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class ListCommandTests
{
    private static (string Workspace, string[] Files) WorkspaceWithSyntheticLists()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var folder = Path.Combine(workspace, "lists");
        Cli.Run("synth", "lists", "--people", "300", "--out", folder).ExitCode.ShouldBe(0);
        return (workspace, [.. Directory.GetFiles(folder, "*.csv").Where(f => !f.EndsWith("truth.csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public void Lists_are_imported_linked_decided_and_estimated_from_then_the_estimate_reruns_from_the_ledger()
    {
        var (workspace, files) = WorkspaceWithSyntheticLists();
        foreach (var file in files)
        {
            var imported = Cli.Run("list", "import", file, "--source", "list-" + Path.GetFileNameWithoutExtension(file), "--workspace", workspace);
            imported.ExitCode.ShouldBe(0, imported.All);
            imported.Output.ShouldContain("SYNTHETIC");
        }

        var link = Cli.Run("list", "link", "--workspace", workspace);
        link.ExitCode.ShouldBe(0, link.All);
        link.Output.ShouldContain("Linkage run recorded as ledger entry #");
        var status = Cli.Run("list", "status", "--workspace", workspace);
        status.ExitCode.ShouldBe(0);
        var pair = status.Output.Split('\n').First(l => l.Contains(" ~ ", StringComparison.Ordinal)).Trim().Split(' ');

        var decided = Cli.Run("list", "decide", pair[0], pair[2], "accept", "--reason", "same father's name", "--workspace", workspace);
        decided.ExitCode.ShouldBe(0, decided.All);
        decided.Output.ShouldContain(pair[2]);
        var again = Cli.Run("list", "decide", pair[2], pair[0], "accept", "--reason", "clicked twice", "--workspace", workspace);
        again.ExitCode.ShouldBe(1);
        again.Error.ShouldContain("already decided that way");

        var estimate = Cli.Run("estimate", "--method", "loglinear", "--record", "workspace figure", "--workspace", workspace);
        estimate.ExitCode.ShouldBe(0, estimate.All);
        estimate.Output.ShouldContain("1 decision(s)");
        var sequence = LinkedPlace.RecordedSequence(estimate);
        var rerun = Cli.Run("estimate", "--rerun", sequence, "--workspace", workspace);
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("re-runs to the same figures");
        rerun.Output.ShouldContain("SYNTHETIC rows");
        Cli.Run("rebuild", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("record_id,given_name,family_name\nr1,Hamid,Nouri\nr2,Hamid\n", "line 3")]
    [InlineData("record_id,given_name,family_name\nr1,Hamid,Nouri\n,Ali,Karimi\n", "line 3, column 'record_id': the row has no id")]
    [InlineData("record_id,city,prison\nr1,Tehran,Evin\n", "no column holds a name")]
    [InlineData("record_id;given_name;family_name\nr1;Hamid;Nouri\n", "semicolon-separated")]
    [InlineData("record_id,given_name,family_name\n", "header but no rows")]
    public void Bad_list_input_is_named_by_line_and_column_and_nothing_is_written(string csv, string expected)
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "bad.csv");
        File.WriteAllText(file, csv);

        var result = Cli.Run("list", "import", file, "--source", "bad-list", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("bad.csv");
        result.Error.ShouldContain(expected);
        result.Error.ShouldContain("nothing was written");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    /// <summary>A new workspace with these SYNTHETIC lists imported (source id, CSV text).</summary>
    private static string WorkspaceWithLists(params (string Source, string Csv)[] lists)
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        foreach (var (source, csv) in lists)
        {
            var file = Path.Combine(workspace, source + ".csv");
            File.WriteAllText(file, csv);
            Cli.Run("list", "import", file, "--source", source, "--workspace", workspace).ExitCode.ShouldBe(0);
        }

        return workspace;
    }

    [Fact]
    public void A_run_that_links_nothing_says_so()
    {
        var workspace = WorkspaceWithLists(
            ("list-first", "record_id,name,synthetic\nf1,Hamid Nouri,SYNTHETIC\nf2,Ali Karimi,SYNTHETIC\nf3,Maryam Rezaei,SYNTHETIC\n"),
            ("list-second", "record_id,name,synthetic\ns1,Zahra Ahmadi,SYNTHETIC\ns2,Reza Tehrani,SYNTHETIC\ns3,Leila Sadeghi,SYNTHETIC\n"));

        var link = Cli.Run("list", "link", "--workspace", workspace);

        link.ExitCode.ShouldBe(0, link.All);
        link.Output.ShouldContain("6 rows");
        link.Error.ShouldContain("linked no two rows");
    }

    [Fact]
    public void A_list_with_one_name_column_is_linked_with_lists_of_given_and_family_names()
    {
        var workspace = WorkspaceWithLists(
            ("list-full", "record_id,name,birth_year,synthetic\nf1,Hamid Nouri,1961,SYNTHETIC\nf2,Ali Karimi,1958,SYNTHETIC\nf3,Maryam Rezaei,1965,SYNTHETIC\n"),
            ("list-split", "record_id,given_name,family_name,birth_year,synthetic\ns1,Hamid,Nouri,1961,SYNTHETIC\ns2,Ali,Karimi,1958,SYNTHETIC\ns3,Zahra,Ahmadi,1970,SYNTHETIC\n"));

        var link = Cli.Run("list", "link", "--workspace", workspace);
        var status = Cli.Run("list", "status", "--workspace", workspace);

        link.ExitCode.ShouldBe(0, link.All);
        link.Error.ShouldNotContain("linked no two rows");
        // Hamid Nouri and Ali Karimi are in both lists: their rows join, Maryam and Zahra stay apart.
        status.Output.ShouldContain("6 rows → 4 people");
        status.Output.ShouldContain("list-full/f1 ~ list-split/s1");
        status.Output.ShouldContain("list-full/f2 ~ list-split/s2");
    }

    [Fact]
    public void Fields_naming_an_absent_column_are_refused()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "l.csv");
        File.WriteAllText(file, "id,first,last\n1,Hamid,Nouri\n");

        var result = Cli.Run("list", "import", file, "--source", "l", "--fields", "given=first,family=surname", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("'surname'");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_line()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "latin1.csv");
        File.WriteAllBytes(file, [.. "id,given_name,family_name\n1,Hamid,"u8.ToArray(), 0xD1, 0x0A]);

        var result = Cli.Run("list", "import", file, "--source", "l1", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("line 2");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void Estimating_from_a_workspace_without_a_linkage_run_says_what_to_do()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var result = Cli.Run("estimate", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("dossier list link");
    }

    [Fact]
    public void A_decision_needs_a_reason()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.Run("list", "decide", "a/1", "b/2", "accept", "--workspace", workspace).ExitCode.ShouldBe(2);
    }
}
