using Dossier.Estimation.Bayesian;
using Dossier.Testing;
using Xunit.Abstractions;

namespace Dossier.Estimation.Tests;

public sealed class LatentClassTests(ITestOutputHelper output)
{
    // The coverage guards measure the model with a run of fixed length (burn-in 5,000 + 1,000 × 5), not convergence.
    private const long FixedLength = 10_000;

    // LCMCR 0.4.14 (R 4.2.2, built from CRAN's source on this machine for comparison only): lcmCR(K = 10,
    // a_alpha = b_alpha = 0.25) and lcmCR_PostSampl(burnin = 10000, samples = 5000, thinning = 10), four runs with
    // seeds 1001–1004 pooled (20,000 draws). Figures: posterior median and 2.5% / 97.5% quantiles of N.
    [SharedDataTheory]
    [InlineData("HIV", 10939, 9356, 13087)]
    [InlineData("lesbian", 5493, 4438, 7238)]
    public void Posterior_of_N_should_agree_with_LCMCR_within_Monte_Carlo_error(string dataset, double median, double lower, double upper)
    {
        var h = CaptureHistoryCsv.Read(TestEnvironment.SharedData(RcaptureReference.Files[dataset])).Total;
        var r = LatentClassModel.Run(h, new LatentClassOptions { Seed = 2024, Samples = 5000 });
        ShouldAgreeWithLcmcr(dataset, r, median, lower, upper);
    }

    // Kosovo 1999 (Data/kosovo.csv, n = 4,400; see Data/README.md), a set the reference tests above never saw. LCMCR
    // 0.4.14 (R 4.2.2 Patched, Debian 12, built from CRAN's source outside the repository): lcmCR(K = 10, a_alpha =
    // b_alpha = 0.25) and lcmCR_PostSampl(burnin = 10000, samples = 50000, thinning = 4), five runs of four chains
    // with seeds 10s + c (s = 101–105, c = 1–4), 1,000,000 draws pooled: median 10,434, 95% bounds 9,023 and 13,984
    // (the five runs alone: medians 10,369–10,480, bounds 8,793–9,183 and 13,586–14,327).
    [Fact]
    public void Default_run_on_Kosovo_should_converge_and_agree_with_LCMCR_long_run()
    {
        var h = CaptureHistoryCsv.Read(Path.Combine(AppContext.BaseDirectory, "Data", "kosovo.csv")).Total;

        var r = LatentClassModel.Run(h, new LatentClassOptions());

        output.WriteLine($"sweeps {r.Iterations:N0} converged {r.Converged}");
        r.Converged.ShouldBe(true);
        r.Rhat.ShouldBeLessThanOrEqualTo(1.01);
        r.EffectiveSampleSize.ShouldBeGreaterThanOrEqualTo(400);
        ShouldAgreeWithLcmcr("Kosovo", r, 10434, 9023, 13984);
    }

    private void ShouldAgreeWithLcmcr(string dataset, LatentClassResult r, double median, double lower, double upper)
    {
        output.WriteLine($"{dataset}: median {r.Median} [{r.Lower}, {r.Upper}] ess {r.EffectiveSampleSize:F0} rhat {r.Rhat:F3}");
        // Monte Carlo error of a median from a few hundred effective draws of a posterior with sd ≈ 700–1000
        // is tens of people; 4% of the median for it and 8% for the tail quantiles covers both runs' noise.
        Math.Abs(r.Median - median).ShouldBeLessThan(0.04 * median);
        Math.Abs(r.Lower - lower).ShouldBeLessThan(0.08 * lower);
        Math.Abs(r.Upper - upper).ShouldBeLessThan(0.08 * upper);
    }

    [Fact]
    public void Intervals_should_cover_the_true_N_in_most_simulations_with_heterogeneous_capture()
    {
        // 20 SYNTHETIC populations of 2,000 in two latent classes (60% / 40%) whose capture chances on four lists
        // differ two-fold: heterogeneous capture, and lists dependent once the classes are mixed.
        const int trueN = 2000;
        var covered = 0;
        for (var rep = 0; rep < 20; rep++)
        {
            var h = SyntheticHistories.Generate(trueN, [0.6, 0.4], [[0.5, 0.45, 0.4, 0.5], [0.25, 0.2, 0.3, 0.2]], 100 + (ulong)rep);
            var r = LatentClassModel.Run(h, new LatentClassOptions { Seed = (ulong)rep + 1, Burnin = 5000, Samples = 1000, Thinning = 5, Chains = 2, MaxSweepsPerChain = FixedLength });
            output.WriteLine($"rep {rep}: n {h.Observed} median {r.Median} [{r.Lower}, {r.Upper}]");
            if (r.Lower <= trueN && trueN <= r.Upper)
            {
                covered++;
            }
        }

        output.WriteLine($"covered {covered} of 20");
        // Observed: 13 of 20 with sampler 2 (16 when both chains started from α = 0.1: runs this short are not
        // converged here, so where the chains start shows). The misses are all low (medians near 1,900): the model's
        // prior favours few latent classes. LCMCR 0.4.14 run on the same 20 replicates (2 chains × (10,000 + 5,000 ×
        // 10) sweeps) covers 14 of 20, with intervals like Dossier's (rep 4: 1,849–1,959 against 1,847–1,961), so
        // this is the model, not the sampler. The 90% target is not met in this scenario; see
        // docs/estimation.md. This guards against regressions.
        covered.ShouldBeGreaterThanOrEqualTo(12);
    }

    [Fact]
    public void Intervals_should_cover_the_true_N_when_two_communities_are_each_recorded_by_their_own_list_and_lists_copy_each_other()
    {
        // The study's main design for the 1988 case (docs/estimation.md): 20 SYNTHETIC populations of 3,000 in two
        // communities (70% / 30%), five lists; lists 3 and 4 each reach one community far better than the other,
        // and list 2 is twice as likely for people on list 1. Heterogeneous capture and dependent lists.
        const int trueN = 3000;
        var covered = 0;
        for (var rep = 0; rep < 20; rep++)
        {
            var h = SyntheticHistories.Generate(trueN, [0.7, 0.3], [[0.30, 0.20, 0.55, 0.05, 0.20], [0.30, 0.20, 0.05, 0.55, 0.20]], 500 + (ulong)rep, secondListDependence: 2);
            var r = LatentClassModel.Run(h, new LatentClassOptions { Seed = (ulong)rep + 1, Burnin = 5000, Samples = 1000, Thinning = 5, Chains = 2, MaxSweepsPerChain = FixedLength });
            output.WriteLine($"rep {rep}: n {h.Observed} median {r.Median} [{r.Lower}, {r.Upper}]");
            if (r.Lower <= trueN && trueN <= r.Upper)
            {
                covered++;
            }
        }

        output.WriteLine($"covered {covered} of 20");
        // The bar is 90%; the full study (100 replicates, docs/BENCHMARKS.md) is the measurement, this the guard.
        covered.ShouldBeGreaterThanOrEqualTo(18);
    }

    [Fact]
    public void The_same_seed_should_reproduce_the_same_draws()
    {
        var h = SyntheticHistories.FourListBenchmark();
        var options = new LatentClassOptions { Seed = 9, Burnin = 500, Samples = 100, Thinning = 2, Chains = 2, MaxSweepsPerChain = 2_000 };
        foreach (var o in new[] { options, options with { Sampler = 1 } })
        {
            var a = LatentClassModel.Run(h, o);
            var b = LatentClassModel.Run(h, o);
            var c = LatentClassModel.Run(h, o with { Seed = 10 });
            a.Draws.ShouldBe(b.Draws);
            a.Draws.ShouldNotBe(c.Draws);
        }
    }

    [Fact]
    public void Progress_should_report_each_round_from_zero_to_done_and_change_no_draw()
    {
        // Targets no short run meets, so sampler 2 lengthens its run: 100 → 200 → 400 → 800 draws per chain.
        var h = SyntheticHistories.FourListBenchmark();
        var options = new LatentClassOptions { Seed = 9, Burnin = 200, Samples = 100, Thinning = 2, Chains = 2, MaxSweepsPerChain = 1_800, TargetEffectiveSamples = 1_000_000 };
        var reports = new List<EstimationProgress>();
        var watched = LatentClassModel.Run(h, options, new Recorder(reports), CancellationToken.None);
        var quiet = LatentClassModel.Run(h, options);

        watched.Draws.ShouldBe(quiet.Draws);
        var stages = reports.Select(r => r.Stage).Distinct().ToList();
        stages.ShouldBe(["100 draws per chain", "200 draws per chain", "400 draws per chain", "800 draws per chain"]);
        foreach (var stage in stages)
        {
            var shares = reports.Where(r => r.Stage == stage).Select(r => r.Fraction).ToList();
            shares[0].ShouldBe(0);
            shares[^1].ShouldBe(1);
            shares.ShouldBeInOrder(SortDirection.Ascending);
        }
    }

    // Reports kept as they arrive (from the first chain's thread and the caller's), in order.
    private sealed class Recorder(List<EstimationProgress> into) : IProgress<EstimationProgress>
    {
        public void Report(EstimationProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }

    [SharedDataFact]
    public void Lengthening_should_be_decided_by_the_draws_so_the_same_seed_gives_the_same_length_and_numbers()
    {
        // A short first run on the lesbian set (which mixes slowly) cannot meet the targets, so the chains run on,
        // doubling their draws (100 → 200 → 300, the budget: (3,500 − 500) / 10), and keep the later half.
        var h = CaptureHistoryCsv.Read(TestEnvironment.SharedData(RcaptureReference.Files["lesbian"])).Total;
        var options = new LatentClassOptions { Seed = 3, Burnin = 500, Samples = 100, Thinning = 10, MaxSweepsPerChain = 3_500 };

        var a = LatentClassModel.Run(h, options);
        var b = LatentClassModel.Run(h, options);

        output.WriteLine($"samples {a.Options.Samples} burn-in {a.Options.Burnin} R-hat {a.Rhat:F3} ESS {a.EffectiveSampleSize:F0} converged {a.Converged}");
        a.Converged.ShouldBe(false);
        a.Options.Samples.ShouldBe(150); // the later half of 300 draws
        a.Options.Burnin.ShouldBe(500 + (150 * 10));
        a.DrawsByChain.ShouldAllBe(chain => chain.Length == 150);
        a.Iterations.ShouldBe(4L * 3_500);
        a.Draws.ShouldBe(b.Draws);

        // The chains were continued, not restarted: a run stopped at 200 draws keeps draws 100-199, and the longer
        // run's kept draws 150-299 begin with the same 50.
        var shorter = LatentClassModel.Run(h, options with { MaxSweepsPerChain = 2_500 });
        shorter.Options.Samples.ShouldBe(100);
        for (var c = 0; c < 4; c++)
        {
            a.DrawsByChain[c][..50].ShouldBe(shorter.DrawsByChain[c][50..]);
        }
    }

    [SharedDataFact]
    public void A_run_that_cannot_converge_within_its_budget_should_say_the_interval_is_unreliable_and_why()
    {
        var h = CaptureHistoryCsv.Read(TestEnvironment.SharedData(RcaptureReference.Files["UKdat_5"])).Total;

        var r = LatentClassModel.Run(h, new LatentClassOptions { Seed = 1, Burnin = 200, Samples = 20, Thinning = 1, MaxSweepsPerChain = 300 });

        r.Converged.ShouldBe(false);
        var warning = r.Warnings.ShouldHaveSingleItem();
        warning.ShouldContain("the interval is unreliable");
        warning.ShouldContain("300 sweeps per chain");
        (r.Rhat > 1.01 || r.EffectiveSampleSize < 400).ShouldBeTrue();
        if (r.EffectiveSampleSize < 400)
        {
            warning.ShouldContain("effective sample size");
        }

        var summary = EstimationRunner.Run(new CaptureHistoryInput(h, [], null, []), "UKdat_5",
            new EstimationRequest { Method = EstimationMethod.LatentClass, LatentClass = new LatentClassOptions { Seed = 1, Burnin = 200, Samples = 20, Thinning = 1, MaxSweepsPerChain = 300 } });
        var json = System.Text.Json.JsonDocument.Parse(summary.ToJson()).RootElement.GetProperty("overall").GetProperty("latentClass");
        json.GetProperty("converged").GetBoolean().ShouldBeFalse();
        json.GetProperty("sampler").GetInt32().ShouldBe(2);
        json.GetProperty("warnings")[0].GetString().ShouldBe(warning);
    }

    [SharedDataFact]
    public void Label_switching_moves_should_let_HIV_chains_mix_where_the_first_sampler_stuck()
    {
        // Issue 17: with LCMCR's settings (K* = 10, burn-in 10,000, 1,000 × 10, 4 chains) the first sampler left a
        // chain behind a small class, with a second class and a higher N, for hundreds of thousands of sweeps; R-hat
        // exceeded 1.05 in most runs. The same fixed-length runs with the label-switching moves mix.
        var h = CaptureHistoryCsv.Read(TestEnvironment.SharedData(RcaptureReference.Files["HIV"])).Total;
        var fixedRun = new LatentClassOptions { MaxSweepsPerChain = 20_000 };
        var first = new List<(double Rhat, double Ess)>();
        var second = new List<(double Rhat, double Ess)>();
        for (ulong seed = 1; seed <= 8; seed++)
        {
            var a = LatentClassModel.Run(h, fixedRun with { Seed = seed, Sampler = 1 });
            var b = LatentClassModel.Run(h, fixedRun with { Seed = seed });
            b.Options.Samples.ShouldBe(1000); // not lengthened
            output.WriteLine($"seed {seed}: sampler 1 R-hat {a.Rhat:F3} ESS {a.EffectiveSampleSize:F0}; sampler 2 R-hat {b.Rhat:F3} ESS {b.EffectiveSampleSize:F0}");
            first.Add((a.Rhat, a.EffectiveSampleSize));
            second.Add((b.Rhat, b.EffectiveSampleSize));
        }

        // Measured (seeds 1-8): sampler 1 R-hat > 1.05 in 5 (up to 1.141), ESS 22-1,122 (median 37); sampler 2 R-hat
        // 1.001-1.008, ESS 421-1,078 (median 823). LCMCR over 20 seeds: R-hat > 1.05 in 7, median ESS 619.
        first.Count(x => x.Rhat > 1.05).ShouldBeGreaterThanOrEqualTo(3);
        second.ShouldAllBe(x => x.Rhat < 1.05);
        second.Count(x => x.Ess >= 400).ShouldBeGreaterThanOrEqualTo(7);
        second.Select(x => x.Ess).Order().ElementAt(4).ShouldBeGreaterThan(first.Select(x => x.Ess).Order().ElementAt(4));
    }
}
