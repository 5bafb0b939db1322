using Dossier.Estimation.LogLinear;
using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.Tests;

/// <summary>Combining estimates over sampled clusterings (ADR 0207): Rubin's rules by hand, pooled draws, Student's t against R.</summary>
public sealed class LinkageUncertaintyTests
{
    // R 4.2: qt(0.975, df) for these df (printed to 7 digits; R's own figures, also in every table of t).
    [Theory]
    [InlineData(1, 12.7062047)]
    [InlineData(2, 4.3026527)]
    [InlineData(5, 2.5705818)]
    [InlineData(10, 2.2281389)]
    [InlineData(19, 2.0930241)]
    [InlineData(30, 2.0422725)]
    [InlineData(1000, 1.9623391)]
    public void Student_t_quantiles_should_match_Rs_qt(double df, double expected)
    {
        SpecialFunctions.StudentTQuantile(0.975, df).ShouldBe(expected, 5e-7);
        SpecialFunctions.StudentTQuantile(0.025, df).ShouldBe(-expected, 5e-7);
    }

    [Fact]
    public void Student_t_with_a_fractional_df_lies_between_its_integer_neighbours()
    {
        var t = SpecialFunctions.StudentTQuantile(0.975, 2.5);
        t.ShouldBeLessThan(4.3026527);
        t.ShouldBeGreaterThan(3.1824463); // qt(0.975, 3)
        SpecialFunctions.StudentTCdf(t, 2.5).ShouldBe(0.975, 1e-10);
    }

    private static StratumReport Stratum(double abundance, double se, string model = "[1,2,3]", long observed = 100) =>
        new("(all)", observed, [50, 50, 50], 10, [], 1,
            [new RankedEstimate(new LogLinearEstimate(model, abundance, se, 1, 1, 1, 1, 0, []), 0, 0, [])], null, null, []);

    [Fact]
    public void Rubins_rules_should_give_the_figures_worked_by_hand()
    {
        // Three samples: log N̂ = log 1000, log 1100, log 1210 (equal steps of log 1.1); SE/N̂ = 0.05 in each.
        var samples = new[] { 1000.0, 1100, 1210 }.Select((n, i) => new LinkageSampleEstimate(900 + i, Stratum(n, 0.05 * n))).ToList();

        var summary = LinkageUncertainty.Combine(Stratum(1050, 50), 905, samples);

        var ll = summary.LogLinear!;
        var step = Math.Log(1.1);
        ll.Estimate.ShouldBe(1100, 1e-9);                   // exp(mean of the logs)
        ll.WithinVariance.ShouldBe(0.0025, 1e-15);
        ll.BetweenVariance.ShouldBe(step * step, 1e-12);     // var(−s, 0, s) with n − 1 = s²
        var total = 0.0025 + (4.0 / 3 * step * step);
        var df = 2 * Math.Pow(1 + (0.0025 / (4.0 / 3 * step * step)), 2);
        ll.DegreesOfFreedom.ShouldBe(df, 1e-9);
        var half = SpecialFunctions.StudentTQuantile(0.975, df) * Math.Sqrt(total);
        ll.Lower.ShouldBe(1100 * Math.Exp(-half), 1e-6);
        ll.Upper.ShouldBe(1100 * Math.Exp(half), 1e-6);
        ll.LinkageShare.ShouldBe(4.0 / 3 * step * step / total, 1e-12);
        ll.PlugInEstimate.ShouldBe(1050);
        summary.PlugInPeople.ShouldBe(905);
        summary.PeopleMedian.ShouldBe(901);
        summary.PeopleLower.ShouldBe(900.05, 1e-9);          // type 7: 900 + 0.05 × 1
        summary.PeopleUpper.ShouldBe(901.95, 1e-9);
        summary.Warnings.ShouldContain(w => w.Contains("only 3 sampled clusterings", StringComparison.Ordinal));
    }

    [Fact]
    public void When_every_sample_agrees_the_interval_is_the_plain_normal_one_on_the_log_scale()
    {
        var samples = Enumerable.Range(0, 12).Select(_ => new LinkageSampleEstimate(900, Stratum(2000, 100))).ToList();

        var ll = LinkageUncertainty.Combine(Stratum(2000, 100), 900, samples).LogLinear!;

        ll.BetweenVariance.ShouldBe(0);
        double.IsPositiveInfinity(ll.DegreesOfFreedom).ShouldBeTrue();
        ll.Lower.ShouldBe(2000 * Math.Exp(-1.959963985 * 0.05), 1e-3);
        ll.Upper.ShouldBe(2000 * Math.Exp(1.959963985 * 0.05), 1e-3);
        ll.LinkageShare.ShouldBe(0);
    }

    [Fact]
    public void Samples_without_an_estimate_are_left_out_and_said_so_and_differing_best_models_are_named()
    {
        var samples = new List<LinkageSampleEstimate>
        {
            new(900, Stratum(1000, 50, "[12,3]")),
            new(901, Stratum(double.NaN, double.NaN)),
            new(902, Stratum(1010, 50, "[1,2,3]")),
            new(903, Stratum(1020, 50, "[1,2,3]")),
        };

        var summary = LinkageUncertainty.Combine(Stratum(1000, 50), 900, samples);

        summary.LogLinear!.Used.ShouldBe(3);
        summary.LogLinear.ModelsChosen.ShouldBe([new ModelChoice("[1,2,3]", 2), new ModelChoice("[12,3]", 1)]);
        summary.Warnings.ShouldContain(w => w.Contains("1 of 4 sampled clusterings gave no finite estimate", StringComparison.Ordinal));
        summary.Warnings.ShouldContain(w => w.Contains("differs between sampled clusterings", StringComparison.Ordinal));
    }

    [Fact]
    public void Pooled_draws_weigh_every_sample_the_same_however_many_draws_it_has()
    {
        // Sample 1: 4,000 draws all at 100; sample 2: 10 draws all at 200. Equal weight puts the median between them.
        var samples = new[] { new LinkageSampleEstimate(50, Stratum(100, 5)), new LinkageSampleEstimate(60, Stratum(200, 5)) };
        IReadOnlyList<IReadOnlyList<long[]>?> draws = [[Enumerable.Repeat(100L, 2000).ToArray(), Enumerable.Repeat(100L, 2000).ToArray()], [Enumerable.Repeat(200L, 10).ToArray()]];

        var lc = LinkageUncertainty.Combine(Stratum(100, 5), 50, samples, draws).LatentClass!;

        lc.DrawsPerSample.ShouldBe(10);
        lc.Median.ShouldBe(150);
        lc.Lower.ShouldBe(100);
        lc.Upper.ShouldBe(200);
    }

    [Fact]
    public void The_summary_reads_back_from_its_JSON_unchanged()
    {
        var samples = new[] { 1000.0, 1100, 1210 }.Select((n, i) => new LinkageSampleEstimate(900 + i, Stratum(n, 0.05 * n))).ToList();
        var summary = LinkageUncertainty.Combine(Stratum(1050, 50), 905, samples);

        var json = LinkageUncertaintyJson.Write(summary);
        var back = LinkageUncertaintyJson.Read(System.Text.Json.JsonDocument.Parse(json).RootElement)!;

        LinkageUncertaintyJson.Write(back).ShouldBe(json);
        back.LogLinear!.Upper.ShouldBe(summary.LogLinear!.Upper);
    }

    private static StratumReport Named(string stratum, double abundance, double se, long observed) => Stratum(abundance, se, observed: observed) with { Stratum = stratum };

    [Fact]
    public void Each_stratum_is_combined_over_the_samples_as_the_whole_input_is()
    {
        // Stratum Evin: the hand-worked samples above; Gohardasht: the same estimate in every sample.
        IReadOnlyList<StratumReport> plugIn = [Named("Evin", 1050, 50, 905), Named("Gohardasht", 400, 20, 300)];
        var evin = new[] { 1000.0, 1100, 1210 };
        IReadOnlyList<IReadOnlyList<StratumReport>> samples = [.. evin.Select((n, i) => (IReadOnlyList<StratumReport>)[Named("Evin", n, 0.05 * n, 900 + i), Named("Gohardasht", 400, 20, 300)])];
        var warnings = new List<string>();

        var strata = LinkageUncertainty.CombineStrata(plugIn, samples, warnings);

        strata.Select(s => s.Stratum).ShouldBe(["Evin", "Gohardasht"]);
        var byHand = LinkageUncertainty.Combine(plugIn[0], 905, [.. evin.Select((n, i) => new LinkageSampleEstimate(900 + i, Named("Evin", n, 0.05 * n, 900 + i)))]);
        LinkageUncertaintyJson.Write(strata[0].Figures).ShouldBe(LinkageUncertaintyJson.Write(byHand));
        strata[0].Figures.LogLinear!.Estimate.ShouldBe(1100, 1e-9);
        strata[0].Figures.PlugInPeople.ShouldBe(905);
        strata[0].Figures.PeopleMedian.ShouldBe(901);
        // Gohardasht never moves: no variance from linkage, the people's range is one number, the estimate the plug-in's.
        var g = strata[1].Figures;
        g.LogLinear!.BetweenVariance.ShouldBe(0);
        g.LogLinear.LinkageShare.ShouldBe(0);
        g.LogLinear.Estimate.ShouldBe(400, 1e-9);
        (g.PeopleLower, g.PeopleUpper).ShouldBe((300.0, 300.0));
        warnings.ShouldBeEmpty();
    }

    [Fact]
    public void A_stratum_no_one_falls_in_counts_zero_people_there_and_a_stratum_only_samples_have_is_named()
    {
        IReadOnlyList<StratumReport> plugIn = [Named("Evin", 1000, 50, 900), Named("Qezel Hesar", 30, 5, 20)];
        IReadOnlyList<IReadOnlyList<StratumReport>> samples =
        [
            [Named("Evin", 1000, 50, 900), Named("Qezel Hesar", 31, 5, 21)],
            [Named("Evin", 1040, 52, 910)],
            [Named("Evin", 1020, 51, 905), Named("Qezel Hesar", 29, 5, 19), Named("(not recorded)", 3, 1, 2)],
        ];
        var warnings = new List<string>();

        var strata = LinkageUncertainty.CombineStrata(plugIn, samples, warnings);

        var q = strata[1].Figures;
        q.Warnings[0].ShouldContain("no one fell in this stratum in 1 of 3 sampled clusterings");
        q.PeopleMin.ShouldBe(0);
        q.LogLinear!.Used.ShouldBe(2);
        warnings.ShouldBe(["stratum '(not recorded)' appears in 1 of 3 sampled clusterings but not in the plug-in clustering; its people there are in the whole-input figures only"]);
    }

    [Fact]
    public void A_summary_without_strata_writes_no_strata_member_so_older_entries_replay_byte_for_byte()
    {
        var samples = new[] { 1000.0, 1100 }.Select((n, i) => new LinkageSampleEstimate(900 + i, Stratum(n, 0.05 * n))).ToList();
        var summary = LinkageUncertainty.Combine(Stratum(1050, 50), 905, samples);

        LinkageUncertaintyJson.Write(summary).ShouldNotContain("strata");
        var stratified = summary with { Strata = [new StratumLinkageUncertainty("Evin", summary)] };
        var back = LinkageUncertaintyJson.Read(System.Text.Json.JsonDocument.Parse(LinkageUncertaintyJson.Write(stratified)).RootElement)!;
        back.Strata!.Single().Stratum.ShouldBe("Evin");
        LinkageUncertaintyJson.Write(back).ShouldBe(LinkageUncertaintyJson.Write(stratified));
    }
}
