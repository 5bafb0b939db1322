using System.CommandLine;
using System.Security.Cryptography;
using Dossier.Application.Ledger;
using Dossier.Ledger.Checkpoints;

namespace Dossier.Cli.Commands;

/// <summary>
/// The workspace's checkpoint signing key: created by <c>init</c>, kept in KEYS/checkpoint.key beside
/// (never inside) the database, readable by the owner only, optionally under a passphrase.
/// </summary>
internal static class WorkspaceKey
{
    public const string PassphraseVariable = "DOSSIER_KEY_PASSPHRASE";

    public static string PathIn(string workspace) => Path.Combine(workspace, "keys", "checkpoint.key");

    public static bool Exists(string workspace) => File.Exists(PathIn(workspace));

    /// <summary>Creates the key pair if the workspace has none; returns true when it made one.</summary>
    public static bool EnsureCreated(string workspace)
    {
        var path = PathIn(workspace);
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // The origin names this workspace's log; random so two workspaces never share one.
        using var signer = NoteSigner.Create($"dossier/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        signer.Save(path, Passphrase());
        return true;
    }

    public static NoteSigner Load(string workspace) => NoteSigner.Load(PathIn(workspace), Passphrase());

    private static ReadOnlySpan<char> Passphrase() => Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } value ? value : default;
}

/// <summary><c>checkpoint</c> and <c>key show</c>: signed tree heads a court can check without trusting us.</summary>
internal static class CheckpointCommands
{
    public static Command Checkpoint()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Also write the signed checkpoint to this file (keep it somewhere else: it is what `verify --since` checks against)." };
        var command = new Command("checkpoint", "Sign a checkpoint of the ledger (C2SP signed note: origin, size, root) with the workspace key, keep it, and print it.") { output };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (!WorkspaceKey.Exists(workspace))
            {
                Console.Error.WriteLine($"error: no checkpoint key at {WorkspaceKey.PathIn(workspace)}: run `dossier init` in this workspace to create one.");
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            using var signer = WorkspaceKey.Load(workspace);
            var note = await new CheckpointService(store, signer).CheckpointAsync(cancellationToken);
            // The note is printed anyway; --out - adds nothing to that.
            if (result.GetValue(output) is { } file && file != OutputFile.StandardOutput)
            {
                await OutputFile.WriteTextAsync(file, writer => writer.WriteAsync(note), cancellationToken);
            }

            Console.Write(note);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Key()
    {
        var show = new Command("show", "Print the workspace's public verifier key (C2SP note verifier format), to give to whoever checks checkpoints and bundles.");
        show.SetAction(result =>
        {
            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (!WorkspaceKey.Exists(workspace))
            {
                Console.Error.WriteLine($"error: no checkpoint key at {WorkspaceKey.PathIn(workspace)}: run `dossier init` first.");
                return ExitCodes.Failed;
            }

            using var signer = WorkspaceKey.Load(workspace);
            Console.WriteLine(signer.Verifier.ToString());
            return ExitCodes.Ok;
        });
        return new Command("key", "The workspace's checkpoint signing key.") { show };
    }
}
