namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class DemoTests
{
    private static readonly Lazy<string> Workspace = new(() =>
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(0);
        return workspace;
    });

    [Theory]
    [InlineData("Nouri", "hamid-noury")]
    [InlineData("Nuri", "hamid-noury")]
    [InlineData("Noury", "hamid-noury")]
    [InlineData("نوری", "hamid-noury")]
    [InlineData("Abbasi", "hamid-noury")]
    [InlineData("Pourmohammadi", "mostafa-pour-mohammadi")]
    [InlineData("پورمحمدی", "mostafa-pour-mohammadi")]
    [InlineData("Raisi", "ebrahim-raisi")]
    [InlineData("رئیسی", "ebrahim-raisi")]
    public void The_demo_finds_people_across_spellings_and_scripts(string query, string expected)
    {
        var result = Cli.Run("search", query, "--kind", "person", "--workspace", Workspace.Value);

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain(expected);
    }

    [Fact]
    public void The_demo_records_the_competing_death_toll_claims_with_their_sources()
    {
        var result = Cli.Run("show", "massacre-1988", "--workspace", Workspace.Value);

        result.Output.ShouldContain("claim");
        var toll = Cli.Run("search", "executed", "--kind", "claim", "--limit", "50", "--workspace", Workspace.Value);
        toll.ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_demo_verifies_and_a_second_build_replaces_it()
    {
        Cli.Run("verify", "--workspace", Workspace.Value).ExitCode.ShouldBe(0);

        var again = Cli.Run("demo", "--no-serve", "--workspace", Workspace.Value);

        again.ExitCode.ShouldBe(0);
        Cli.Run("verify", "--workspace", Workspace.Value).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_demo_prints_one_account_per_role()
    {
        var workspace = Cli.NewWorkspace();
        var result = Cli.Run("demo", "--no-serve", "--workspace", workspace);

        foreach (var role in new[] { "viewer", "analyst", "investigator", "legal", "admin" })
        {
            result.Output.ShouldContain($"demo-{role}");
        }

        Cli.Run("user", "list", "--workspace", workspace).Output.Split('\n').Count(l => l.StartsWith("demo-", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Fact]
    public void The_demo_refuses_to_overwrite_a_workspace_it_did_not_make()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(2);
    }
}

[Collection(CliCollection.Name)]
public class DemoSyntheticListTests
{
    [Fact]
    public void The_demo_holds_three_synthetic_lists_whose_rows_are_all_labelled_synthetic()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(0);
        var exported = Path.Combine(workspace, "all.json");
        Cli.Run("export", "--out", exported, "--include-synthetic", "--workspace", workspace).ExitCode.ShouldBe(0);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(exported));
        var records = document.RootElement.GetProperty("records").EnumerateArray().ToList();

        var lists = records.Where(r => r.GetProperty("kind").GetString() == "source" && r.GetProperty("type").GetString() == "victim-list").ToList();
        lists.Count.ShouldBe(3);
        lists.ShouldAllBe(l => l.GetProperty("synthetic").GetBoolean());
        var listIds = lists.Select(l => l.GetProperty("id").GetString()).ToHashSet();
        var rows = records.Where(r => r.GetProperty("kind").GetString() == "person"
            && r.TryGetProperty("sources", out var s) && s.EnumerateArray().Any(x => listIds.Contains(x.GetString()))).ToList();
        rows.Count.ShouldBeGreaterThan(3 * 100);
        rows.Where(r => !r.TryGetProperty("synthetic", out var flag) || !flag.GetBoolean()).ShouldBeEmpty();
        foreach (var listId in listIds)
        {
            rows.Count(r => r.GetProperty("sources").EnumerateArray().Any(x => x.GetString() == listId)).ShouldBeInRange(100, 500);
        }

        // Without --include-synthetic, an export holds no invented people at all.
        var real = Path.Combine(workspace, "real.json");
        Cli.Run("export", "--out", real, "--workspace", workspace).ExitCode.ShouldBe(0);
        File.ReadAllText(real).ShouldNotContain("\"synthetic\": true");
    }
}

/// <summary>Issue 13, item 26: the demo rebuilds only a folder it made, says so, and refuses any other non-empty folder.</summary>
[Collection(CliCollection.Name)]
public class DemoFolderTests
{
    [Fact]
    public void A_non_empty_folder_the_demo_did_not_make_is_refused_and_left_as_it_was()
    {
        var folder = Cli.NewWorkspace();
        var notes = Path.Combine(folder, "my-notes.txt");
        File.WriteAllText(notes, "interview notes (synthetic)");

        var result = Cli.Run("demo", "--no-serve", "--workspace", folder);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("is not empty and was not made by `dossier demo`");
        Directory.EnumerateFileSystemEntries(folder).ShouldBe([notes]);
        File.ReadAllText(notes).ShouldBe("interview notes (synthetic)");
    }

    [Fact]
    public void Running_the_demo_twice_says_it_rebuilds_and_keeps_other_files()
    {
        var folder = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", folder).ExitCode.ShouldBe(0);
        var statement = Path.Combine(folder, "statement.txt");
        File.WriteAllText(statement, "statement (synthetic)");
        Cli.Run("evidence", "add", statement, "--collector", "A (synthetic)", "--collected-at", "2023-05-04T10:00:00Z", "--zone", "UTC",
            "--method", "download", "--workspace", folder).ExitCode.ShouldBe(0);

        var again = Cli.Run("demo", "--no-serve", "--workspace", folder);

        again.ExitCode.ShouldBe(0, again.All);
        again.Output.ShouldStartWith($"Rebuilding the demo workspace in {folder} (made by an earlier `dossier demo`)");
        File.ReadAllText(statement).ShouldBe("statement (synthetic)");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(statement)));
        File.Exists(Path.Combine(folder, "blobs", hash[..2], hash[2..])).ShouldBeFalse("the old demo's vault went with its database");
        var verify = Cli.Run("verify", "--workspace", folder);
        verify.ExitCode.ShouldBe(0, verify.All);
        verify.Output.ShouldNotContain("note:");
    }
}
