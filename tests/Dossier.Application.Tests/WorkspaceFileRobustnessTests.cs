using Dossier.Application.Exchange;
using Dossier.Testing;

namespace Dossier.Application.Tests;

/// <summary>
/// Hostile and careless workspace files (issue 13, items 16, 19b and 22): alias bombs, deep nesting, bad
/// keys, nulls where values are needed, unknown fields. Each gives errors with line and field that never
/// quote a value, and no exception.
/// </summary>
public class WorkspaceFileRobustnessTests
{
    private const string Header = "format: dossier-workspace\nversion: 1\n";

    private static WorkspaceFileContent Read(string text) => WorkspaceFile.Read("case.yaml", new StringReader(text));

    private static int LineOf(string text, string fragment) =>
        Array.FindIndex(text.Split('\n'), l => l.Contains(fragment, StringComparison.Ordinal)) + 1;

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_at_the_alias_that_overflows()
    {
        // 9 aliases per level, 7 levels: 9^7 ≈ 4.8 million values from a few hundred bytes.
        var levels = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 7; i++)
        {
            levels.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }

        var text = Header + "records: []\nbomb:\n" + string.Join('\n', levels.Select(l => "  " + l)) + "\n";
        text.Length.ShouldBeLessThan(600);

        var content = Read(text);

        var error = content.Errors.ShouldHaveSingleItem();
        // a5 holds about 600,000 values; the third *a5 in a6 (index 2) passes the cap of 2,000,000.
        error.Line.ShouldBe(LineOf(text, "a6: &a6"));
        error.Field.ShouldBe("bomb.a6[2]");
        error.Message.ShouldContain("aliases expanded");
        content.Records.ShouldBeEmpty();
    }

    [Fact]
    public void More_aliases_than_the_cap_are_refused()
    {
        var text = Header + "records: []\nanchor: &a x\nmany: [" + string.Join(", ", Enumerable.Repeat("*a", ImportLimits.MaxAliases + 1)) + "]\n";

        var error = Read(text).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe($"many[{ImportLimits.MaxAliases}]");
        error.Message.ShouldContain($"more than {ImportLimits.MaxAliases} aliases");
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused()
    {
        var text = Header + "records:\n  - &r [*r]\n";

        var error = Read(text).Errors.ShouldHaveSingleItem();

        (error.Line, error.Field).ShouldBe((4, "records[0][0]"));
        error.Message.ShouldContain("contains it");
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void A_hundred_thousand_nested_brackets_are_refused_without_overflowing_the_stack(string open, string close)
    {
        var text = Header + "records: []\ndeep: " + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n";

        var error = Read(text).Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(4);
        error.Field.ShouldStartWith("deep");
        error.Message.ShouldBe($"lists and mappings are nested more than {ImportLimits.MaxDepth} deep");
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_before_parsing()
    {
        var content = WorkspaceFile.Read("huge.yaml", new EndlessReader());

        var error = content.Errors.ShouldHaveSingleItem();
        (error.Line, error.Field).ShouldBe((1, "$"));
        error.Message.ShouldContain("larger than 64 Mi characters");
    }

    [Theory]
    [InlineData("    ~: x\n", "records[0].?", "a field name is empty")]
    [InlineData("    \"\": x\n", "records[0].?", "a field name is empty")]
    [InlineData("    ? [a, b]\n    : x\n", "records[0].?", "not a list or mapping")]
    [InlineData("    title: again\n", "records[0].title", "the field is given twice")]
    public void Bad_field_names_are_errors_with_line_and_field(string line, string field, string message)
    {
        var text = Header + "records:\n  - kind: source\n    id: s1\n    title: A report\n    type: ngo-report\n    provenance: x\n" + line;

        var error = Read(text).Errors.ShouldHaveSingleItem();

        (error.Line, error.Field).ShouldBe((9, field));
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void An_unknown_field_lists_the_fields_of_that_kind_in_words_not_dotnet_types()
    {
        var text = Header + "records:\n  - kind: person\n    id: p1\n    nickname: Abbasi\n    names: [{ text: A Person, script: Latn, kind: full, spelling: x }]\n";

        var errors = Read(text).Errors;

        errors.Count.ShouldBe(2);
        errors[0].ToString().ShouldBe("case.yaml:6: records[0].nickname: unknown field; a person has the fields: kind, names, aliases, sex, born, died, description, id, classification, sources, synthetic, notes");
        errors[1].ToString().ShouldBe("case.yaml:7: records[0].names[0].spelling: unknown field; the fields of names are: text, script, kind");
        errors.ShouldAllBe(e => !e.Message.Contains(".NET") && !e.Message.Contains("Dossier."));
    }

    [Fact]
    public void Every_error_of_one_record_is_reported_not_only_the_first()
    {
        var text = Header + """
            records:
              - kind: person
                id: p1
                sex: robot
                born: 1988-02-30
                names: [{ text: A Person, script: Latn, kind: nickname }]
                aliases: { a: b }
              - kind: position
                id: pos1
                role: guard
            """;

        var errors = Read(text).Errors.Select(e => $"{e.Line}: {e.Field}: {e.Message}").ToList();

        errors.ShouldContain("6: records[0].sex: must be one of: unknown, female, male");
        errors.ShouldContain(e => e.StartsWith("7: records[0].born: is not a date: February 1988 has 29 days", StringComparison.Ordinal));
        errors.ShouldContain("8: records[0].names[0].kind: must be one of: full, given, family, father, alias");
        errors.ShouldContain("9: records[0].aliases: must be a list");
        errors.ShouldContain("10: records[1].personId: is required");
        errors.ShouldContain("10: records[1].organizationId: is required");
        errors.Count.ShouldBe(6);
    }

    [Theory]
    [InlineData("names: ~", "records[0].names", "must have a value")]
    [InlineData("names: [~]", "records[0].names[0]", "must have a value")]
    [InlineData("names: [{ text: ~, script: Latn }]", "records[0].names[0].text", "must have a value")]
    [InlineData("sources: [~]", "records[0].sources[0]", "must have a value")]
    [InlineData("born: 99999999999999999999", "records[0].born", "")]
    [InlineData("born: [1988]", "records[0].born", "")]
    public void Nulls_and_wrong_shapes_are_errors_not_crashes(string line, string field, string message)
    {
        var text = Header + $"records:\n  - kind: person\n    id: p1\n    {line}\n";

        var content = Read(text);

        content.Errors.ShouldContain(e => e.Field == field && e.Line == 6 && e.Message.Contains(message, StringComparison.Ordinal), string.Join('\n', content.Errors));
        content.Records.ShouldBeEmpty();
    }

    [Fact]
    public void Errors_never_quote_the_value_they_refuse()
    {
        var name = DemoSecrets.Names[0];
        var word = name.Split(' ')[0];
        var text = Header + $$"""
            records:
              - kind: person
                id: p1
                names: [{ text: A Person, script: Latn }]
                born: "{{name}} 1988"
                died: "{{name}}/1367"
            protectedIdentities:
              - category: witness
                identity:
                  names:
                    - { text: x, script: Latn, kind: {{word}} }
                  {{word}}: 1
            """;

        var errors = Read(text).Errors;

        errors.Count.ShouldBe(4, string.Join('\n', errors));
        errors.ShouldAllBe(e => !e.ToString().Contains(word));
        errors.ShouldContain(e => e.Field == "protectedIdentities[0].identity.(field)" && e.Line == 14);
    }

    /// <summary>An endless stream of 'a', to pass the size cap without a huge file on disk.</summary>
    private sealed class EndlessReader : TextReader
    {
        public override int Read(char[] buffer, int index, int count)
        {
            Array.Fill(buffer, 'a', index, count);
            return count;
        }
    }
}
