using System.Net.Http.Json;
using System.Text.Json;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Estimation;
using Microsoft.AspNetCore.Builder;

namespace Dossier.Web.Tests;

/// <summary>
/// A stratified estimate from the demo's linked SYNTHETIC lists whose strata carry linkage uncertainty (ADR 1819): the API
/// answer and the estimate's page give each stratum's plug-in and propagated figures and say which are used, in English
/// and in Persian; an estimate whose samples were whole-input says its strata are plug-in.
/// </summary>
public abstract class EstimateStrataWebTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        _client = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Analyst);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Records an estimate by prison from the demo's lists, its samples split by stratum or (as before ADR 1819) whole.</summary>
    private async Task<(long Sequence, EstimationReport PlugIn)> RecordAsync(bool perStratum)
    {
        var store = demo.Store;
        var histories = await new ListService(store, TimeProvider.System).HistoriesAsync(null, "prison", CancellationToken.None);
        histories.Ok.ShouldBeTrue(string.Join("; ", histories.Problems));
        var h = histories.Value!;
        var parameters = new EstimateParameters(nameof(EstimationMethod.LogLinear), "prison", 1988, null);
        var report = EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(h.Csv), h.Source, "prison"), h.Source, parameters.ToRequest());
        var space = await LinkagePropagation.SpaceAsync(store, h.Lists, h.LinkageRun, h.LedgerSize, ClusteringDraw.Guarded, perStratum ? "prison" : null, CancellationToken.None);
        var propagated = LinkagePropagation.Run(space!, report.Overall, h.People, perStratum ? report.Strata : [], perStratum ? report.StratifiedTotal : null, parameters.ToRequest(), h.Source, 6, 4, TimeSpan.FromHours(1), TimeProvider.System);
        var by = new Dossier.Application.Access.Principal("local:test@host", Dossier.Application.Access.Role.Analyst);
        var (sequence, error) = await new EstimateService(store, TimeProvider.System).RecordAsync(
            new EstimateInput("workspace-histories.csv", h.Csv, h), parameters with { Linkage = propagated.Parameters }, report, by, "SYNTHETIC: by prison", CancellationToken.None, propagated.Body);
        error.ShouldBeNull();
        return (sequence!.Value, report);
    }

    [Fact]
    public async Task The_answer_and_the_page_give_each_strata_figures_both_ways_and_say_the_propagated_ones_are_used()
    {
        var (sequence, plugIn) = await RecordAsync(perStratum: true);

        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/estimates/{sequence}");

        detail.GetProperty("figuresUsed").GetString().ShouldBe("propagated");
        detail.GetProperty("strataFiguresUsed").GetString().ShouldBe("propagated");
        detail.GetProperty("parameters").GetProperty("linkage").GetProperty("strata").GetString().ShouldBe("prison");
        var strata = detail.GetProperty("linkageUncertainty").GetProperty("strata").EnumerateArray().ToList();
        strata.Select(s => s.GetProperty("stratum").GetString()).ShouldBe(plugIn.Strata.Select(s => s.Stratum));
        foreach (var (s, p) in strata.Zip(plugIn.Strata))
        {
            var f = s.GetProperty("figures");
            f.GetProperty("plugInPeople").GetInt64().ShouldBe(p.Observed);
            f.GetProperty("samples").GetInt32().ShouldBe(6);
        }

        var page = await _client.GetStringAsync($"/estimates/{sequence}");
        page.ShouldContain("data-used=\"propagated-strata\"");
        page.ShouldNotContain("data-used=\"plug-in-strata\"");
        // One row per stratum and figure: the documented count, and N where the stratum's lists overlap enough to give one.
        var rows = System.Text.RegularExpressions.Regex.Count(page, "<tr data-stratum=");
        var withN = strata.Count(s => s.GetProperty("figures").TryGetProperty("logLinear", out var ll) && ll.ValueKind == JsonValueKind.Object);
        withN.ShouldBeGreaterThan(0);
        rows.ShouldBe(strata.Count + withN);
        System.Text.RegularExpressions.Regex.Count(page, "<tr data-stratum=\"[^\"]*\" data-kind=\"loglinear\"").ShouldBe(withN);
        page.ShouldContain("Per-stratum figures used: with linkage uncertainty");
        // The total over strata over the same samples (ADR 1826), on the page and in the answer, apart from the strata.
        detail.GetProperty("totalFiguresUsed").GetString().ShouldBe("propagated");
        var total = detail.GetProperty("linkageUncertainty").GetProperty("total");
        total.GetProperty("plugInPeople").GetInt64().ShouldBe(plugIn.StratifiedTotal!.Observed);
        System.Text.RegularExpressions.Regex.Count(page, "<tr class=\"total\" data-total=\"strata\" data-kind=\"people\"").ShouldBe(1);
        page.ShouldNotContain("data-used=\"plug-in-total\"");

        var persian = await _client.GetStringAsync($"/estimates/{sequence}?lang=fa");
        persian.ShouldContain("به تفکیک لایه");
        persian.ShouldContain("ارقامِ به‌کاررفته برای هر لایه: با عدم قطعیت پیوند");
        persian.ShouldNotContain("Per-stratum figures used");
    }

    [Fact]
    public async Task An_estimate_whose_samples_were_whole_input_says_its_strata_are_plug_in()
    {
        var (sequence, _) = await RecordAsync(perStratum: false);

        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/estimates/{sequence}");

        detail.GetProperty("figuresUsed").GetString().ShouldBe("propagated");
        detail.GetProperty("strataFiguresUsed").GetString().ShouldBe("plug-in");
        detail.GetProperty("totalFiguresUsed").GetString().ShouldBe("plug-in");
        detail.GetProperty("linkageUncertainty").TryGetProperty("strata", out _).ShouldBeFalse();
        var page = await _client.GetStringAsync($"/estimates/{sequence}");
        page.ShouldContain("data-used=\"plug-in-strata\"");
        page.ShouldNotContain("<tr data-stratum=");
        (await _client.GetStringAsync($"/estimates/{sequence}?lang=fa")).ShouldContain("این برآورد عدم قطعیت پیوند را تنها در ارقامِ کلِ داده‌ها گنجانده است");
    }
}
