using System.CommandLine;
using System.Diagnostics;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Ledger.Blobs;

namespace Dossier.Cli.Commands;

/// <summary><c>verify</c> and <c>rebuild</c>: checking the ledger and replaying it into the projections.</summary>
internal static class LedgerCommands
{
    public static Command Verify()
    {
        var since = new Option<FileInfo?>("--since") { Description = "An earlier signed checkpoint (from `dossier checkpoint --out`): also prove that today's ledger extends it, nothing removed or rewritten." };
        var bundle = new Argument<FileInfo?>("bundle") { Description = "A court bundle (.zip) to verify offline instead: no workspace or database is needed.", Arity = ArgumentArity.ZeroOrOne };
        var key = new Option<string?>("--key") { Description = "With a bundle: the verifier key you trust (from `dossier key show`), rather than the one inside the bundle." };
        var ledgerOnly = new Option<bool>("--ledger-only") { Description = "Skip replaying the ledger into scratch projections to compare them with the live tables (the slow part on a large workspace)." };
        var command = new Command("verify", "Recompute every entry's leaf hash, every stored Merkle node and root, check every kept checkpoint's signature against today's tree, "
            + "re-hash every evidence file, and replay the ledger to check that every projected table (records, accounts, lists, evidence, audit …) is what the ledger makes it. "
            + "Exit 1 and name what was altered if anything is off; an empty ledger is not OK. Given a bundle.zip, verify that bundle offline.") { bundle, since, key, ledgerOnly };
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
            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            using var signer = WorkspaceKey.Exists(workspace) ? WorkspaceKey.Load(workspace) : null;
            var clock = Stopwatch.StartNew();
            var report = await WorkspaceVerifier.VerifyAsync(store, new BlobStore(workspace), signer?.Verifier, !result.GetValue(ledgerOnly), null, cancellationToken);
            var sinceFile = result.GetValue(since);
            var (consistent, consistency) = sinceFile is null ? (true, (string?)null) : await VerifySinceAsync(result, store, sinceFile, cancellationToken);
            foreach (var note in report.Notes)
            {
                Console.WriteLine($"note: {note}");
            }

            // One verdict, on the last line: OK only when the ledger verifies and, with --since, extends the checkpoint.
            var ledger = report.Ledger;
            if (report.Ok && consistent)
            {
                if (consistency is not null)
                {
                    Console.WriteLine($"{sinceFile!.Name}: {consistency}");
                }

                Console.WriteLine($"OK: {ledger.Entries} entries and {ledger.TreeHeads} tree heads verify; the stored Merkle nodes match the entries; "
                    + $"{report.CheckpointsChecked} of {report.CheckpointsKept} kept checkpoint(s) are signed by this workspace's key and match today's tree; "
                    + $"{report.FilesChecked} evidence file(s) ({report.BytesHashed / 1e6:F1} MB) re-hashed and intact; "
                    + (result.GetValue(ledgerOnly) ? "projections not compared (--ledger-only)" : "every projected table equals a replay of the ledger")
                    + $" ({clock.Elapsed.TotalSeconds:F1} s). "
                    + $"Root at size {ledger.Head?.Size ?? 0}: {ledger.Head?.RootHex ?? "(empty)"}");
                return ExitCodes.Ok;
            }

            foreach (var problem in report.Problems)
            {
                Console.Error.WriteLine($"FAILED: {problem}");
            }

            if (!consistent)
            {
                Console.Error.WriteLine($"FAILED: {sinceFile!.Name}: {consistency}");
            }

            if (report.Ledger.FirstAlteredEntry is { } first)
            {
                Console.Error.WriteLine($"The first altered entry is #{first}.");
            }

            Console.Error.WriteLine(report.Ok
                ? $"NOT VERIFIED: the ledger's {ledger.Entries} entries are intact, but it is not shown to extend {sinceFile!.Name}."
                : "NOT VERIFIED: see the failures above.");
            return ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Checks today's ledger extends the signed checkpoint in <paramref name="checkpointFile"/>; prints nothing.</summary>
    private static async Task<(bool Ok, string Message)> VerifySinceAsync(ParseResult result, Dossier.Application.Workspace.IWorkspaceStore store, FileInfo checkpointFile, CancellationToken cancellationToken)
    {
        var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
        if (!checkpointFile.Exists)
        {
            return (false, "no such file");
        }

        if (!WorkspaceKey.Exists(workspace))
        {
            return (false, $"no checkpoint key in {workspace} to check the checkpoint's signature");
        }

        using var signer = WorkspaceKey.Load(workspace);
        var consistency = await new CheckpointService(store, signer).VerifySinceAsync(await File.ReadAllTextAsync(checkpointFile.FullName, cancellationToken), cancellationToken);
        return (consistency.Ok, consistency.Message);
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
