namespace Dossier.Benchmarks;

/// <summary>
/// End-to-end runs that print their own figures (throughput, percentiles) rather than going through
/// BenchmarkDotNet, because they time whole pipelines over large generated data.
/// </summary>
public static class EndToEnd
{
    /// <summary>Every end-to-end run by name. Each area adds its runs here.</summary>
    private static readonly Dictionary<string, Func<string[], int>> Runs = new(StringComparer.Ordinal)
    {
        ["workspace"] = Workspace.WorkspaceRun.Run,
        ["ledger-proofs"] = Ledger.LedgerRuns.Proofs,
        ["blob-put"] = Ledger.LedgerRuns.BlobPut,
        ["vault-verify"] = Ledger.VaultRuns.Verify,
        ["estimation-speed"] = Estimation.EstimationRuns.Speed,
        ["estimation-coverage"] = Estimation.EstimationCoverage.Run,
        ["estimation-mixing"] = Estimation.MixingRun.Run,
        ["linkage-uncertainty"] = Estimation.LinkageUncertaintyStudy.Run,
        ["synth-lists"] = Text.SynthListsRun.Run,
        ["text-keys"] = Text.SynthListsRun.RunKeys,
        ["linkage-febrl"] = Linkage.LinkageRuns.Febrl,
        ["dedupe-csv"] = Linkage.LinkageRuns.DedupeCsv,
        ["dedupe-synthetic"] = Linkage.LinkageRuns.DedupeSynthetic,
        ["dedupe-harder"] = Linkage.LinkageRuns.DedupeHarder,
        ["sealed-identities"] = Protection.SealedIdentityRun.Run,
        ["workbench"] = Workbench.WorkbenchRun.Run,
        ["lists"] = Lists.ListsRun.Run,
        ["documents"] = Documents.DocumentRuns.Run,
        ["document-search"] = Documents.DocumentSearchRun.Run,
        ["testimony"] = Testimony.TestimonyRun.Run,
        ["testimony-workspace"] = Testimony.TestimonyWorkspaceRun.Run,
        ["testimony-blind"] = Testimony.BlindTestimonyRun.Run,
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Runs.TryGetValue(args[0], out var run))
        {
            Console.Error.WriteLine($"usage: e2e NAME [args]; names: {string.Join(", ", Runs.Keys.Order(StringComparer.Ordinal))}");
            return 2;
        }

        return run(args[1..]);
    }
}
