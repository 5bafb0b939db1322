using System.Text.Json;
using Dossier.Application.Estimates;
using Dossier.Application.Ledger;
using Dossier.Estimation;
using Dossier.Storage;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// A stratified estimate from the workspace carries linkage uncertainty into every stratum (ADR 1819): both figures per
/// stratum in the table and the JSON report, the strata recorded with the draws, and <c>--rerun</c> drawing the same
/// stratified clusterings; an entry recorded before (v3: whole-input samples) still re-runs — on SQLite and PostgreSQL.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class EstimateStrataLinkageUncertaintyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_stratified_estimate_shows_both_figures_per_stratum_records_them_and_reruns(string database)
    {
        var place = await LinkedPlace.CreateAsync(database);
        var report = Path.Combine(place.Workspace, "by-prison.json");

        var estimate = Cli.Run(place.At("estimate", "--method", "loglinear", "--strata", "prison", "--linkage-samples", "8", "--linkage-seed", "3", "--out", report, "--record", "by prison"));

        estimate.ExitCode.ShouldBe(0, estimate.All);
        estimate.Output.ShouldContain("Per stratum (prison)");
        estimate.Output.ShouldContain("Per-stratum and total headline figures: with linkage uncertainty");
        estimate.Output.ShouldContain("total over strata");
        estimate.Output.ShouldNotContain("carried into the whole-input figures only");
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var root = json.RootElement;
            root.GetProperty("linkageSampling").GetProperty("strata").GetString().ShouldBe("prison");
            var plugInStrata = root.GetProperty("strata").EnumerateArray().ToList();
            var strata = root.GetProperty("linkageUncertainty").GetProperty("strata").EnumerateArray().ToList();
            plugInStrata.Count.ShouldBeGreaterThan(1);
            strata.Select(s => s.GetProperty("stratum").GetString()).ShouldBe(plugInStrata.Select(s => s.GetProperty("stratum").GetString()));
            var people = 0L;
            var withEstimate = 0;
            foreach (var (stratum, plugIn) in strata.Zip(plugInStrata))
            {
                var figures = stratum.GetProperty("figures");
                figures.GetProperty("samples").GetInt32().ShouldBe(8);
                figures.GetProperty("plugInPeople").GetInt64().ShouldBe(plugIn.GetProperty("observed").GetInt64());
                figures.GetProperty("peopleLower").GetDouble().ShouldBeLessThanOrEqualTo(figures.GetProperty("peopleUpper").GetDouble());
                people += figures.GetProperty("plugInPeople").GetInt64();
                if (figures.TryGetProperty("logLinear", out var ll) && ll.ValueKind == JsonValueKind.Object && ll.GetProperty("estimate").ValueKind == JsonValueKind.Number)
                {
                    withEstimate++;
                    // A small stratum whose every person is on every list has N̂ = n and SE 0: its interval is one point.
                    ll.GetProperty("lower").GetDouble().ShouldBeLessThanOrEqualTo(ll.GetProperty("estimate").GetDouble());
                    ll.GetProperty("upper").GetDouble().ShouldBeGreaterThanOrEqualTo(ll.GetProperty("estimate").GetDouble());
                    // (exp of the mean log N̂: 5 people may come back as 4.999999999999999)
                    ll.GetProperty("estimate").GetDouble().ShouldBeGreaterThanOrEqualTo(figures.GetProperty("peopleLower").GetDouble() * (1 - 1e-12));
                }
            }

            // The largest stratum has people never listed to estimate and linkage to doubt: a real interval.
            var largest = strata.MaxBy(s => s.GetProperty("figures").GetProperty("plugInPeople").GetInt64()).GetProperty("figures").GetProperty("logLinear");
            largest.GetProperty("lower").GetDouble().ShouldBeLessThan(largest.GetProperty("estimate").GetDouble());
            largest.GetProperty("upper").GetDouble().ShouldBeGreaterThan(largest.GetProperty("estimate").GetDouble());

            people.ShouldBe(root.GetProperty("overall").GetProperty("observed").GetInt64()); // every person in exactly one stratum
            withEstimate.ShouldBeGreaterThan(0);

            // The total over strata over the same samples (ADR 1826): its plug-in is the report's own total.
            var total = root.GetProperty("linkageUncertainty").GetProperty("total");
            total.GetProperty("samples").GetInt32().ShouldBe(8);
            total.GetProperty("plugInPeople").GetInt64().ShouldBe(root.GetProperty("stratifiedTotal").GetProperty("observed").GetInt64());
        }

        var sequence = LinkedPlace.RecordedSequence(estimate);
        var rerun = Cli.Run(place.At("estimate", "--rerun", sequence));
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("The 8 sampled clusterings, drawn again from linkage run");
        rerun.Output.ShouldContain("re-runs to the same figures");
        Cli.Run(place.At("verify")).ExitCode.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_stratified_entry_recorded_before_strata_carried_linkage_uncertainty_still_reruns_and_verifies(string database)
    {
        // What the previous release recorded (estimate.run v3): stratified plug-in histories, whole-input samples, no
        // parameters.linkage.strata and no summary.strata. Made here with the whole-input path that release used.
        var place = await LinkedPlace.CreateAsync(database);
        var recorded = Cli.Run(place.At("estimate", "--method", "loglinear", "--strata", "prison", "--linkage-samples", "0", "--record", "plug-in by prison"));
        recorded.ExitCode.ShouldBe(0, recorded.All);
        var plugInSequence = long.Parse(LinkedPlace.RecordedSequence(recorded), System.Globalization.CultureInfo.InvariantCulture);
        long sequence;
        await using (var store = await WorkspaceStores.OpenAsync(place.Workspace, place.Database, CancellationToken.None))
        {
            var body = Entries.EstimateRun.Read((await store.Lists.EntryAsync(plugInSequence, CancellationToken.None))!);
            var w = body.Input.Workspace!;
            var source = body.Results.GetProperty("source").GetString()!;
            var request = body.Parameters.ToRequest();
            var plugIn = EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(body.Input.Csv), source, "prison"), source, request);
            var space = await LinkagePropagation.SpaceAsync(store, w.Lists, w.LinkageRun!.Value, w.LedgerSize, ClusteringDraw.Guarded, null, CancellationToken.None);
            var whole = LinkagePropagation.Run(space!, plugIn.Overall, w.People, [], null, request, source, 5, 9, TimeSpan.FromHours(1), TimeProvider.System);
            whole.Parameters.Strata.ShouldBeNull();
            var v3 = body with { Parameters = body.Parameters with { Linkage = whole.Parameters }, LinkageUncertainty = whole.Body };
            var appended = await store.AppendAsync([new NewEntry(EntryTypes.EstimateRun, 3, "local:test@host", DateTimeOffset.UnixEpoch, "as the previous release recorded it", EntryJson.Write(v3))], CancellationToken.None);
            sequence = appended[0].Sequence;
        }

        var rerun = Cli.Run(place.At("estimate", "--rerun", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("The 5 sampled clusterings, drawn again from linkage run");
        rerun.Output.ShouldContain("re-runs to the same figures");
        Cli.Run(place.At("verify")).ExitCode.ShouldBe(0);
        var rebuild = Cli.Run(place.At("rebuild"));
        rebuild.ExitCode.ShouldBe(0, rebuild.All);
    }
}
