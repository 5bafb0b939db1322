using System.Security.Cryptography;
using Dossier.Storage;
using Dossier.Testing;
using Microsoft.Data.Sqlite;

namespace Dossier.Cli.Tests;

/// <summary>
/// The tamper matrix on a whole workspace: each kind of change — a stored file byte, an entry byte, a stored
/// Merkle node byte, a checkpoint byte, a deleted entry, two swapped entries, a deleted file — makes
/// `dossier verify` exit 1 and name what was altered.
/// </summary>
[Collection(CliCollection.Name)]
public class WorkspaceVerifyTests
{
    private sealed record Evidence(string Workspace, string Photo, string Statement);

    private static Evidence WorkspaceWithCustody()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var photo = Path.Combine(workspace, "site-photo.jpg");
        File.WriteAllBytes(photo, SyntheticJpeg.WithGps());
        var statement = Path.Combine(workspace, "statement.txt");
        File.WriteAllText(statement, "witness statement (synthetic test data)");
        Cli.Run("evidence", "add", photo, statement, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--zone", "Europe/Tirane", "--location", "Durrës", "--method", "handed over on USB", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("checkpoint", "--workspace", workspace).ExitCode.ShouldBe(0);
        var (photoHash, statementHash) = (Hash(photo), Hash(statement));
        Cli.Run("evidence", "custody", photoHash, statementHash, "--action", "transfer", "--to", "Prosecutor B (synthetic)", "--reason", "trial",
            "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("checkpoint", "--workspace", workspace).ExitCode.ShouldBe(0);
        return new Evidence(workspace, photoHash, statementHash);
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static SqliteConnection Open(string workspace)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(workspace, WorkspaceStores.SqliteFileName)};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object Scalar(string workspace, string sql)
    {
        using var connection = Open(workspace);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }

    private static void Execute(string workspace, string sql, params (string, object)[] parameters)
    {
        using var connection = Open(workspace);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static CliResult Verify(string workspace) => Cli.Run("verify", "--workspace", workspace);

    [Fact]
    public void An_untouched_workspace_verifies_its_files_checkpoints_and_nodes()
    {
        var evidence = WorkspaceWithCustody();

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(0, result.All);
        result.Output.ShouldContain("OK: 3 entries");
        result.Output.ShouldContain("2 of 2 kept checkpoint(s)");
        result.Output.ShouldContain("2 evidence file(s)");
    }

    [Fact]
    public void A_changed_byte_in_a_stored_file_names_the_file_and_its_acquisition_entry()
    {
        var evidence = WorkspaceWithCustody();
        var path = Path.Combine(evidence.Workspace, "blobs", evidence.Statement[..2], evidence.Statement[2..]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[5] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"evidence file {evidence.Statement} ('statement.txt', acquired in entry 1): altered");
        Cli.Run("evidence", "show", evidence.Statement, "--workspace", evidence.Workspace).Output.ShouldContain("\"integrity\": \"altered\"");
    }

    [Fact]
    public void A_deleted_stored_file_is_named_as_missing()
    {
        var evidence = WorkspaceWithCustody();
        File.Delete(Path.Combine(evidence.Workspace, "blobs", evidence.Photo[..2], evidence.Photo[2..]));

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"evidence file {evidence.Photo} ('site-photo.jpg', acquired in entry 0): missing");
    }

    [Fact]
    public void A_changed_byte_in_an_entry_names_the_entry_and_the_checkpoints_it_breaks()
    {
        var evidence = WorkspaceWithCustody();
        var bytes = (byte[])Scalar(evidence.Workspace, "select bytes from ledger_entries where seq = 2");
        bytes[12] ^= 0x01;
        Execute(evidence.Workspace, "update ledger_entries set bytes = @b where seq = 2", ("@b", bytes));

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("entry 2: its bytes do not match its stored leaf hash");
        result.Error.ShouldContain("checkpoint 2 (size 3)");
        result.Error.ShouldContain("The first altered entry is #2.");
    }

    [Fact]
    public void A_changed_byte_in_a_stored_node_hash_names_its_level_and_index()
    {
        var evidence = WorkspaceWithCustody();
        var hash = (byte[])Scalar(evidence.Workspace, "select hash from merkle_nodes where level = 1 and idx = 0");
        hash[0] ^= 0x80;
        Execute(evidence.Workspace, "update merkle_nodes set hash = @h where level = 1 and idx = 0", ("@h", hash));

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("stored subtree hash at level 1, index 0 (entries 0–1) differs from the recomputed one");
    }

    [Fact]
    public void A_changed_byte_in_a_kept_checkpoint_names_that_checkpoint()
    {
        var evidence = WorkspaceWithCustody();
        var note = (string)Scalar(evidence.Workspace, "select note from checkpoints where size = 2");
        // The tree size line: "2" becomes "3", a checkpoint the key never signed.
        var altered = note.Replace("\n2\n", "\n3\n", StringComparison.Ordinal);
        altered.ShouldNotBe(note);
        Execute(evidence.Workspace, "update checkpoints set note = @n where size = 2", ("@n", altered));

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("FAILED: checkpoint 1:");
    }

    [Fact]
    public void A_deleted_entry_is_named_as_missing()
    {
        var evidence = WorkspaceWithCustody();
        Execute(evidence.Workspace, "delete from ledger_entries where seq = 1");

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("entry 1: missing");
    }

    [Fact]
    public void Two_swapped_entries_are_both_named_even_with_their_leaf_hashes_swapped_too()
    {
        var evidence = WorkspaceWithCustody();
        using (var connection = Open(evidence.Workspace))
        using (var command = connection.CreateCommand())
        {
            // Swap bytes and leaf hashes of entries 0 and 1 (via a spare sequence number).
            command.CommandText = "update ledger_entries set seq = -1 where seq = 0; update ledger_entries set seq = 0 where seq = 1; update ledger_entries set seq = 1 where seq = -1;";
            command.ExecuteNonQuery();
        }

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("entry 0: it says it is entry 1");
        result.Error.ShouldContain("entry 1: it says it is entry 0");
        result.Error.ShouldContain("checkpoint 1 (size 2)");
    }

    [Fact]
    public async Task A_stored_file_without_its_entry_is_noted_but_not_counted_as_evidence()
    {
        var evidence = WorkspaceWithCustody();
        var store = new Dossier.Ledger.Blobs.BlobStore(evidence.Workspace);
        using (var orphan = new MemoryStream("stored, never recorded (synthetic)"u8.ToArray()))
        {
            await store.PutAsync(orphan);
        }

        var result = Verify(evidence.Workspace);

        result.ExitCode.ShouldBe(0, result.All);
        result.Output.ShouldContain("1 stored file(s) have no acquisition entry");
        result.Output.ShouldContain("2 evidence file(s)");
        Cli.Run("evidence", "list", "--workspace", evidence.Workspace).Output.Trim().Split('\n').Length.ShouldBe(2);
    }
}
