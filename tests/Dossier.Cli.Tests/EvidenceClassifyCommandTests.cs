using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Storage;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>`dossier evidence classify` (ADR 1817): raise or lower an item's classification, on both databases.</summary>
[Collection(CliCollection.Name)]
public class EvidenceClassifyCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Classify_raises_an_item_names_the_field_of_each_error_and_records_nothing_twice(string database)
    {
        var workspace = Cli.NewWorkspace();
        var connection = await TestDatabases.NewAsync(database);
        await using (await WorkspaceStores.OpenAsync(workspace, connection, CancellationToken.None))
        {
        }

        string[] At(params string[] args) => connection is null ? [.. args, "--workspace", workspace] : [.. args, "--workspace", workspace, "--database", connection];
        var file = Path.Combine(workspace, "photo.jpg");
        File.WriteAllBytes(file, SyntheticJpeg.WithGps(variant: 6));
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var added = Cli.Run(At("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00", "--zone", "Europe/Tirane",
            "--method", "handed over on USB"));
        added.ExitCode.ShouldBe(0, added.All);
        var admin = Cli.Run(At("user", "add", "boss", "--role", "admin", "--with-token"));
        admin.ExitCode.ShouldBe(0, admin.All);
        string TokenOf(string name, string role)
        {
            var account = Cli.Run(At("user", "add", name, "--role", role, "--with-token", "--token", Cli.TokenIn(admin.Output, "boss")));
            account.ExitCode.ShouldBe(0, account.All);
            return Cli.TokenIn(account.Output, name);
        }

        var investigator = TokenOf("ines", "investigator");
        var analyst = TokenOf("ali", "analyst");

        var raised = Cli.Run(At("evidence", "classify", hash, "--classification", "restricted", "--reason", "the photo shows a bystander's face"));
        var size = Cli.LedgerSize(At());
        var again = Cli.Run(At("evidence", "classify", hash, "--classification", "restricted", "--reason", "again"));
        var noReason = Cli.Run(At("evidence", "classify", hash, "--classification", "internal"));
        var unknownLevel = Cli.Run(At("evidence", "classify", hash, "--classification", "secret", "--reason", "r"));
        // The local operator may not write protected-identity (docs/threat-model.md); an investigator may.
        var localProtected = Cli.Run(At("evidence", "classify", hash, "--classification", "protected-identity", "--reason", "identifies a witness"));
        var protectedByInvestigator = Cli.Run(At("evidence", "classify", hash, "--classification", "protected-identity", "--reason", "identifies a witness", "--token", investigator));

        raised.ExitCode.ShouldBe(0, raised.All);
        raised.Output.ShouldContain($"{hash} (photo.jpg) is restricted from entry #");
        again.ExitCode.ShouldBe(0, again.All);
        again.Output.ShouldContain("is restricted already; nothing was recorded");
        noReason.ExitCode.ShouldBe(1);
        noReason.Error.ShouldContain("reason");
        noReason.Error.ShouldContain("Nothing was recorded.");
        unknownLevel.ExitCode.ShouldBe(2);
        unknownLevel.Error.ShouldContain("--classification: 'secret' is not one of public, internal, restricted, protected-identity");
        localProtected.ExitCode.ShouldBe(1);
        localProtected.Error.ShouldContain("classification");
        protectedByInvestigator.ExitCode.ShouldBe(0, protectedByInvestigator.All);
        // again, noReason, unknownLevel: nothing; the local operator's refusal: one access.denied; the investigator's change: one.
        Cli.LedgerSize(At()).ShouldBe(size + 2);

        var show = JsonDocument.Parse(Cli.Run(At("evidence", "show", hash)).Output).RootElement;
        show.GetProperty("item").GetProperty("classification").GetString().ShouldBe("protected-identity");
        var steps = show.GetProperty("custody").EnumerateArray().ToList();
        steps.Select(c => c.GetProperty("action").GetString()).ShouldBe(["acquire", "classify", "classify"]);
        steps[1].GetProperty("reason").GetString().ShouldBe("the photo shows a bystander's face");

        // Above the analyst now: `evidence show` and `evidence list` with their token do not know it.
        var hidden = Cli.Run(At("evidence", "show", hash, "--token", analyst));
        hidden.ExitCode.ShouldBe(1);
        hidden.Error.ShouldContain($"no evidence item {hash}");
        hidden.Output.ShouldNotContain("photo.jpg");
        Cli.Run(At("evidence", "list", "--token", analyst)).Output.ShouldNotContain(hash);
        Cli.Run(At("evidence", "list", "--token", investigator)).Output.ShouldContain(hash);
    }
}
