using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary><c>dossier list identify</c> on both databases: a linked cluster of SYNTHETIC rows becomes one person record (issue 18 §6).</summary>
[Collection(CliCollection.Name)]
public class ListIdentifyCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_cluster_becomes_a_person_once_bad_requests_write_nothing_and_a_rebuild_agrees(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(params string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        Cli.Run(At("init")).ExitCode.ShouldBe(0);
        var folder = Path.Combine(workspace, "lists");
        Cli.Run("synth", "lists", "--people", "200", "--out", folder).ExitCode.ShouldBe(0);
        foreach (var file in Directory.GetFiles(folder, "*.csv").Where(f => !f.EndsWith("truth.csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Cli.Run(At("list", "import", file, "--source", "list-" + Path.GetFileNameWithoutExtension(file))).ExitCode.ShouldBe(0);
        }

        Cli.Run(At("list", "link")).ExitCode.ShouldBe(0);
        var row = "list-ngo/" + File.ReadLines(Directory.GetFiles(folder, "ngo*.csv").Single()).Skip(1).First().Split(',')[0];
        var size = Cli.LedgerSize(At());

        foreach (var (args, message) in new (string[] Args, string Message)[]
        {
            (["list-ngo/no-such-row"], "no list row"),
            ([row, "--person", "no-such-person"], "no person record"),
            ([row, "--id", "bad id!"], "not a valid id"),
            ([row, "--classification", "protected-identity"], "dossier identity seal"),
        })
        {
            var refused = Cli.Run(At(["list", "identify", .. args, "--reason", "test"]));
            refused.ExitCode.ShouldBe(1, refused.All);
            refused.Error.ShouldContain(message);
            refused.Error.ShouldContain("nothing was written");
        }

        Cli.LedgerSize(At()).ShouldBe(size);
        Cli.Run(At("list", "identify", row)).ExitCode.ShouldBe(2);

        var made = Cli.Run(At("list", "identify", row, "--id", "syn-victim-one", "--reason", "one victim on the lists"));

        made.ExitCode.ShouldBe(0, made.All);
        made.Output.ShouldContain("Created the person syn-victim-one (SYNTHETIC)");
        made.Output.ShouldContain(row);
        Cli.LedgerSize(At()).ShouldBe(size + 2);
        var twice = Cli.Run(At("list", "identify", row, "--reason", "again"));
        twice.ExitCode.ShouldBe(1);
        twice.Error.ShouldContain("already the person 'syn-victim-one'");
        var shown = Cli.Run(At("show", "syn-victim-one"));
        shown.ExitCode.ShouldBe(0, shown.All);
        shown.Output.ShouldContain("list-ngo");
        Cli.Run(At("list", "identify", row, "--settled", "--reason", "both?")).ExitCode.ShouldBe(2);
        Cli.Run(At("list", "identify", "--settled", "--id", "x", "--reason", "one id for all?")).ExitCode.ShouldBe(2);
        var before = Cli.LedgerSize(At());
        var settled = Cli.Run(At("list", "identify", "--settled", "--reason", "every settled cluster"));
        settled.ExitCode.ShouldBe(0, settled.All);
        var counts = System.Text.RegularExpressions.Regex.Match(settled.Output, @"Created ([\d,]+) person record\(s\).*Left alone: ([\d,]+) with a pair still to review, ([\d,]+) already identified");
        counts.Success.ShouldBeTrue(settled.Output);
        var people = int.Parse(counts.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        people.ShouldBeGreaterThan(50);
        counts.Groups[3].Value.ShouldBe("1");
        Cli.LedgerSize(At()).ShouldBe(before + (2 * people));
        var nothingLeft = Cli.Run(At("list", "identify", "--settled", "--reason", "again"));
        nothingLeft.Output.ShouldContain("Created 0 person record(s)");
        Cli.LedgerSize(At()).ShouldBe(before + (2 * people));
        Cli.Run(At("rebuild")).ExitCode.ShouldBe(0);
        Cli.Run(At("verify")).ExitCode.ShouldBe(0);
    }
}
