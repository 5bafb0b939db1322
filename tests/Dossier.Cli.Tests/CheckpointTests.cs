namespace Dossier.Cli.Tests;

#pragma warning disable CA1416 // Key files are protected with Unix modes; the tests run on Linux.

[Collection(CliCollection.Name)]
public class CheckpointTests
{
    private static string Records(params string[] ids) =>
        "format: dossier-workspace\nversion: 1\nrecords:\n" + string.Concat(ids.Select(id =>
            $"  - kind: source\n    id: {id}\n    title: Source {id}\n    type: ngo-report\n    provenance: test\n"));

    private static string Import(string workspace, params string[] ids)
    {
        var file = Path.Combine(workspace, $"import-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Records(ids));
        Cli.Run("import", file, "--workspace", workspace).ExitCode.ShouldBe(0);
        return file;
    }

    [Fact]
    public void Init_creates_an_owner_only_key_and_key_show_prints_its_verifier()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var keyFile = Path.Combine(workspace, "keys", "checkpoint.key");
        File.Exists(keyFile).ShouldBeTrue();
        (File.GetUnixFileMode(keyFile) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)).ShouldBe(UnixFileMode.None);
        var show = Cli.Run("key", "show", "--workspace", workspace);
        show.ExitCode.ShouldBe(0);
        show.Output.Trim().ShouldStartWith("dossier/");
        show.Output.Trim().ShouldMatch(@"^dossier/[0-9a-f]{12}\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$");
    }

    [Fact]
    public void A_ledger_that_grew_extends_its_earlier_checkpoint()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace);
        Import(workspace, "a", "b", "c");
        var old = Path.Combine(workspace, "old.checkpoint");
        var checkpoint = Cli.Run("checkpoint", "--out", old, "--workspace", workspace);
        checkpoint.ExitCode.ShouldBe(0);
        checkpoint.Output.ShouldContain("\n3\n");
        Import(workspace, "d", "e", "f", "g", "h");

        var verify = Cli.Run("verify", "--since", old, "--workspace", workspace);

        verify.ExitCode.ShouldBe(0);
        verify.Output.ShouldContain("extends the checkpoint of 3");
    }

    [Fact]
    public void A_rewritten_history_does_not_extend_the_checkpoint_even_when_every_hash_is_recomputed()
    {
        var original = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", original);
        Import(original, "a", "b", "c");
        var old = Path.Combine(original, "old.checkpoint");
        Cli.Run("checkpoint", "--out", old, "--workspace", original).ExitCode.ShouldBe(0);

        // The same key, a ledger rebuilt from scratch with one record changed: internally consistent.
        var forged = Cli.NewWorkspace();
        Directory.CreateDirectory(Path.Combine(forged, "keys"));
        File.Copy(Path.Combine(original, "keys", "checkpoint.key"), Path.Combine(forged, "keys", "checkpoint.key"));
        File.SetUnixFileMode(Path.Combine(forged, "keys", "checkpoint.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Cli.Run("init", "--workspace", forged);
        Import(forged, "a", "b-rewritten", "c", "d");
        Cli.Run("verify", "--workspace", forged).ExitCode.ShouldBe(0);

        var verify = Cli.Run("verify", "--since", old, "--workspace", forged);

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("does not extend the checkpoint of 3");
    }

    [Fact]
    public void A_checkpoint_signed_by_another_key_is_refused()
    {
        var one = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", one);
        Import(one, "a");
        var note = Path.Combine(one, "one.checkpoint");
        Cli.Run("checkpoint", "--out", note, "--workspace", one).ExitCode.ShouldBe(0);
        var other = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", other);
        Import(other, "a");

        var verify = Cli.Run("verify", "--since", note, "--workspace", other);

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("signature");
    }
}
