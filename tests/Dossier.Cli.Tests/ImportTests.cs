using Dossier.Storage;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class ImportTests
{
    private const string Header = "format: dossier-workspace\nversion: 1\nrecords:\n";

    private const string GoodSource = """
          - kind: source
            id: s1
            title: A report
            type: ngo-report
            provenance: an NGO
            reliability: b

        """;

    private static (string Workspace, string File) Prepare(string content, string extension = ".yaml")
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "input" + extension);
        File.WriteAllText(file, content);
        return (workspace, file);
    }

    [Fact]
    public void A_valid_file_is_imported_and_searchable()
    {
        var (workspace, file) = Prepare(Header + GoodSource + """
              - kind: person
                id: p1
                names:
                  - { text: Mostafa Pour-Mohammadi, script: Latn, kind: full }
                  - { text: مصطفی پورمحمدی, script: Arab, kind: full }
                sources: [s1]
                born: "1959"
            """);

        Cli.Run("import", file, "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.LedgerSize(workspace).ShouldBe(2);
        Cli.Run("search", "Pourmohammadi", "--workspace", workspace).Output.ShouldContain("p1");
    }

    [Fact]
    public void Bad_yaml_syntax_names_the_line_and_writes_nothing()
    {
        var (workspace, file) = Prepare(Header + GoodSource + "  - kind: person\n    id: [unclosed\n");

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.yaml:");
        result.Error.ShouldContain("not valid JSON or YAML");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void Bad_json_is_rejected_with_its_line()
    {
        var (workspace, file) = Prepare("{\n \"format\": \"dossier-workspace\",\n \"version\": 1,\n \"records\": [\n {\"kind\": \"source\",, }\n]}\n", ".json");

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.json:5");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_with_line_and_field_and_nothing_is_written()
    {
        var content = Header + GoodSource + """
              - kind: person
                id: p1
                names: [{ text: A Person, script: Latn, kind: full }]
                sources: [s-missing]
              - kind: person
                id: p2
                names: [{ text: B Person, script: Latn, kind: full }]
                born: "1988-02-30"
              - kind: person
                id: p3
                nickname: unknown field
                names: [{ text: C Person, script: Latn, kind: full }]
              - kind: source
                id: s1
                title: Duplicate id
                type: ngo-report
                provenance: x
            """;
        var (workspace, file) = Prepare(content);
        var lines = content.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"input.yaml:{LineOf("sources: [s-missing]")}: p1.sources: refers to 's-missing', which does not exist");
        result.Error.ShouldContain($"input.yaml:{LineOf("1988-02-30")}: records[2].born");
        result.Error.ShouldContain($"input.yaml:{LineOf("nickname")}: records[3].nickname");
        result.Error.ShouldContain("used twice");
        result.Error.ShouldContain("nothing was imported");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void An_alias_bomb_exits_1_naming_file_line_and_field_and_writes_nothing()
    {
        var bomb = "bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 7).Select(i =>
            $"  a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n"));
        var (workspace, file) = Prepare(Header + GoodSource + bomb);

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.yaml:17: bomb.a6[2]: with its aliases expanded the file holds more than 2,000,000 values");
        result.Error.ShouldNotContain("   at ");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void A_hundred_thousand_nested_brackets_in_json_exit_1_and_write_nothing()
    {
        var (workspace, file) = Prepare("{\"format\": \"dossier-workspace\", \"version\": 1,\n\"records\": " + new string('[', 100_000) + new string(']', 100_000) + "}\n", ".json");

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.json:2: records[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: lists and mappings are nested more than 32 deep");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void An_unknown_field_names_the_valid_fields_and_every_error_of_a_record_is_listed()
    {
        var content = Header + GoodSource + """
              - kind: person
                id: p1
                nickname: Abbasi
                sex: robot
                names: [{ text: A Person, script: Latn, kind: full }]
            """;
        var (workspace, file) = Prepare(content);

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.yaml:12: records[1].nickname: unknown field; a person has the fields: kind, names, aliases, sex, born, died, description, id, classification, sources, synthetic, notes");
        result.Error.ShouldContain("input.yaml:13: records[1].sex: must be one of: unknown, female, male");
        result.Error.ShouldNotContain(".NET");
        result.Error.ShouldNotContain("Abbasi");
        result.Error.ShouldContain("2 error(s); nothing was imported.");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_without_being_read()
    {
        var (workspace, file) = Prepare(Header);
        using (var stream = File.OpenWrite(file))
        {
            stream.SetLength(4L * Dossier.Application.Exchange.ImportLimits.MaxCharacters + 1); // sparse: no disk space, nothing to read
        }

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("input.yaml:1: $: the file is larger than 64 Mi characters");
        Cli.LedgerSize(workspace).ShouldBe(0);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace);
        var file = Path.Combine(workspace, "latin1.yaml");
        File.WriteAllBytes(file, [.. System.Text.Encoding.ASCII.GetBytes(Header + "  - kind: source\n    id: s\n    title: caf"), 0xE9, (byte)'\n']);

        var result = Cli.Run("import", file, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("not valid UTF-8");
    }

    [Fact]
    public void Export_then_import_into_an_empty_workspace_gives_the_same_records()
    {
        var source = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", source).ExitCode.ShouldBe(0);
        var exported = Path.Combine(source, "export.yaml");
        Cli.Run("export", "--out", exported, "--include-synthetic", "--workspace", source).ExitCode.ShouldBe(0);

        var target = Cli.NewWorkspace();
        // The demo's protected-identity records (W-001 …) need an investigator's or legal's account to write.
        Cli.Run("init", "--workspace", target).ExitCode.ShouldBe(0);
        var investigator = Cli.AccountToken(target, "ines", "investigator");
        Cli.Run("import", exported, "--token", investigator, "--workspace", target).ExitCode.ShouldBe(0);
        var again = Path.Combine(target, "export.yaml");
        Cli.Run("export", "--out", again, "--include-synthetic", "--workspace", target).ExitCode.ShouldBe(0);

        File.ReadAllText(again).ShouldBe(File.ReadAllText(exported));
        File.ReadAllText(exported).ShouldContain("حمید نوری");
        File.Exists(Path.Combine(target, WorkspaceStores.SqliteFileName)).ShouldBeTrue();
    }
}
