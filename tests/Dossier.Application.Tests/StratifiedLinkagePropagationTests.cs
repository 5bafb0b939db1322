using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Estimation;

namespace Dossier.Application.Tests;

/// <summary>
/// Per-stratum figures that carry linkage uncertainty (issue 17 item 1, ADR 1819): every sampled clustering is split by
/// stratum by the workspace's own rule, each stratum is estimated and combined beside its plug-in figures.
/// </summary>
public sealed class StratifiedLinkagePropagationTests
{
    private static readonly string[] Lists = ["fam", "ngo", "pris"];

    private static readonly EstimationRequest LogLinear = new() { Method = EstimationMethod.LogLinear };

    /// <summary>
    /// SYNTHETIC people in two prisons (Evin written in both scripts) on three independent lists. Every pair of a
    /// person's rows is linked with probability 1, or — with <paramref name="ambiguous"/> — a share of them with a
    /// probability spread over 0.3–0.8, and false pairs between different people of the same prison are added at 0.3–0.6.
    /// </summary>
    private static (List<StratifiedRow> Rows, List<PairProbability> Pairs) Population(int seed, bool ambiguous)
    {
        var random = new Random(seed);
        var rows = new List<StratifiedRow>();
        var pairs = new List<PairProbability>();
        var byPrison = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        double[] capture = [0.45, 0.4, 0.5];
        for (var person = 0; person < 900; person++)
        {
            var prison = person < 550 ? "Evin" : "Gohardasht";
            var mine = new List<string>();
            for (var l = 0; l < Lists.Length; l++)
            {
                if (random.NextDouble() < capture[l])
                {
                    var key = $"{Lists[l]}/{person:D4}";
                    // A third of Evin's rows write the prison in Persian script: one stratum all the same.
                    var value = prison == "Evin" && random.NextDouble() < 0.33 ? "اوین" : prison;
                    rows.Add(new StratifiedRow(key, Lists[l], value));
                    mine.Add(key);
                }
            }

            for (var i = 0; i < mine.Count; i++)
            {
                for (var j = i + 1; j < mine.Count; j++)
                {
                    pairs.Add(new PairProbability(mine[i], mine[j], ambiguous && random.NextDouble() < 0.3 ? 0.3 + (0.5 * random.NextDouble()) : 1.0));
                }
            }

            if (mine.Count > 0)
            {
                (byPrison.TryGetValue(prison, out var list) ? list : byPrison[prison] = []).Add(mine[0]);
            }
        }

        if (ambiguous)
        {
            foreach (var people in byPrison.Values)
            {
                for (var k = 0; k < people.Count / 10; k++)
                {
                    var (a, b) = (people[random.Next(people.Count)], people[random.Next(people.Count)]);
                    if (a != b && a.Split('/')[0] != b.Split('/')[0])
                    {
                        pairs.Add(new PairProbability(a, b, 0.3 + (0.3 * random.NextDouble())));
                    }
                }
            }
        }

        return (rows, pairs);
    }

    private sealed record Setup(LinkageSpace Space, EstimationReport PlugIn, int PlugInPeople);

    private static Setup Build(bool ambiguous, string? strata = "prison", int seed = 1988)
    {
        var (rows, pairs) = Population(seed, ambiguous);
        var sampler = new ClusteringSampler(rows.Select(r => r.Key), pairs, [], 0.5);
        var plugInClusters = sampler.AtThreshold(0.5);
        var (csv, people, _) = ListService.Tabulate(Lists, rows, key => plugInClusters.TryGetValue(key, out var c) ? c : key, "prison");
        var plugIn = EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(csv), "SYNTHETIC plug-in", "prison"), "SYNTHETIC plug-in", LogLinear);
        var space = new LinkageSpace(sampler, Lists, [.. rows.Select(r => r.Key)], pairs.Count, false, 1) { StrataColumn = strata, StratifiedRows = strata is null ? [] : rows };
        return new Setup(space, plugIn, people);
    }

    private static LinkagePropagationResult Propagate(Setup s, int samples = 12, ulong seed = 5) =>
        LinkagePropagation.Run(s.Space, s.PlugIn.Overall, s.PlugInPeople, s.PlugIn.Strata, s.PlugIn.StratifiedTotal, LogLinear, "SYNTHETIC", samples, seed, TimeSpan.FromHours(1), TimeProvider.System);

    [Fact]
    public void With_certain_pairs_every_stratum_gets_back_its_plug_in_figures_and_no_linkage_variance()
    {
        var s = Build(ambiguous: false);

        var result = Propagate(s);

        s.PlugIn.Strata.Select(x => x.Stratum).ShouldBe(["Evin", "Gohardasht"]); // اوین read as Evin, the more frequent spelling
        result.Parameters.Strata.ShouldBe("prison");
        var strata = result.Summary.Strata!;
        strata.Select(x => x.Stratum).ShouldBe(["Evin", "Gohardasht"]);
        foreach (var (stratum, plugIn) in strata.Zip(s.PlugIn.Strata))
        {
            var f = stratum.Figures;
            (f.PeopleLower, f.PeopleMedian, f.PeopleUpper).ShouldBe((plugIn.Observed, plugIn.Observed, plugIn.Observed));
            f.PlugInPeople.ShouldBe(plugIn.Observed);
            f.LogLinear!.BetweenVariance.ShouldBe(0);
            f.LogLinear.LinkageShare.ShouldBe(0);
            f.LogLinear.Estimate.ShouldBe(plugIn.BestByBic!.Abundance, 1e-9 * plugIn.BestByBic.Abundance);
            f.LogLinear.PlugInEstimate.ShouldBe(plugIn.BestByBic.Abundance);
        }

        // Every sample is the plug-in clustering, tabulated by the same rule: the same histories, stratum column and all.
        var (plugInCsv, _, _) = ListService.Tabulate(Lists, s.Space.StratifiedRows, key => s.Space.Sampler.AtThreshold(0.5).TryGetValue(key, out var c) ? c : key, "prison");
        result.Body.Samples.ShouldAllBe(sample => sample.Histories == plugInCsv);
    }

    [Fact]
    public void With_certain_pairs_the_total_over_strata_is_the_plug_in_total_with_no_linkage_variance()
    {
        var s = Build(ambiguous: false);

        var total = Propagate(s).Summary.Total!;

        var plugIn = s.PlugIn.StratifiedTotal!;
        (total.PlugInPeople, total.PeopleLower, total.PeopleUpper).ShouldBe((plugIn.Observed, plugIn.Observed, plugIn.Observed));
        var ll = total.LogLinear!;
        ll.BetweenVariance.ShouldBe(0);
        ll.Estimate.ShouldBe(plugIn.LogLinearAbundance!.Value, 1e-9 * plugIn.LogLinearAbundance.Value);
        // Rubin's within part alone is the plug-in total's own variance of log N̂ (the delta method on its SE).
        ll.WithinVariance.ShouldBe(Math.Pow(plugIn.LogLinearStandardError!.Value / plugIn.LogLinearAbundance.Value, 2), 1e-12);
        (ll.PlugInModel, ll.PlugInEstimate, ll.PlugInLower, ll.PlugInUpper).ShouldBe((LinkageUncertainty.TotalModel, plugIn.LogLinearAbundance, plugIn.LogLinearLower, plugIn.LogLinearUpper));
        ll.ModelsChosen.ShouldBe([new ModelChoice(LinkageUncertainty.TotalModel, 12)]);
    }

    [Fact]
    public void With_uncertain_pairs_the_total_over_strata_widens_counts_every_sampled_person_and_holds_the_plug_in_total()
    {
        var s = Build(ambiguous: true);

        var result = Propagate(s, samples: 20);

        var ll = result.Summary.Total!.LogLinear!;
        ll.BetweenVariance.ShouldBeGreaterThan(0);
        (ll.Upper / ll.Lower).ShouldBeGreaterThan(Math.Exp(2 * 1.96 * Math.Sqrt(ll.WithinVariance)));
        ll.PlugInEstimate!.Value.ShouldBeInRange(ll.Lower, ll.Upper);
        // Every sampled person is in exactly one stratum, so the total's people are the whole input's, sample by sample.
        (result.Summary.Total.PeopleMedian, result.Summary.Total.PeopleLower, result.Summary.Total.PeopleUpper)
            .ShouldBe((result.Summary.PeopleMedian, result.Summary.PeopleLower, result.Summary.PeopleUpper));
    }

    [Fact]
    public void An_estimate_recorded_without_a_total_replays_without_one()
    {
        var s = Build(ambiguous: true);
        var first = Propagate(s, samples: 4);
        var json = System.Text.Json.Nodes.JsonNode.Parse(LinkageUncertaintyJson.Write(first.Summary))!.AsObject();
        json.Remove("total").ShouldBeTrue();
        var recordedBefore = first.Body with { Summary = System.Text.Json.JsonDocument.Parse(json.ToJsonString()).RootElement.Clone() };

        var replayed = LinkagePropagation.Replay(recordedBefore, first.Parameters, s.PlugIn.Overall, s.PlugInPeople, s.PlugIn.Strata, s.PlugIn.StratifiedTotal, LogLinear, "SYNTHETIC", CancellationToken.None);

        replayed.Total.ShouldBeNull();
        replayed.Strata.ShouldNotBeNull();
        LinkageUncertaintyJson.Write(replayed).ShouldBe(json.ToJsonString());
    }

    [Fact]
    public void A_total_posterior_sums_the_strata_draws_by_position_cut_to_the_shortest_stratum()
    {
        IReadOnlyList<long[]> evin = [[10, 11], [12, 13]];
        IReadOnlyList<long[]> gohardasht = [[100, 101, 102]];

        StratifiedDraws.Sum([evin, gohardasht]).ShouldBe([110L, 112L, 114L]);
        StratifiedDraws.Sum([evin, null]).ShouldBeNull();
        StratifiedDraws.Sum([evin, []]).ShouldBeNull();
    }

    [Fact]
    public void With_uncertain_pairs_each_stratums_interval_widens_and_holds_the_plug_in_figure()
    {
        var certain = Propagate(Build(ambiguous: false)).Summary.Strata!;
        var s = Build(ambiguous: true);

        var strata = Propagate(s, samples: 20).Summary.Strata!;

        for (var i = 0; i < strata.Count; i++)
        {
            var (ll, before) = (strata[i].Figures.LogLinear!, certain[i].Figures.LogLinear!);
            ll.BetweenVariance.ShouldBeGreaterThan(0, strata[i].Stratum);
            ll.LinkageShare.ShouldBeGreaterThan(0.05, strata[i].Stratum);
            // Wider than its own within-sample part alone, and wider (relative to N) than with certain pairs.
            (ll.Upper / ll.Lower).ShouldBeGreaterThan(Math.Exp(2 * 1.96 * Math.Sqrt(ll.WithinVariance)), strata[i].Stratum);
            (ll.Upper / ll.Lower).ShouldBeGreaterThan(before.Upper / before.Lower, strata[i].Stratum);
            ll.PlugInEstimate!.Value.ShouldBeInRange(ll.Lower, ll.Upper, strata[i].Stratum);
            strata[i].Figures.PeopleUpper.ShouldBeGreaterThan(strata[i].Figures.PeopleLower, strata[i].Stratum);
        }

        // The strata's people add up to the whole input's in every sample: a sampled person is in exactly one stratum.
        var result = Propagate(s, samples: 4);
        foreach (var sample in result.Body.Samples)
        {
            var input = CaptureHistoryCsv.Parse(new StringReader(sample.Histories), "sample", "prison");
            input.Strata.Sum(x => x.Histories.Observed).ShouldBe(sample.People);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_figures_and_a_replay_of_the_recorded_samples_gives_them_again()
    {
        var s = Build(ambiguous: true);

        var first = Propagate(s, seed: 11);
        var again = Propagate(Build(ambiguous: true), seed: 11);
        var other = Propagate(s, seed: 12);
        var replayed = LinkagePropagation.Replay(first.Body, first.Parameters, s.PlugIn.Overall, s.PlugInPeople, s.PlugIn.Strata, s.PlugIn.StratifiedTotal, LogLinear, "SYNTHETIC", CancellationToken.None);

        LinkageUncertaintyJson.Write(again.Summary).ShouldBe(LinkageUncertaintyJson.Write(first.Summary));
        LinkageUncertaintyJson.Write(replayed).ShouldBe(LinkageUncertaintyJson.Write(first.Summary));
        LinkageUncertaintyJson.Write(other.Summary).ShouldNotBe(LinkageUncertaintyJson.Write(first.Summary));
        for (var i = 0; i < first.Parameters.Samples; i++)
        {
            LinkagePropagation.Draw(s.Space, i, 11).ShouldBe(first.Body.Samples[i]);
        }
    }

    [Fact]
    public void Without_a_strata_column_the_samples_are_whole_input_as_before_and_nothing_new_is_written()
    {
        var s = Build(ambiguous: true, strata: null);

        var result = Propagate(s, samples: 3);

        result.Summary.Strata.ShouldBeNull();
        result.Parameters.Strata.ShouldBeNull();
        result.Body.Samples[0].Histories.ShouldStartWith("fam,ngo,pris,count\n");
        System.Text.Json.JsonSerializer.Serialize(result.Parameters, EstimateService.JsonOptions).ShouldNotContain("strata");
        LinkageUncertaintyJson.Write(result.Summary).ShouldNotContain("strata");
    }

    [Fact]
    public void A_cluster_takes_the_stratum_most_of_its_rows_give_ties_go_to_the_first_key_and_none_is_not_recorded()
    {
        StratifiedRow[] rows =
        [
            new("fam/1", "fam", "Evin"), new("ngo/1", "ngo", "اوین"), new("pris/1", "pris", "Gohardasht"), // 2 Evin : 1 Gohardasht
            new("fam/2", "fam", "Gohardasht"), new("ngo/2", "ngo", "Evin"),                                   // a tie
            new("fam/3", "fam", null), new("ngo/3", "ngo", null),                                             // no value
            new("fam/4", "fam", "Gohardasht"),
        ];
        var cluster = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ngo/1"] = "fam/1", ["pris/1"] = "fam/1", ["ngo/2"] = "fam/2", ["ngo/3"] = "fam/3",
        };

        var (csv, people, groups) = ListService.Tabulate(Lists, rows, key => cluster.GetValueOrDefault(key, key), "prison");

        people.ShouldBe(4);
        groups.Single().Stratum.ShouldBe("Evin");
        groups.Single().Spellings.ShouldBe(["Evin", "اوین"]);
        // The tie goes to the group whose key sorts first (as the workspace's plug-in histories do): Evin's key before Gohardasht's.
        csv.ShouldBe("fam,ngo,pris,prison,count\n1,1,0,(not recorded),1\n1,1,0,Evin,1\n1,1,1,Evin,1\n1,0,0,Gohardasht,1\n");
    }

    /// <summary>A clock that moves one second each time it is read: every sample then "takes" the same time, strata or not.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks += TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void Strata_share_one_budget_for_the_whole_sample_rather_than_one_each()
    {
        // Read once at the start and once before each sample: before sample i (i ≥ 2) i + 1 s have passed, and the next
        // would end past 5 s from sample 3 on. Split by two strata or not, the same 3 samples fit, and the output says so.
        var whole = LinkagePropagation.Run(Build(ambiguous: true, strata: null).Space, Build(ambiguous: true).PlugIn.Overall, 0, [], null, LogLinear, "SYNTHETIC", 20, 5, TimeSpan.FromSeconds(5), new SteppingClock());
        var s = Build(ambiguous: true);
        var byStratum = LinkagePropagation.Run(s.Space, s.PlugIn.Overall, s.PlugInPeople, s.PlugIn.Strata, s.PlugIn.StratifiedTotal, LogLinear, "SYNTHETIC", 20, 5, TimeSpan.FromSeconds(5), new SteppingClock());

        byStratum.Parameters.Samples.ShouldBe(whole.Parameters.Samples);
        byStratum.Parameters.Samples.ShouldBe(3);
        byStratum.Summary.Warnings.ShouldContain("the time budget (5 s) allowed 3 of the 20 sampled clusterings asked for");
        byStratum.Summary.Strata!.ShouldAllBe(x => x.Figures.Samples == 3);
    }
}
