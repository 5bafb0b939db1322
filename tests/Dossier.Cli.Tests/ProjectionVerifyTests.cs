using System.Data.Common;
using Dossier.Storage;
using Dossier.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier verify` replays the ledger into scratch projections and compares them with the live tables, so
/// a change made in the database behind Dossier's back is named (table and row), and `rebuild` repairs it
/// (issue 12 §6). An empty database is never reported as a healthy workspace.
/// </summary>
[Collection(CliCollection.Name)]
public class ProjectionVerifyTests
{
    private const string Records = """
        format: dossier-workspace
        version: 1
        records:
          - kind: source
            id: s-test
            title: Test source (synthetic)
            type: ngo-report
            provenance: test
            classification: restricted
          - kind: person
            id: p-test
            names:
              - { text: Test Person Synthetic, script: Latn, kind: full }
            sources: [s-test]
            synthetic: true
        """;

    private sealed record Workspace(string Folder, string? Database)
    {
        public string[] Args(params string[] args) =>
            [.. args, "--workspace", Folder, .. Database is null ? Array.Empty<string>() : ["--database", Database]];

        public void Execute(string sql)
        {
            using DbConnection connection = Database is null
                ? new SqliteConnection($"Data Source={Path.Combine(Folder, WorkspaceStores.SqliteFileName)};Pooling=False")
                : new NpgsqlConnection(Database);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery().ShouldBeGreaterThan(0, sql);
        }
    }

    private static async Task<Workspace> UsedWorkspaceAsync(string database)
    {
        var workspace = new Workspace(Cli.NewWorkspace(), await TestDatabases.NewAsync(database));
        Cli.Run(workspace.Args("init")).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace.Folder, "records.yaml");
        await File.WriteAllTextAsync(file, Records);
        Cli.Run(workspace.Args("import", file, "--reason", "test data")).ExitCode.ShouldBe(0);
        Cli.Run(workspace.Args("user", "add", "sara", "--role", "investigator")).ExitCode.ShouldBe(0);
        var verified = Cli.Run(workspace.Args("verify"));
        verified.ExitCode.ShouldBe(0, verified.All);
        verified.Output.ShouldContain("every projected table equals a replay of the ledger");
        return workspace;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_classification_changed_in_the_database_fails_verify_and_rebuild_restores_it(string database)
    {
        var workspace = await UsedWorkspaceAsync(database);
        workspace.Execute("update records set classification = 'public' where id = 's-test'");

        var verify = Cli.Run(workspace.Args("verify"));

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the projection table 'records' differs");
        verify.Error.ShouldContain("s-test");
        Cli.Run(workspace.Args("verify", "--ledger-only")).ExitCode.ShouldBe(0);
        Cli.Run(workspace.Args("rebuild")).ExitCode.ShouldBe(0);
        Cli.Run(workspace.Args("verify")).ExitCode.ShouldBe(0);
        // The restricted source is hidden from anonymous search again: rebuild took the ledger's classification.
        Cli.Run(workspace.Args("show", "s-test")).Output.ShouldContain("restricted");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_account_role_raised_in_the_database_fails_verify_and_rebuild_restores_the_ledgers_role(string database)
    {
        var workspace = await UsedWorkspaceAsync(database);
        workspace.Execute("update accounts set role = 'admin' where name = 'sara'");

        var verify = Cli.Run(workspace.Args("verify"));

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the projection table 'accounts' differs");
        Cli.Run(workspace.Args("rebuild")).ExitCode.ShouldBe(0);
        Cli.Run(workspace.Args("user", "list")).Output.ShouldContain("investigator");
        Cli.Run(workspace.Args("user", "list")).Output.ShouldNotContain("admin");
        Cli.Run(workspace.Args("verify")).ExitCode.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Deleted_audit_rows_fail_verify(string database)
    {
        var workspace = await UsedWorkspaceAsync(database);
        workspace.Execute("delete from audit_log");

        var verify = Cli.Run(workspace.Args("verify"));

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the projection table 'audit_log' differs");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_emptied_ledger_is_reported_as_empty_never_as_ok(string database)
    {
        var workspace = await UsedWorkspaceAsync(database);
        workspace.Execute("delete from ledger_entries; delete from merkle_nodes; delete from tree_heads; delete from checkpoints");

        var verify = Cli.Run(workspace.Args("verify"));

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the ledger holds no entries");
        verify.All.ShouldNotContain("OK:");
    }

    [Fact]
    public void A_zero_byte_database_file_is_reported_as_empty()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        SqliteConnection.ClearAllPools();
        File.WriteAllBytes(Path.Combine(workspace, WorkspaceStores.SqliteFileName), []);
        File.Delete(Path.Combine(workspace, WorkspaceStores.SqliteFileName + "-wal"));

        var verify = Cli.Run("verify", "--workspace", workspace);

        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the ledger holds no entries");
    }
}
