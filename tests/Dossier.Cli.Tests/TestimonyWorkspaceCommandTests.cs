using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier testimony report` on a workspace's interviews and statements, and exports that keep the witnesses'
/// consent — on both databases. The file is invented (SYNTHETIC); its answers are known by construction.
/// </summary>
[Collection(CliCollection.Name)]
public class TestimonyWorkspaceCommandTests
{
    private const string SealedWords = "Quellbrand counted the blindfolds twice before noon";

    private static string Records(string recording) => $$"""
        format: dossier-workspace
        version: 1
        records:
          - { kind: person, id: accused, names: [{ text: Accused (SYNTHETIC), script: Latn, kind: full }], synthetic: true }
          - { kind: person, id: wa, names: [{ text: Witness A (SYNTHETIC), script: Latn, kind: full }], synthetic: true }
          - { kind: person, id: wb, names: [{ text: Witness B (SYNTHETIC), script: Latn, kind: full }], synthetic: true }
          - { kind: allegation, id: al-1, text: The accused read the names (SYNTHETIC), accusedIds: [accused], synthetic: true }
          - kind: interview
            id: i-a
            witnessId: wa
            intermediary: SYNTHETIC network
            consent: { sharedWith: [team, prosecutors, public], for: [prosecution, publication] }
          - kind: interview
            id: i-b
            witnessId: wb
            intermediary: SYNTHETIC network
            consent: { sharedWith: [team, prosecutors], for: [prosecution] }
          - kind: interview
            id: i-p
            witnessId: w-001
            classification: restricted
            consent: { sharedWith: [team, prosecutors], for: [prosecution] }
            materials: [{ evidence: {{recording}}, role: recording, language: fa }]
          - kind: interview
            id: i-w
            witnessId: wb
            consent: { sharedWith: [team], for: [documentation], withdrawn: "2024-05-01" }
          - { kind: statement, id: s-a, interviewId: i-a, text: A guard read the names from a sheet., allegations: [{ allegationId: al-1, stance: supports }] }
          - { kind: statement, id: s-b, interviewId: i-b, text: The accused held the papers and called the men., allegations: [{ allegationId: al-1, stance: supports }] }
          - { kind: statement, id: s-p, interviewId: i-p, classification: restricted, text: {{SealedWords}}, allegations: [{ allegationId: al-1, stance: supports }] }
          - { kind: statement, id: s-w, interviewId: i-w, text: Withdrawn words of witness B., allegations: [{ allegationId: al-1, stance: contradicts }] }
        protectedIdentities:
          - id: w-001
            synthetic: true
            identity:
              names: [{ text: Zorvalin Quistremba, script: Latn, kind: full }]
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_report_counts_lines_and_exports_leave_out_what_the_witnesses_did_not_consent_to(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        Cli.Run([.. At(workspace, db, "init")]).ExitCode.ShouldBe(0);
        var token = Cli.InvestigatorToken(At(workspace, db));
        string[] As(params string[] args) => [.. At(workspace, db, args), "--token", token];
        var recording = Path.Combine(workspace, "recording.ogg");
        await File.WriteAllBytesAsync(recording, Encoding.ASCII.GetBytes("OggS SYNTHETIC recording bytes"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(recording)));
        Cli.Run(As("evidence", "add", recording, "--collector", "Investigator (SYNTHETIC)", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--method", "recorded at the interview", "--classification", "protected-identity")).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "testimony.yaml");
        await File.WriteAllTextAsync(file, Records(hash));

        var imported = Cli.Run(As("import", file));
        var text = Cli.Run(As("testimony", "report"));
        var json = Cli.Run(As("testimony", "report", "--allegation", "al-1", "--json"));
        var export = Path.Combine(workspace, "all.yaml");
        var all = Cli.Run(As("export", "--out", export));
        var published = Path.Combine(workspace, "public.yaml");
        var forPublic = Cli.Run(As("export", "--out", published, "--audience", "public", "--purpose", "publication"));
        var badAudience = Cli.Run(As("export", "--out", published, "--audience", "everyone", "--purpose", "publication"));
        var halfScope = Cli.Run(As("export", "--out", published, "--audience", "public"));

        imported.ExitCode.ShouldBe(0, imported.All);
        text.ExitCode.ShouldBe(0, text.All);
        // Two witnesses brought by one intermediary are one line; the protected witness is another; the withdrawn statement counts nowhere.
        text.Output.ShouldContain("supports: 3 statement(s) in 2 independent line(s)");
        text.Output.ShouldContain("s-a and s-b: same intermediary SYNTHETIC network");
        text.Output.ShouldContain("left out: s-w (withdrawn)");
        var report = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single();
        report.GetProperty("supports").GetProperty("lines").GetInt32().ShouldBe(2);
        report.GetProperty("contradicts").GetProperty("statements").GetInt32().ShouldBe(0);
        all.ExitCode.ShouldBe(0, all.All);
        all.Output.ShouldContain("Left out 1 statement(s)");
        var exported = await File.ReadAllTextAsync(export);
        exported.ShouldNotContain("Withdrawn words");
        exported.ShouldContain("id: s-p");
        exported.ShouldNotContain(SealedWords);
        exported.ShouldNotContain("ciphertext");
        forPublic.ExitCode.ShouldBe(0, forPublic.All);
        forPublic.Output.ShouldContain("Left out 3 statement(s)");
        (await File.ReadAllTextAsync(published)).ShouldContain("id: s-a");
        (await File.ReadAllTextAsync(published)).ShouldNotContain("id: s-b");
        (badAudience.ExitCode, halfScope.ExitCode).ShouldBe((2, 2));
        badAudience.Error.ShouldContain("--audience: 'everyone' is not one of");
        if (db is null)
        {
            Dossier.Storage.WorkspaceStores.ReleaseSqliteFiles();
            foreach (var part in Directory.EnumerateFiles(workspace, "dossier.db*"))
            {
                Encoding.UTF8.GetString(await File.ReadAllBytesAsync(part)).ShouldNotContain(SealedWords);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_recording_of_an_interview_whose_consent_was_withdrawn_leaves_in_no_bundle(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        Cli.Run([.. At(workspace, db, "init")]).ExitCode.ShouldBe(0);
        var token = Cli.InvestigatorToken(At(workspace, db));
        string[] As(params string[] args) => [.. At(workspace, db, args), "--token", token];
        var recording = Path.Combine(workspace, "withdrawn.ogg");
        await File.WriteAllBytesAsync(recording, Encoding.ASCII.GetBytes("OggS SYNTHETIC recording of a withdrawn interview"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(recording)));
        Cli.Run(As("evidence", "add", recording, "--collector", "Investigator (SYNTHETIC)", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--method", "recorded at the interview", "--classification", "restricted")).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "withdrawn.yaml");
        await File.WriteAllTextAsync(file, $$"""
            format: dossier-workspace
            version: 1
            records:
              - { kind: person, id: wx, names: [{ text: Witness X (SYNTHETIC), script: Latn, kind: full }], synthetic: true }
              - kind: interview
                id: i-x
                witnessId: wx
                classification: restricted
                consent: { sharedWith: [team, prosecutors], for: [prosecution], withdrawn: "2024-05-01" }
                materials: [{ evidence: {{hash}}, role: recording, language: fa }]
            """);
        Cli.Run(As("import", file)).ExitCode.ShouldBe(0);
        var bundle = Path.Combine(Cli.NewWorkspace(), "withdrawn.zip");

        var refused = Cli.Run(As("export", "bundle", "--items", hash, "--out", bundle));

        refused.ExitCode.ShouldBe(1, refused.All);
        refused.Error.ShouldContain("material of interview i-x, whose witness withdrew consent (2024-05-01)");
        File.Exists(bundle).ShouldBeFalse();
        // Nor is a redacted copy made of it, which could leave in its place.
        var redact = Cli.Run(As("evidence", "redact", hash, "--region", "1:0,0,1,1", "--reason", "a copy for the defence (synthetic)"));
        redact.ExitCode.ShouldBe(1, redact.All);
        redact.Error.ShouldContain("material of interview i-x, whose witness withdrew consent (2024-05-01): no copy is made of it");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_protected_witnesss_public_statement_is_refused_by_file_line_and_field_and_nothing_is_written(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        Cli.Run([.. At(workspace, db, "init")]).ExitCode.ShouldBe(0);
        var token = Cli.InvestigatorToken(At(workspace, db));
        var file = Path.Combine(workspace, "testimony.yaml");
        var lines = Records(new string('a', 64)).Replace("materials: [{ evidence: " + new string('a', 64) + ", role: recording, language: fa }]", "language: fa", StringComparison.Ordinal)
            .Replace("{ kind: statement, id: s-p, interviewId: i-p, classification: restricted,", "{ kind: statement, id: s-p, interviewId: i-p,", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, lines);
        var before = Cli.LedgerSize(At(workspace, db));

        var imported = Cli.Run([.. At(workspace, db, "import", file), "--token", token]);

        imported.ExitCode.ShouldBe(1, imported.All);
        var line = lines.Split('\n').Select((l, i) => (l, i + 1)).First(x => x.l.Contains("id: s-p", StringComparison.Ordinal)).Item2;
        imported.Error.ShouldContain($"testimony.yaml:{line}: s-p.classification");
        imported.Error.ShouldContain("never public");
        imported.All.ShouldNotContain(SealedWords);
        imported.All.ShouldNotContain("Zorvalin");
        Cli.LedgerSize(At(workspace, db)).ShouldBe(before);
    }

    private static string[] At(string workspace, string? db, params string[] args) =>
        [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
}
