using Dossier.Storage;
using Microsoft.Data.Sqlite;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class LedgerTests
{
    private static string DemoWorkspace()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(0);
        return workspace;
    }

    private static void Execute(string workspace, string sql, params (string, object)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace, WorkspaceStores.SqliteFileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static byte[] EntryBytes(string workspace, long seq)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace, WorkspaceStores.SqliteFileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select bytes from ledger_entries where seq = @s";
        command.Parameters.AddWithValue("@s", seq);
        return (byte[])command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData(0L, 10)]
    [InlineData(17L, 40)]
    [InlineData(60L, 5)]
    public void Changing_one_byte_of_a_stored_entry_makes_verify_name_that_entry(long seq, int offset)
    {
        var workspace = DemoWorkspace();
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
        var bytes = EntryBytes(workspace, seq);
        bytes[offset] ^= 0x01;

        Execute(workspace, "update ledger_entries set bytes = @b where seq = @s", ("@b", bytes), ("@s", seq));
        var result = Cli.Run("verify", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"The first altered entry is #{seq}.");
    }

    [Fact]
    public void Rewriting_an_entry_together_with_its_leaf_hash_is_caught_by_the_stored_roots()
    {
        var workspace = DemoWorkspace();
        var bytes = EntryBytes(workspace, 3);
        bytes[12] ^= 0x02;
        var leaf = Dossier.Ledger.Merkle.MerkleHash.Leaf(bytes);

        Execute(workspace, "update ledger_entries set bytes = @b, leaf_hash = @l where seq = 3", ("@b", bytes), ("@l", leaf));
        var result = Cli.Run("verify", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("tree head at size");
    }

    [Fact]
    public void A_deleted_entry_is_reported_as_missing()
    {
        var workspace = DemoWorkspace();

        Execute(workspace, "delete from ledger_entries where seq = 5");
        var result = Cli.Run("verify", "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("entry 5: missing");
    }

    [Fact]
    public void Rebuild_restores_a_damaged_projection_from_the_ledger()
    {
        var workspace = DemoWorkspace();
        Execute(workspace, "delete from records where id = 'hamid-noury'; delete from search_index where record_id = 'hamid-noury'");
        Cli.Run("show", "hamid-noury", "--workspace", workspace).ExitCode.ShouldBe(1);

        Cli.Run("rebuild", "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.Run("show", "hamid-noury", "--workspace", workspace).Output.ShouldContain("حمید نوری");
        Cli.Run("search", "Nouri", "--workspace", workspace).Output.ShouldContain("hamid-noury");
    }
}
