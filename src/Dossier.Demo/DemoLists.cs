using System.Text;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation;
using Dossier.Synthesis;

namespace Dossier.Demo;

/// <summary>
/// The demo's whole analysis flow on its three SYNTHETIC lists: each list imported as rows of its source,
/// one linkage run (its uncertain pairs left open in the review queue), and an estimate from the clusters
/// recorded in the ledger. The same rows (same seeds) as the demo's synthetic person records.
/// </summary>
public static class DemoLists
{
    /// <summary>Lighter than the sampler's defaults so the demo stays quick; the estimate page shows the caveats this brings.</summary>
    public static readonly Dossier.Application.Estimates.EstimateParameters EstimateParameters = new(nameof(EstimationMethod.All), null, 1988, null)
    {
        Burnin = 2_000,
        Samples = 500,
        // Two named models beside the best by BIC, each with its profile-likelihood interval (`--model` in the CLI).
        Models = ["Mt", "Mh Chao"],
    };

    /// <summary>Clusterings drawn for the demo estimate's linkage uncertainty.</summary>
    public const int LinkageSamples = 10;

    public static async Task<IReadOnlyList<ListProblem>> BuildAsync(IWorkspaceStore store, TimeProvider time, Func<string, string> sourceIdOf, TextWriter log, CancellationToken cancellationToken)
    {
        var service = new ListService(store, time);
        var by = DemoWorkspace.Builder;
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 600 }, seed: 1367);
        foreach (var group in ListSampler.Sample(population, SyntheticPresets.ThreeLists, seed: 1988).GroupBy(r => r.ListId, StringComparer.Ordinal))
        {
            using var csv = new StringWriter(new StringBuilder());
            SyntheticCsv.WriteRecords(csv, group);
            var imported = await service.ImportAsync(new ListImportRequest
            {
                Csv = Encoding.UTF8.GetBytes(csv.ToString()),
                FileName = $"{group.Key}.csv",
                SourceId = sourceIdOf(group.Key),
                Synthetic = true,
            }, by, "SYNTHETIC victim lists for the demo (invented people)", cancellationToken);
            if (!imported.Ok)
            {
                return imported.Problems;
            }
        }

        var run = await service.LinkAsync(new LinkRequest(), by, "demo: link the three SYNTHETIC lists", null, cancellationToken);
        if (!run.Ok)
        {
            return run.Problems;
        }

        await log.WriteLineAsync($"Linked the SYNTHETIC lists: {run.Value!.Rows} rows → {run.Value.Clusters} people, {run.Value.ReviewPairs} uncertain pairs in the review queue.");
        var histories = await service.HistoriesAsync(null, null, cancellationToken);
        if (!histories.Ok)
        {
            return histories.Problems;
        }

        var h = histories.Value!;
        var input = CaptureHistoryCsv.Parse(new StringReader(h.Csv), h.Source);
        var report = EstimationRunner.Run(input, h.Source, EstimateParameters.ToRequest(), cancellationToken);
        // Linkage uncertainty (ADR 0207): a fixed number of samples and no effective time budget, so the demo's ledger
        // is the same on every machine.
        var space = await LinkagePropagation.SpaceAsync(store, h.Lists, h.LinkageRun, h.LedgerSize, ClusteringDraw.Guarded, h.StrataColumn, cancellationToken)
            ?? throw new InvalidOperationException("demo: the linkage run cannot be read back");
        var propagated = LinkagePropagation.Run(space, report.Overall, h.People, report.Strata, EstimateParameters.ToRequest(), h.Source, LinkageSamples, EstimateParameters.Seed,
            TimeSpan.FromDays(1), time, cancellationToken: cancellationToken);
        var (sequence, error) = await new Dossier.Application.Estimates.EstimateService(store, time).RecordAsync(
            new Dossier.Application.Estimates.EstimateInput("workspace-histories.csv", h.Csv, h) { Event = DemoWorkspace.MassacreEventId }, EstimateParameters with { Linkage = propagated.Parameters }, report,
            by,
            "demo: estimate from the linked SYNTHETIC lists (invented people; the figure means nothing about 1988)", cancellationToken, propagated.Body);
        if (error is not null)
        {
            throw new InvalidOperationException($"demo estimate: {error}");
        }

        await log.WriteLineAsync($"Recorded an estimate from the linked lists as ledger entry #{sequence} (SYNTHETIC).");
        return [];
    }
}
