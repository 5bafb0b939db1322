using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>key split</c> and <c>key recover</c>: split custody of the master key among named custodians
/// (Shamir shares through Debian's ssss) and its recovery (docs/protected-identities.md, ADR 0905).
/// The local operator's commands (<c>MaintainWorkspace</c>): whoever holds the workspace's files; an
/// account's --token is refused and recorded, since a role protects nothing from the key file's holder. Nothing
/// here prints a share or the key; the share files are the only place a share is written.
/// </summary>
internal static class KeyCustodyCommands
{
    /// <summary>Adds <c>split</c> and <c>recover</c> to the existing <c>key</c> command.</summary>
    public static Command WithCustody(Command key)
    {
        ArgumentNullException.ThrowIfNull(key);
        key.Subcommands.Add(Split());
        key.Subcommands.Add(Recover());
        return key;
    }

    private static Command Split()
    {
        var threshold = new Option<int>("--threshold") { Description = "How many shares rebuild the key (k of n); at least 2.", Required = true };
        var custodians = new Option<string[]>("--custodian") { Description = "A custodian's name; repeat once per custodian (n). Each gets one share file.", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the share files (owner-only); default ./key-shares-DATE-TIME." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger." };
        var command = new Command("split", "Split the master key into Shamir shares, any --threshold of which rebuild it: one printable, owner-only file per --custodian. Needs Debian's ssss.")
        {
            threshold, custodians, output, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            var folder = result.GetValue(output)?.FullName
                ?? Path.Combine(Directory.GetCurrentDirectory(), "key-shares-" + CliOptions.Clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = new KeyCustodyService(store, MasterKeyStore.ForWorkspace(workspace), new SecretSharingTool(), CliOptions.Clock);
            var split = await service.SplitAsync(
                new KeySplitRequest(result.GetValue(threshold), result.GetValue(custodians) ?? [], folder, workspace),
                principal, result.GetValue(reason), cancellationToken);
            if (!split.Ok)
            {
                Console.Error.WriteLine($"error: {split.Message}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(split.Message);
            foreach (var file in split.Files)
            {
                Console.WriteLine($"  {file}");
            }

            Console.WriteLine("Print each file, hand it to its custodian in person, then delete the files (shred -u). Split again after every `dossier key rotate`.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Recover()
    {
        var shares = new Argument<FileInfo[]>("share-file") { Description = "Share files written by `dossier key split` (as many as its threshold).", Arity = ArgumentArity.OneOrMore };
        var replace = new Option<bool>("--replace") { Description = "Overwrite an existing keys/master.key that holds another key." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger." };
        var command = new Command("recover", "Rebuild the master key from custodians' share files, check it against the recorded fingerprint and the sealed identities, and write keys/master.key (owner-only). Needs Debian's ssss.")
        {
            shares, replace, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var files = result.GetValue(shares) ?? [];
            if (files.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                Console.Error.WriteLine($"error: {missing.FullName}: no such file.");
                return ExitCodes.Failed;
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = new KeyCustodyService(store, MasterKeyStore.AtPath(MasterKeyStore.PathIn(workspace)), new SecretSharingTool(), CliOptions.Clock);
            var recovered = await service.RecoverAsync([.. files.Select(f => f.FullName)], result.GetValue(replace),
                principal, result.GetValue(reason), cancellationToken);
            if (!recovered.Ok)
            {
                Console.Error.WriteLine($"error: {recovered.Message}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(recovered.Message);
            if (Environment.GetEnvironmentVariable(MasterKeyStore.Variable) is { Length: > 0 })
            {
                Console.WriteLine($"Note: ${MasterKeyStore.Variable} is set and takes precedence over the key file; unset it to use the recovered key.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
