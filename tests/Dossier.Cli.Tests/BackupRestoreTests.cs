using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Cli.Commands;
using Dossier.Demo;
using Dossier.Storage;
using Dossier.Storage.Backup;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// <c>dossier backup</c> and <c>restore</c> on real SQLite files and a real PostgreSQL: the demo workspace (case,
/// sealed witnesses, lists, linkage, an estimate, accounts) plus an evidence file with custody and a linkage decision.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class BackupRestoreTests : IDisposable
{
    private const string Passphrase = "a test passphrase, not secret";
    private readonly string? _previous = Environment.GetEnvironmentVariable(WorkspaceBackup.PassphraseVariable);

    public BackupRestoreTests() => Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, Passphrase);

    public void Dispose() => Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, _previous);

    private sealed record Source(string Workspace, string? Database, IReadOnlyList<(string Name, Role Role, string Password, string Token)> Accounts, string EvidenceHash)
    {
        public string[] At(params string[] args) => Database is null ? [.. args, "--workspace", Workspace] : [.. args, "--workspace", Workspace, "--database", Database];

        public string Token(Role role) => Accounts.Single(a => a.Role == role).Token;
    }

    private static string[] At(string workspace, string? database, params string[] args) =>
        database is null ? [.. args, "--workspace", workspace] : [.. args, "--workspace", workspace, "--database", database];

    private static async Task<Source> BuildAsync(string database)
    {
        var workspace = Cli.NewWorkspace();
        var connection = await TestDatabases.NewAsync(database);
        IReadOnlyList<(string, Role, string, string)> accounts;
        await using (var store = await WorkspaceStores.OpenAsync(workspace, connection, CancellationToken.None))
        {
            WorkspaceKey.EnsureCreated(workspace);
            (await DemoWorkspace.BuildAsync(store, TimeProvider.System, TextWriter.Null, CancellationToken.None, MasterKeyStore.ForWorkspace(workspace))).ShouldBe(0);
            accounts = await DemoAccounts.CreateAsync(AccountCommands.Service(store), CancellationToken.None);
        }

        var source = new Source(workspace, connection, accounts, string.Empty);
        var file = Path.Combine(workspace, "statement.txt");
        await File.WriteAllTextAsync(file, "SYNTHETIC witness statement, for the backup test\n");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file)));
        Cli.Run(source.At("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--zone", "Europe/Stockholm", "--location", "Stockholm", "--method", "handed over on USB")).ExitCode.ShouldBe(0);
        var custody = Cli.Run(source.At("evidence", "custody", hash, "--action", "transfer", "--to", "Prosecutor (synthetic)", "--reason", "for the hearing"));
        custody.ExitCode.ShouldBe(0, custody.All);
        // An ingested letter: its text's pages are indexed from the vault, which a backup holds after the ledger.
        var letter = Path.Combine(workspace, "letter.html");
        await File.WriteAllTextAsync(letter, "<html><body><p>SYNTHETIC letter for the backup test: حمید نوری در ۸ مرداد ۱۳۶۷.</p></body></html>");
        var ingest = Cli.Run(source.At("ingest", letter, "--zone", "UTC", "--classification", "internal"));
        ingest.ExitCode.ShouldBe(0, ingest.All);
        var status = Cli.Run(source.At("list", "status"));
        var pair = status.Output.Split('\n').First(l => l.Contains(" ~ ", StringComparison.Ordinal)).Trim().Split(' ');
        var decided = Cli.Run(source.At("list", "decide", pair[0], pair[2], "accept", "--reason", "same father's name"));
        decided.ExitCode.ShouldBe(0, decided.All);
        return source with { EvidenceHash = hash };
    }

    private static async Task<(string Root, string Dump)> StateOfAsync(string workspace, string? database)
    {
        await using var store = await WorkspaceStores.OpenAsync(workspace, database, CancellationToken.None);
        var head = await store.GetTreeHeadAsync(CancellationToken.None);
        return (head.RootHex, await store.DumpProjectionsAsync(CancellationToken.None));
    }

    private static string NewFolder() => Path.Combine(Cli.NewWorkspace(), "restored");

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_restored_workspace_has_the_same_root_projections_evidence_accounts_and_sealed_identities(string database)
    {
        var source = await BuildAsync(database);
        var before = await StateOfAsync(source.Workspace, source.Database);
        var file = Path.Combine(Cli.NewWorkspace(), "team.dbk");
        var backup = Cli.Run(source.At("backup", "--out", file, "--with-keys"));
        backup.ExitCode.ShouldBe(0, backup.All);
        backup.Output.ShouldContain(before.Root);

        var target = NewFolder();
        var targetDatabase = await TestDatabases.NewAsync(database);
        var restore = Cli.Run(At(target, targetDatabase, "restore", file));
        restore.ExitCode.ShouldBe(0, restore.All);
        var after = await StateOfAsync(target, targetDatabase);
        after.Root.ShouldBe(before.Root);
        after.Dump.ShouldBe(before.Dump);

        var verify = Cli.Run(At(target, targetDatabase, "verify"));
        verify.ExitCode.ShouldBe(0, verify.All);
        // The demo's two exhibits, the statement, the letter and its extracted text.
        verify.Output.ShouldContain("5 evidence file(s)");
        Cli.Run(At(target, targetDatabase, "search", "Nouri", "--kind", "document")).Output.ShouldContain("letter.html, p. 1: ");
        Cli.Run(At(target, targetDatabase, "evidence", "show", source.EvidenceHash)).Output.ShouldContain("Prosecutor (synthetic)");
        Cli.Run(At(target, targetDatabase, "list", "status")).Output.ShouldBe(Cli.Run(source.At("list", "status")).Output);

        // Password hashes came back: the account gets past its password; its token still acts in its role.
        await using (var store = await WorkspaceStores.OpenAsync(target, targetDatabase, CancellationToken.None))
        {
            var analyst = source.Accounts.Single(a => a.Role == Role.Analyst);
            (await AccountCommands.Service(store).CheckPasswordAsync(analyst.Name, analyst.Password, CancellationToken.None)).ShouldBe(SignInStep.Enrol);
            (await AccountCommands.Service(store).CheckPasswordAsync(analyst.Name, "not the password", CancellationToken.None)).ShouldNotBe(SignInStep.Enrol);
        }

        // The wrapped keys and the master key came back: an investigator can still open a sealed witness.
        var unseal = Cli.Run(At(target, targetDatabase, "identity", "unseal", "w-001", "--reason", "checking the restore", "--token", source.Token(Role.Investigator)));
        unseal.ExitCode.ShouldBe(0, unseal.Error);
    }

    [PostgresFact]
    public async Task A_field_laptops_sqlite_workspace_moves_to_postgresql_with_the_same_root()
    {
        var source = await BuildAsync(TestDatabases.Sqlite);
        var before = await StateOfAsync(source.Workspace, null);
        var file = Path.Combine(Cli.NewWorkspace(), "laptop.dbk");
        Cli.Run(source.At("backup", "--out", file)).ExitCode.ShouldBe(0);

        var target = NewFolder();
        var server = await TestDatabases.NewAsync(TestDatabases.Postgres);
        var restore = Cli.Run(At(target, server, "restore", file));
        restore.ExitCode.ShouldBe(0, restore.All);
        (await StateOfAsync(target, server)).Root.ShouldBe(before.Root);
        Cli.Run(At(target, server, "verify")).ExitCode.ShouldBe(0);
        // Without --with-keys no key file travels: the operator brings keys/ separately.
        Directory.Exists(Path.Combine(target, "keys")).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_damaged_or_altered_backup_is_refused_and_leaves_no_workspace(string database)
    {
        var source = await BuildAsync(TestDatabases.Sqlite);
        var file = Path.Combine(Cli.NewWorkspace(), "b.dbk");
        Cli.Run(source.At("backup", "--out", file)).ExitCode.ShouldBe(0);
        var parts = BackupFileContent.Read(file, Passphrase);

        async Task RefusedAsync(string backup, string expected)
        {
            var target = NewFolder();
            var targetDatabase = await TestDatabases.NewAsync(database);
            var restore = Cli.Run(At(target, targetDatabase, "restore", backup));
            restore.ExitCode.ShouldBe(1, restore.All);
            restore.Error.ShouldContain(Path.GetFileName(backup));
            restore.Error.ShouldContain(expected);
            Directory.Exists(target).ShouldBeFalse();
            if (targetDatabase is not null)
            {
                Cli.Run(At(target, targetDatabase, "verify")).Error.ShouldContain("the ledger holds no entries");
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }
            }
        }

        // One byte of the file changed: the encryption's authentication fails.
        var flipped = Path.Combine(Path.GetDirectoryName(file)!, "flipped.dbk");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(flipped, bytes);
        await RefusedAsync(flipped, "failed authentication");

        // One byte of one entry changed by someone who has the passphrase: the root no longer matches the manifest.
        var altered = Path.Combine(Path.GetDirectoryName(file)!, "altered.dbk");
        BackupFileContent.Write(altered, Passphrase, parts.Select(p => p.Name == "ledger.jsonl" ? (p.Name, AlterOneReason(p.Content)) : p));
        await RefusedAsync(altered, "but its manifest says");

        // The evidence file left out.
        var noBlob = Path.Combine(Path.GetDirectoryName(file)!, "no-blob.dbk");
        BackupFileContent.Write(noBlob, Passphrase, parts.Where(p => !(p.Name.StartsWith("blobs/", StringComparison.Ordinal) && p.Name.Contains(source.EvidenceHash, StringComparison.Ordinal))));
        await RefusedAsync(noBlob, $"the evidence file {source.EvidenceHash}, acquired in the ledger, is missing from the backup");

        // The wrong passphrase.
        Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, "another passphrase entirely");
        await RefusedAsync(file, "the passphrase is wrong");
    }

    private static byte[] WithCount(byte[] manifest, string table, long count)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(manifest)!;
        json["counts"]![table] = count;
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static byte[] AlterOneReason(byte[] ledger)
    {
        var text = Encoding.UTF8.GetString(ledger);
        var at = text.IndexOf("same father's name", StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0);
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), "S", text.AsSpan(at + 1)));
    }

    [Fact]
    public async Task Restore_refuses_a_folder_or_database_that_is_not_empty()
    {
        var source = await BuildAsync(TestDatabases.Sqlite);
        var file = Path.Combine(Cli.NewWorkspace(), "b.dbk");
        Cli.Run(source.At("backup", "--out", file)).ExitCode.ShouldBe(0);
        var before = await StateOfAsync(source.Workspace, null);

        var restore = Cli.Run(At(source.Workspace, null, "restore", file));
        restore.ExitCode.ShouldBe(1);
        restore.Error.ShouldContain("is not empty");
        (await StateOfAsync(source.Workspace, null)).Dump.ShouldBe(before.Dump);
    }

    [Fact]
    public async Task An_erasure_holds_after_a_restore_and_a_rotated_key_shuts_out_backups_taken_before_it()
    {
        var source = await BuildAsync(TestDatabases.Sqlite);
        var folder = Cli.NewWorkspace();
        var earlier = Path.Combine(folder, "earlier.dbk");
        Cli.Run(source.At("backup", "--out", earlier)).ExitCode.ShouldBe(0);
        var investigator = source.Token(Role.Investigator);
        var erase = Cli.Run(source.At("erase-identity", "w-001", "--reason", "the witness withdrew consent", "--token", investigator, "--rotate-key"));
        erase.ExitCode.ShouldBe(0, erase.All);
        var later = Path.Combine(folder, "later.dbk");
        Cli.Run(source.At("backup", "--out", later, "--with-keys")).ExitCode.ShouldBe(0);

        // A backup after the erasure: the identity stays erased; the others still open.
        var target = NewFolder();
        Cli.Run(At(target, null, "restore", later)).ExitCode.ShouldBe(0);
        Cli.Run(At(target, null, "identity", "unseal", "w-001", "--reason", "check", "--token", investigator)).Error.ShouldContain("erased");
        Cli.Run(At(target, null, "identity", "unseal", "w-002", "--reason", "check", "--token", investigator)).ExitCode.ShouldBe(0);

        // A backup whose key table still held the erased key (put back by hand): restore drops it, as the ledger's erasure says.
        var earlierKeys = BackupFileContent.Read(earlier, Passphrase).Single(p => p.Name == "state/identity_keys.json").Content;
        var forged = Path.Combine(folder, "forged.dbk");
        BackupFileContent.Write(forged, Passphrase, BackupFileContent.Read(later, Passphrase).Select(p => p.Name switch
        {
            "state/identity_keys.json" => (p.Name, earlierKeys),
            "manifest.json" => (p.Name, WithCount(p.Content, "identity_keys", 3)),
            _ => p,
        }));
        var forgedTarget = NewFolder();
        var restored = Cli.Run(At(forgedTarget, null, "restore", forged));
        restored.ExitCode.ShouldBe(0, restored.All);
        restored.Output.ShouldContain("1 wrapped identity key(s) of erased identities were not restored");
        Cli.Run(At(forgedTarget, null, "identity", "unseal", "w-001", "--reason", "check", "--token", investigator)).Error.ShouldContain("erased");

        // The backup taken before the erasure, restored with today's keys: the rotated master key opens none of its wrapped keys.
        var oldTarget = NewFolder();
        Cli.Run(At(oldTarget, null, "restore", earlier)).ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(oldTarget, "keys"));
        foreach (var key in Directory.EnumerateFiles(Path.Combine(source.Workspace, "keys")))
        {
            File.Copy(key, Path.Combine(oldTarget, "keys", Path.GetFileName(key)));
        }

        var old = Cli.Run(At(oldTarget, null, "identity", "unseal", "w-001", "--reason", "check", "--token", investigator));
        old.ExitCode.ShouldBe(1);
        old.Error.ShouldContain("is not available");
        Cli.Run(At(oldTarget, null, "identity", "unseal", "w-002", "--reason", "check", "--token", investigator)).Error.ShouldContain("is not available");
    }
}

/// <summary>The backup's snapshot while another writer appends, and the command's refusals before any work.</summary>
[Collection(CliCollection.Name)]
public sealed class BackupSnapshotTests : IDisposable
{
    private const string Passphrase = "another test passphrase";
    private readonly string? _previous = Environment.GetEnvironmentVariable(WorkspaceBackup.PassphraseVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, _previous);

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_backup_taken_while_a_writer_appends_is_of_one_moment_and_restores_to_its_root(string database)
    {
        var workspace = Cli.NewWorkspace();
        var connection = await TestDatabases.NewAsync(database);
        await using var store = await WorkspaceStores.OpenAsync(workspace, connection, CancellationToken.None);
        var audit = new AuditTrail(store, TimeProvider.System);
        await audit.ExportedAsync("local:test@host", null, "test", "first entry", CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested && written < 2000)
            {
                await audit.ExportedAsync("local:test@host", null, "test", $"entry {written++}", CancellationToken.None);
            }
        });

        var file = Path.Combine(Cli.NewWorkspace(), "online.dbk");
        var manifests = new List<BackupManifest>();
        for (var i = 0; i < 3; i++)
        {
            manifests.Add(await WorkspaceBackup.BackupAsync(store, workspace, file + i, Passphrase, withKeys: false, TimeProvider.System, CancellationToken.None));
        }

        await stop.CancelAsync();
        await writer;
        foreach (var (manifest, i) in manifests.Select((m, i) => (m, i)))
        {
            var target = Path.Combine(Cli.NewWorkspace(), "restored");
            var targetDatabase = await TestDatabases.NewAsync(database);
            var summary = await WorkspaceBackup.RestoreAsync(file + i, Passphrase, target, targetDatabase, CancellationToken.None);
            summary.Manifest.LedgerRoot.ShouldBe(manifest.LedgerRoot);
            await using var restored = await WorkspaceStores.OpenAsync(target, targetDatabase, CancellationToken.None);
            var head = await restored.GetTreeHeadAsync(CancellationToken.None);
            (head.Size, head.RootHex).ShouldBe((manifest.LedgerSize, manifest.LedgerRoot));
        }
    }

    [Fact]
    public void Backup_and_restore_refuse_to_run_without_a_passphrase_or_on_an_empty_ledger()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, null);
        var none = Cli.Run("backup", "--out", Path.Combine(workspace, "b.dbk"), "--workspace", workspace);
        none.ExitCode.ShouldBe(2);
        none.Error.ShouldContain(WorkspaceBackup.PassphraseVariable);

        Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, Passphrase);
        var empty = Cli.Run("backup", "--out", Path.Combine(workspace, "b.dbk"), "--workspace", workspace);
        empty.ExitCode.ShouldBe(1);
        empty.Error.ShouldContain("empty ledger");
        File.Exists(Path.Combine(workspace, "b.dbk")).ShouldBeFalse();

        // A backup is the file holder's (the local operator's), not an account's, not even an admin's.
        var admin = Cli.Run("backup", "--out", Path.Combine(workspace, "b.dbk"), "--token", Cli.AdminToken(workspace), "--workspace", workspace);
        admin.ExitCode.ShouldBe(1);
        admin.Error.ShouldContain("MaintainWorkspace is refused");
        File.Exists(Path.Combine(workspace, "b.dbk")).ShouldBeFalse();
    }

    [Fact]
    public void A_backup_cut_short_is_refused()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Environment.SetEnvironmentVariable(WorkspaceBackup.PassphraseVariable, Passphrase);
        Cli.Run("user", "add", "lead", "--role", "admin", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(Cli.NewWorkspace(), "b.dbk");
        Cli.Run("backup", "--out", file, "--workspace", workspace).ExitCode.ShouldBe(0);
        var bytes = File.ReadAllBytes(file);
        var cut = file + ".cut";
        File.WriteAllBytes(cut, bytes[..^21]);
        var target = Path.Combine(Cli.NewWorkspace(), "restored");
        var restore = Cli.Run("restore", cut, "--workspace", target);
        restore.ExitCode.ShouldBe(1);
        restore.Error.ShouldContain("b.dbk.cut: truncated");
        Directory.Exists(target).ShouldBeFalse();
    }
}
