using System.CommandLine;
using System.Diagnostics;
using Dossier.Application.Ledger;

namespace Dossier.Cli.Commands;

/// <summary><c>verify</c> and <c>rebuild</c>: checking the ledger and replaying it into the projections.</summary>
internal static class LedgerCommands
{
    public static Command Verify()
    {
        var since = new Option<FileInfo?>("--since") { Description = "An earlier signed checkpoint (from `dossier checkpoint --out`): also prove that today's ledger extends it, nothing removed or rewritten." };
        var bundle = new Argument<FileInfo?>("bundle") { Description = "A court bundle (.zip) to verify offline instead: no workspace or database is needed.", Arity = ArgumentArity.ZeroOrOne };
        var key = new Option<string?>("--key") { Description = "With a bundle: the verifier key you trust (from `dossier key show`), rather than the one inside the bundle." };
        var command = new Command("verify", "Recompute every entry's leaf hash and every stored Merkle root. Exit 1 and name the first altered entry if anything is off. "
            + "Given a bundle.zip, verify that bundle offline.") { bundle, since, key };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(bundle) is { } bundleFile)
            {
                if (!bundleFile.Exists)
                {
                    Console.Error.WriteLine($"error: {bundleFile.FullName}: no such file");
                    return ExitCodes.Failed;
                }

                return await EvidenceCommands.VerifyBundleAsync(bundleFile, result.GetValue(key), cancellationToken);
            }

            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var report = await LedgerVerifier.VerifyAsync(store, null, cancellationToken);
            if (result.GetValue(since) is { } checkpointFile)
            {
                var consistent = await VerifySinceAsync(result, store, checkpointFile, cancellationToken);
                if (!consistent)
                {
                    return ExitCodes.Failed;
                }
            }

            if (report.Ok)
            {
                Console.WriteLine($"OK: {report.Entries} entries and {report.TreeHeads} tree heads verify. Root at size {report.Head?.Size ?? 0}: {report.Head?.RootHex ?? "(empty)"}");
                return ExitCodes.Ok;
            }

            foreach (var problem in report.Problems)
            {
                Console.Error.WriteLine($"FAILED: {problem}");
            }

            if (report.FirstAlteredEntry is { } first)
            {
                Console.Error.WriteLine($"The first altered entry is #{first}.");
            }

            return ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<bool> VerifySinceAsync(ParseResult result, Dossier.Application.Workspace.IWorkspaceStore store, FileInfo checkpointFile, CancellationToken cancellationToken)
    {
        var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
        if (!checkpointFile.Exists || !WorkspaceKey.Exists(workspace))
        {
            Console.Error.WriteLine(checkpointFile.Exists
                ? $"FAILED: no checkpoint key in {workspace} to check the checkpoint's signature"
                : $"FAILED: {checkpointFile.FullName}: no such file");
            return false;
        }

        using var signer = WorkspaceKey.Load(workspace);
        var consistency = await new CheckpointService(store, signer).VerifySinceAsync(await File.ReadAllTextAsync(checkpointFile.FullName, cancellationToken), cancellationToken);
        if (consistency.Ok)
        {
            Console.WriteLine($"OK: {consistency.Message}");
            return true;
        }

        Console.Error.WriteLine($"FAILED: {checkpointFile.Name}: {consistency.Message}");
        return false;
    }

    public static Command Rebuild()
    {
        var command = new Command("rebuild", "Drop the projections (records, references, history, search index) and replay the ledger into them.");
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var clock = Stopwatch.StartNew();
            var progress = new Progress<long>(n => Console.Error.Write($"\rreplayed {n} entries"));
            var count = await store.RebuildProjectionsAsync(progress, cancellationToken);
            Console.Error.WriteLine();
            Console.WriteLine($"Rebuilt the projections from {count} entries in {clock.Elapsed.TotalSeconds:F1} s.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
