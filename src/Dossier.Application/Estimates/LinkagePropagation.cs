using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation;

namespace Dossier.Application.Estimates;

/// <summary>
/// How linkage uncertainty was sampled, as recorded in the estimate's parameters: enough to draw the same
/// clusterings again (<paramref name="Seed"/>, <paramref name="Samples"/>, <paramref name="Draw"/>) and to see what
/// was asked (<paramref name="Requested"/> within <paramref name="BudgetSeconds"/>). A re-run draws exactly
/// <paramref name="Samples"/>, whatever the budget.
/// </summary>
public sealed record LinkageSamplingParameters(int Samples, ulong Seed, string Draw, int Requested, int BudgetSeconds)
{
    /// <summary>
    /// The row column each sampled clustering was split by, so that every stratum's figures carry linkage uncertainty
    /// (ADR 1819); each sample's histories then have that column. Absent when the estimate is not stratified, and in
    /// entries recorded before, whose samples were tabulated for the whole input only.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Strata { get; init; }
}

/// <summary>One sampled clustering as recorded: its unique count and its capture histories (CSV).</summary>
public sealed record LinkageSampleRecord(long People, string Histories);

/// <summary>
/// What linkage uncertainty an estimate carries (ADR 0207): the pairs it was drawn from, every sampled clustering's
/// histories, and the combined figures (<see cref="Summary"/>, the <see cref="LinkageUncertaintySummary"/> as JSON).
/// </summary>
/// <param name="Pairs">Pairs with a probability (the run's match links and review queue).</param>
/// <param name="Uncertain">Of those, pairs whose link was drawn (probability strictly between 0 and 1, not decided).</param>
/// <param name="Decided">Review decisions applied (fixed in every sample).</param>
/// <param name="ReviewCapReached">The run queued as many uncertain pairs as its cap allowed: pairs beyond it were not recorded and count as certain.</param>
public sealed record LinkageUncertaintyBody(int Pairs, int Uncertain, int Decided, bool ReviewCapReached, IReadOnlyList<LinkageSampleRecord> Samples, JsonElement Summary);

/// <summary>The rows and pairs of a linkage run, ready to be sampled.</summary>
public sealed record LinkageSpace(ClusteringSampler Sampler, IReadOnlyList<string> Lists, IReadOnlyList<string> ListRows, int Pairs, bool ReviewCapReached, long LinkageRun)
{
    /// <summary>The row column samples are split by (the estimate's <c>--strata</c>); null: samples are tabulated for the whole input only.</summary>
    public string? StrataColumn { get; init; }

    /// <summary>With <see cref="StrataColumn"/>: every row of the chosen lists with its value of that column, tabulated as the workspace's histories are.</summary>
    public IReadOnlyList<StratifiedRow> StratifiedRows { get; init; } = [];
}

/// <summary>The outcome of propagation: the body to record and the per-sample reports (for the caller's display).</summary>
public sealed record LinkagePropagationResult(LinkageUncertaintyBody Body, LinkageUncertaintySummary Summary, LinkageSamplingParameters Parameters, TimeSpan Elapsed);

/// <summary>
/// Estimates that carry linkage uncertainty (issue 17 item 1, ADR 0207): clusterings drawn from the current linkage
/// run's pair probabilities (review decisions fixed), the estimator run on each, and the results combined.
/// </summary>
public static class LinkagePropagation
{
    public const int DefaultSamples = 20;

    public const int DefaultBudgetSeconds = 600;

    /// <summary>At least this many samples are drawn whatever the budget: a variance needs two.</summary>
    public const int LeastSamples = 2;

    /// <summary>
    /// Reads what sampling needs from the ledger as it stood when the histories were derived: the run's match links
    /// and review queue (with their probabilities), the decisions recorded before <paramref name="ledgerSize"/>, and
    /// the rows of the chosen lists. With <paramref name="strataColumn"/>, each sample is tabulated by stratum with the
    /// rule the workspace's histories use (<see cref="ListService.Tabulate"/>), so every stratum's figures can carry linkage uncertainty.
    /// </summary>
    public static async Task<LinkageSpace?> SpaceAsync(IWorkspaceStore store, IReadOnlyList<string> lists, long linkageRun, long ledgerSize, ClusteringDraw draw, string? strataColumn,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lists);
        var entry = await store.Lists.EntryAsync(linkageRun, cancellationToken);
        if (entry is null || !Entries.LinkageRun.Is(entry))
        {
            return null;
        }

        var run = Entries.LinkageRun.Read(entry);
        var pairs = run.Edges.Select(e => new PairProbability(e.A, e.B, e.P))
            .Concat(run.ReviewPairs.Select(r => new PairProbability(r.A, r.B, r.P))).ToList();
        var decisions = (await store.Lists.DecisionsAsync(cancellationToken)).Where(d => d.Sequence < ledgerSize).ToList();
        var listRows = await store.Lists.RowsOfAsync(lists, cancellationToken);
        var rows = listRows.Select(r => r.Key).ToList();
        var sampler = new ClusteringSampler(rows, pairs, decisions, run.Parameters.ClusterCoherence, draw, run.Parameters.ListGuard);
        return new LinkageSpace(sampler, lists, rows, pairs.Count, run.ReviewPairs.Count >= run.Parameters.ReviewCap, linkageRun)
        {
            StrataColumn = strataColumn,
            StratifiedRows = strataColumn is null ? [] : [.. listRows.Select(r => new StratifiedRow(r.Key, r.ListId, ListService.StratumValue(r, strataColumn)))],
        };
    }

    /// <summary>The request each sample is estimated with: the plug-in's, without named models, its sampler seeded per sample.</summary>
    public static EstimationRequest SampleRequest(EstimationRequest request, int sample)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with
        {
            Models = [],
            LatentClass = request.LatentClass with { Seed = unchecked(request.LatentClass.Seed + 1 + (ulong)sample) },
        };
    }

    /// <summary>
    /// Draws and estimates up to <paramref name="requested"/> clusterings, stopping early when the next one would
    /// pass <paramref name="budget"/> (never below <see cref="LeastSamples"/>), and combines them with the plug-in.
    /// When the space is stratified, each sample is estimated whole and by stratum and every stratum in
    /// <paramref name="plugInStrata"/> is combined too (ADR 1819). The budget covers a whole sample, its strata
    /// included: strata share it, so more strata mean fewer samples within it, never more time. With
    /// <paramref name="plugInTotal"/> the total over strata is combined as well (ADR 1826).
    /// </summary>
    public static LinkagePropagationResult Run(LinkageSpace space, StratumReport plugIn, long plugInPeople, IReadOnlyList<StratumReport> plugInStrata, StratifiedTotal? plugInTotal,
        EstimationRequest request, string source,
        int requested, ulong seed, TimeSpan budget, TimeProvider time, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(plugInStrata);
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, LeastSamples);
        var started = time.GetTimestamp();
        var records = new List<LinkageSampleRecord>();
        var estimates = new List<LinkageSampleEstimate>();
        var draws = new List<IReadOnlyList<long[]>?>();
        var strata = new List<EstimationReport>();
        for (var i = 0; i < requested; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = time.GetElapsedTime(started);
            if (i >= LeastSamples && elapsed + (elapsed / i) > budget)
            {
                break; // the next sample, at the mean pace so far, would pass the budget
            }

            var record = Draw(space, i, seed);
            var report = EstimateHistories(record.Histories, i, space.StrataColumn, request, source, cancellationToken);
            records.Add(record);
            estimates.Add(new LinkageSampleEstimate(record.People, report.Overall));
            draws.Add(report.Overall.LatentClassDraws);
            strata.Add(report);
            progress?.Invoke(i + 1, requested);
        }

        var parameters = new LinkageSamplingParameters(records.Count, seed, Name(space.Sampler.Draw), requested, (int)Math.Ceiling(budget.TotalSeconds)) { Strata = space.StrataColumn };
        var summary = WithStrata(Combine(space, plugIn, plugInPeople, estimates, draws, parameters), parameters, plugInStrata, plugInTotal, strata);
        return new LinkagePropagationResult(Body(space, records, summary), summary, parameters, time.GetElapsedTime(started));
    }

    /// <summary>Estimates the recorded samples' histories again (for <c>--rerun</c>) and combines them as the first run did.</summary>
    /// <remarks>
    /// An entry whose sampling names no strata (recorded before ADR 1819) replays its whole-input figures only, as it recorded
    /// them; one whose figures have no total over strata (recorded before ADR 1826) replays without it.
    /// </remarks>
    public static LinkageUncertaintySummary Replay(LinkageUncertaintyBody recorded, LinkageSamplingParameters parameters, StratumReport plugIn, long plugInPeople,
        IReadOnlyList<StratumReport> plugInStrata, StratifiedTotal? plugInTotal, EstimationRequest request, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(plugInStrata);
        var estimates = new List<LinkageSampleEstimate>();
        var draws = new List<IReadOnlyList<long[]>?>();
        var strata = new List<EstimationReport>();
        for (var i = 0; i < recorded.Samples.Count; i++)
        {
            var report = EstimateHistories(recorded.Samples[i].Histories, i, parameters.Strata, request, source, cancellationToken);
            estimates.Add(new LinkageSampleEstimate(recorded.Samples[i].People, report.Overall));
            draws.Add(report.Overall.LatentClassDraws);
            strata.Add(report);
        }

        var summary = LinkageUncertainty.Combine(plugIn, plugInPeople, estimates, draws);
        var total = LinkageUncertaintyJson.Read(recorded.Summary)?.Total is not null ? plugInTotal : null;
        return WithStrata(WithSpaceWarnings(summary, recorded.ReviewCapReached, recorded.Uncertain, parameters), parameters, plugInStrata, total, strata);
    }

    /// <summary>Draws sample <paramref name="sample"/> and returns its histories as recorded.</summary>
    public static LinkageSampleRecord Draw(LinkageSpace space, int sample, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var clusters = space.Sampler.Sample(seed, sample);
        if (space.StrataColumn is { } column)
        {
            // Each sampled cluster's stratum by the workspace's rule: the most frequent value among its rows (ADR 0604, 1819).
            var (stratified, count, _) = ListService.Tabulate(space.Lists, space.StratifiedRows, key => clusters.TryGetValue(key, out var c) ? c : key, column);
            return new LinkageSampleRecord(count, stratified);
        }

        var (csv, people) = ClusteringSampler.Histories(space.Lists, space.ListRows, clusters);
        return new LinkageSampleRecord(people, csv);
    }

    public static string Name(ClusteringDraw draw) => draw == ClusteringDraw.Guarded ? "guarded" : "components";

    public static ClusteringDraw? ParseDraw(string? name) => name switch
    {
        "guarded" => ClusteringDraw.Guarded,
        "components" => ClusteringDraw.Components,
        _ => null,
    };

    private static EstimationReport EstimateHistories(string csv, int sample, string? strata, EstimationRequest request, string source, CancellationToken cancellationToken)
    {
        var name = $"{source} — linkage sample {sample + 1}";
        var input = CaptureHistoryCsv.Parse(new StringReader(csv), name, strata);
        return EstimationRunner.Run(input, name, SampleRequest(request, sample), cancellationToken);
    }

    /// <summary>
    /// Adds each stratum's combined figures when the samples were split by stratum (ADR 1819), and the total over strata
    /// combined over the same samples when the plug-in has one (ADR 1826).
    /// </summary>
    private static LinkageUncertaintySummary WithStrata(LinkageUncertaintySummary summary, LinkageSamplingParameters parameters, IReadOnlyList<StratumReport> plugInStrata,
        StratifiedTotal? plugInTotal, List<EstimationReport> samples)
    {
        if (parameters.Strata is null || plugInStrata.Count == 0)
        {
            return summary;
        }

        var warnings = new List<string>();
        var strata = LinkageUncertainty.CombineStrata(plugInStrata, [.. samples.Select(s => s.Strata)], warnings);
        var total = plugInTotal is null ? null : LinkageUncertainty.CombineTotal(plugInTotal, [.. samples.Select(s => (s.Strata, s.StratifiedTotal))]);
        return summary with { Strata = strata, Total = total, Warnings = [.. summary.Warnings, .. warnings] };
    }

    private static LinkageUncertaintySummary Combine(LinkageSpace space, StratumReport plugIn, long plugInPeople, List<LinkageSampleEstimate> estimates,
        List<IReadOnlyList<long[]>?> draws, LinkageSamplingParameters parameters) =>
        WithSpaceWarnings(LinkageUncertainty.Combine(plugIn, plugInPeople, estimates, draws), space.ReviewCapReached, space.Sampler.Uncertain, parameters);

    private static LinkageUncertaintySummary WithSpaceWarnings(LinkageUncertaintySummary summary, bool capReached, int uncertain, LinkageSamplingParameters parameters)
    {
        var warnings = new List<string>();
        if (parameters.Samples < parameters.Requested)
        {
            warnings.Add($"the time budget ({parameters.BudgetSeconds:N0} s) allowed {parameters.Samples} of the {parameters.Requested} sampled clusterings asked for");
        }

        if (capReached)
        {
            warnings.Add("the linkage run queued as many uncertain pairs as its review cap allows; uncertain pairs beyond the cap were not recorded and count as certain, so the interval understates linkage uncertainty");
        }

        if (uncertain == 0)
        {
            warnings.Add("the linkage run recorded no uncertain pairs: every sample is the same clustering, and linkage adds nothing to the interval");
        }

        return summary with { Warnings = [.. warnings, .. summary.Warnings] };
    }

    private static LinkageUncertaintyBody Body(LinkageSpace space, List<LinkageSampleRecord> records, LinkageUncertaintySummary summary) =>
        new(space.Pairs, space.Sampler.Uncertain, space.Sampler.Decided, space.ReviewCapReached, records,
            JsonDocument.Parse(LinkageUncertaintyJson.Write(summary)).RootElement.Clone());
}
