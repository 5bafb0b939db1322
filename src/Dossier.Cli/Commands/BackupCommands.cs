using System.CommandLine;
using System.Globalization;
using Dossier.Storage.Backup;

namespace Dossier.Cli.Commands;

/// <summary><c>backup</c> and <c>restore</c>: the whole workspace, encrypted under a passphrase (docs/formats/backup.md, ADR 0904).</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "The backup file to write, or an existing folder to write dossier-backup-TIME.dbk into.",
            Required = true,
        };
        var withKeys = new Option<bool>("--with-keys")
        {
            Description = "Also carry the key files (keys/master.key, accounts.key, checkpoint.key). Without it, keep a copy of keys/ apart from the backup.",
        };
        var command = new Command("backup",
            $"Back up the whole workspace while it may be in use: every ledger entry, the evidence files, accounts (password hashes), "
            + $"API token hashes, checkpoints and the wrapped identity keys, encrypted (AES-256-GCM) under the passphrase in ${WorkspaceBackup.PassphraseVariable}. "
            + "`dossier restore` brings it back into an empty workspace.")
        {
            output,
            withKeys,
        };
        command.WithNotes($"""
            Not `dossier export`: that writes only the current records, and a re-import makes another ledger.
            The backup is written beside its target and renamed; a failed backup leaves no file.
            Example: {WorkspaceBackup.PassphraseVariable}='…' dossier backup --out /mnt/usb/ --workspace ~/cases/c
            Format: docs/formats/backup.md. Erasures and older backups: docs/user-guide.md, "Backup and restore".
            """);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (Passphrase() is not { } passphrase)
            {
                return ExitCodes.Usage;
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            var target = result.GetValue(output)!;
            if (Directory.Exists(target))
            {
                target = Path.Combine(target, $"dossier-backup-{CliOptions.Clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.dbk");
            }
            else if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
            {
                Console.Error.WriteLine($"error: --out {target}: the folder {folder} does not exist; no backup was written");
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, Application.Access.Operation.MaintainWorkspace, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            try
            {
                var manifest = await WorkspaceBackup.BackupAsync(store, workspace, target, passphrase, result.GetValue(withKeys), CliOptions.Clock, cancellationToken);
                await new Application.Access.AuditTrail(store, CliOptions.Clock).ExportedAsync(principal.Name, principal.Role, "backup",
                    $"{manifest.LedgerSize} entries to {Path.GetFileName(target)}{(manifest.WithKeys ? " with keys" : string.Empty)}", cancellationToken);
                Console.WriteLine($"Backed up {manifest.LedgerSize} ledger entries (root {manifest.LedgerRoot}), {manifest.Counts["blobs"]} evidence files, "
                    + $"{manifest.Counts["accounts"]} accounts and {manifest.Counts["identity_keys"]} wrapped identity keys to {target}");
                Console.WriteLine(manifest.WithKeys
                    ? $"It holds {manifest.Counts["keyFiles"]} key file(s): whoever has the file and the passphrase can open every sealed identity."
                    : "No key files are in it: keep keys/ (master.key, accounts.key, checkpoint.key) safe apart from it, or sealed identities and TOTP secrets cannot be opened after a restore.");
                return ExitCodes.Ok;
            }
            catch (BackupException exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    public static Command Restore()
    {
        var backup = new Argument<FileInfo>("BACKUP") { Description = "The backup file (from `dossier backup`)." };
        var command = new Command("restore",
            "Restore a backup into a new, empty workspace (--workspace, and --database for PostgreSQL): the same entries in the same order, "
            + $"checked against the backup's root, projections rebuilt, accounts, tokens, checkpoints, identity keys and evidence files restored, then verified. "
            + $"Passphrase from ${WorkspaceBackup.PassphraseVariable}. Erasures in the ledger are applied again. On failure nothing is left.")
        {
            backup,
        };
        command.WithNotes("""
            Examples:
              dossier restore team.dbk --workspace ~/cases/restored
              dossier restore laptop.dbk --workspace /srv/dossier --database "Host=db;Database=dossier;Username=dossier"
            Refused, with exit 1 and nothing left behind: a folder or database that is not empty, a wrong passphrase,
            a changed or cut-off file, a ledger whose root differs from the manifest's, a missing or altered evidence file.
            Key files come back only from a backup made with --with-keys; otherwise copy keys/ into the new workspace.
            """);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (Passphrase() is not { } passphrase)
            {
                return ExitCodes.Usage;
            }

            var file = result.GetValue(backup)!;
            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            var database = CliOptions.DatabaseOf(result);
            try
            {
                var summary = await WorkspaceBackup.RestoreAsync(file.FullName, passphrase, workspace, database.Length == 0 ? null : database, cancellationToken);
                Console.WriteLine($"Restored {summary.Manifest.LedgerSize} ledger entries (root {summary.Manifest.LedgerRoot}, as in the backup of "
                    + $"{summary.Manifest.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC), {summary.Blobs} evidence files "
                    + $"and {summary.Manifest.Counts["accounts"]} accounts into {workspace}; it verifies.");
                foreach (var note in summary.Notes)
                {
                    Console.WriteLine($"note: {note}");
                }

                return ExitCodes.Ok;
            }
            catch (BackupException exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static string? Passphrase()
    {
        var value = Environment.GetEnvironmentVariable(WorkspaceBackup.PassphraseVariable);
        if (string.IsNullOrEmpty(value) || value.Length < WorkspaceBackup.MinimumPassphraseLength)
        {
            Console.Error.WriteLine($"error: set ${WorkspaceBackup.PassphraseVariable} to the backup's passphrase (at least {WorkspaceBackup.MinimumPassphraseLength} characters); it is never taken on the command line");
            return null;
        }

        return value;
    }
}
