using System.Security.Cryptography;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>Evidence linked to what it proves, from the command line, on both databases (issue 12 §10).</summary>
[Collection(CliCollection.Name)]
public class EvidenceLinkTests
{
    private const string Records = """
        format: dossier-workspace
        version: 1
        records:
          - kind: source
            id: s-link
            title: Test source (synthetic)
            type: ngo-report
            provenance: test
          - kind: person
            id: p-link
            names:
              - { text: Test Person Synthetic, script: Latn, kind: full }
            sources: [s-link]
            synthetic: true
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_item_is_linked_at_pages_or_times_bad_links_write_nothing_and_a_replay_agrees(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(params string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        Cli.Run(At("init")).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "records.yaml");
        await File.WriteAllTextAsync(file, Records);
        var transcript = Path.Combine(workspace, "transcript.txt");
        await File.WriteAllTextAsync(transcript, "Transcript of an interview (synthetic test data).");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(transcript)));
        Cli.Run(At("evidence", "add", transcript, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--method", "handed over")).ExitCode.ShouldBe(0);
        Cli.Run(At("import", file)).ExitCode.ShouldBe(0);
        var size = Cli.LedgerSize(At());

        var onPages = Cli.Run(At("evidence", "link", hash, "p-link", "--pages", "3-5", "--reason", "names the person on pp. 3-5"));
        var inTime = Cli.Run(At("evidence", "link", hash, "s-link", "--relation", "contradicts", "--from", "01:02", "--to", "1:03:04", "--reason", "disputes the date"));

        onPages.ExitCode.ShouldBe(0, onPages.All);
        onPages.Output.ShouldContain("pp. 3–5");
        inTime.ExitCode.ShouldBe(0, inTime.All);
        inTime.Output.ShouldContain("00:01:02–01:03:04");
        Cli.LedgerSize(At()).ShouldBe(size + 2);

        foreach (var (args, message) in new (string[] Args, string Message)[]
        {
            (["--pages", "0"], "counting from 1"),
            (["--pages", "5-3"], "same or a later one"),
            (["--pages", "2", "--from", "00:10"], "not both"),
            (["--from", "12"], "hh:mm:ss"),
            (["--relation", "proves"], "supports, contradicts or mentions"),
        })
        {
            var bad = Cli.Run(At([.. (string[])["evidence", "link", hash, "p-link", "--reason", "x"], .. args]));
            bad.ExitCode.ShouldBe(1, string.Join(' ', args));
            bad.Error.ShouldContain(message);
        }

        Cli.Run(At("evidence", "link", hash, "nobody", "--reason", "x")).Error.ShouldContain("no record 'nobody'");
        Cli.Run(At("evidence", "link", new string('0', 64), "p-link", "--reason", "x")).Error.ShouldContain("no evidence item");
        Cli.LedgerSize(At()).ShouldBe(size + 2);
        var verified = Cli.Run(At("verify"));
        verified.ExitCode.ShouldBe(0, verified.All);
    }
}
