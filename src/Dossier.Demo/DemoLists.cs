using System.Text;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation;
using Dossier.Synthesis;

namespace Dossier.Demo;

/// <summary>
/// The demo's whole analysis flow on its three SYNTHETIC lists: each list imported as rows of its source,
/// one linkage run (its uncertain pairs left open in the review queue), an estimate from the clusters recorded
/// in the ledger, and every settled cluster made one invented person with a killing act on the massacre (the
/// clusters with an open pair wait for review, as they would in real work).
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
        var propagated = LinkagePropagation.Run(space, report.Overall, h.People, report.Strata, report.StratifiedTotal, EstimateParameters.ToRequest(), h.Source, LinkageSamples, EstimateParameters.Seed,
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
        return await PeopleAsync(service, store, time, log, cancellationToken);
    }

    // Public like the case's records, so an anonymous visitor sees the labelled count of invented victims beside the real ones.
    private static async Task<IReadOnlyList<ListProblem>> PeopleAsync(ListService service, IWorkspaceStore store, TimeProvider time, TextWriter log, CancellationToken cancellationToken)
    {
        var made = await service.IdentifySettledAsync(Dossier.Domain.Records.Classification.Public, DemoWorkspace.Builder,
            "demo: each settled cluster of the SYNTHETIC lists is one invented person", cancellationToken);
        if (!made.Ok)
        {
            return made.Problems;
        }

        var people = made.Value!;
        var acts = new List<Dossier.Domain.Records.Record>();
        var records = await store.GetManyAsync([.. people.Made.Select(p => p.PersonId)], cancellationToken);
        foreach (var person in people.Made)
        {
            // The act is placed in a prison only when every row that names one names the same.
            var places = person.Rows.Select(r => r.Values.GetValueOrDefault("prison")?.Trim()).Where(p => !string.IsNullOrEmpty(p))
                .Select(p => DemoWorkspace.PrisonPlace(p!)).Distinct().ToList();
            var victim = (Dossier.Domain.Records.Person)records[person.PersonId].Record;
            acts.Add(new Dossier.Domain.Records.Act
            {
                Id = person.PersonId + "-killing",
                VictimId = person.PersonId,
                Violation = "killing",
                EventId = DemoWorkspace.MassacreEventId,
                PlaceId = places is [{ } place] ? place : null,
                Date = victim.Died,
                Sources = victim.Sources,
                Synthetic = true,
            });
        }

        var errors = await new WorkspaceService(store, time).CreateManyAsync(acts, DemoWorkspace.Builder, "demo: each invented person was killed in the massacre, as their lists say", cancellationToken);
        if (errors.Count > 0)
        {
            return [.. errors.Select(e => new ListProblem("act", e.ToString()))];
        }

        await log.WriteLineAsync($"Made {people.Made.Count} invented people from the settled clusters, each with a killing act; {people.LeftUncertain} clusters wait for review.");
        return [];
    }
}
