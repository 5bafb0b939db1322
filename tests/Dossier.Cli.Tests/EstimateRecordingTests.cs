using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Estimates;
using Dossier.Application.Ledger;
using Dossier.Estimation;
using Dossier.Storage;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class EstimateRecordingTests
{
    [SharedDataFact]
    public void A_recorded_estimate_is_a_ledger_entry_that_reruns_to_the_same_figures()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var input = TestEnvironment.SharedData("mse/rcapture_lesbian.csv");

        var run = Cli.Run("estimate", "--input", input, "--method", "all", "--seed", "11", "--record", "figure for the dossier", "--workspace", workspace);

        run.ExitCode.ShouldBe(0);
        run.Output.ShouldContain("Recorded as ledger entry #0");
        var rerun = Cli.Run("estimate", "--rerun", "0", "--workspace", workspace);
        rerun.ExitCode.ShouldBe(0);
        rerun.Output.ShouldContain("re-runs to the same figures");
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
    }

    [SharedDataFact]
    public void The_sampler_settings_the_report_advises_can_be_given_and_are_recorded_for_the_rerun()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var input = TestEnvironment.SharedData("mse/rcapture_lesbian.csv");
        var plain = Path.Combine(workspace, "plain.json");
        var shorter = Path.Combine(workspace, "shorter.json");

        Cli.Run("estimate", "--input", input, "--method", "lcmcr", "--seed", "5", "--out", plain, "--workspace", workspace).ExitCode.ShouldBe(0);
        var run = Cli.Run("estimate", "--input", input, "--method", "lcmcr", "--seed", "5", "--samples", "200", "--burnin", "500", "--chains", "2",
            "--out", shorter, "--record", "quick look", "--workspace", workspace);

        run.ExitCode.ShouldBe(0, run.All);
        File.ReadAllText(shorter).ShouldNotBe(File.ReadAllText(plain)); // other settings, other draws
        var rerun = Cli.Run("estimate", "--rerun", "0", "--workspace", workspace);
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("re-runs to the same figures");
        Cli.Run("estimate", "--input", input, "--samples", "5", "--workspace", workspace).ExitCode.ShouldBe(2);
        Cli.Run("estimate", "--input", input, "--chains", "0", "--workspace", workspace).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void The_two_list_summary_gives_the_tables_estimate_and_says_where_the_profile_peaks()
    {
        var workspace = Cli.NewWorkspace();
        var input = Path.Combine(workspace, "two.csv");
        // Lincoln–Petersen: 20 on each list, 10 on both, N̂ = 20 × 20 / 10 = 40.
        File.WriteAllText(input, "a,b,count\n1,1,10\n1,0,10\n0,1,10\n");

        var run = Cli.Run("estimate", "--input", input, "--method", "loglinear");

        run.ExitCode.ShouldBe(0, run.All);
        var summary = string.Join(' ', run.Output.Split('\n').SkipWhile(l => !l.StartsWith("Best by BIC", StringComparison.Ordinal)).Take(2));
        summary.ShouldContain("N̂ = 40");
        summary.ShouldContain("peaks at 39");
    }

    [SharedDataFact]
    public async Task An_estimate_recorded_before_sampler_versions_reruns_with_the_first_sampler()
    {
        // Entries of the first release have no "sampler" in their parameters and figures from sampler 1; sampler 2
        // (label-switching moves, lengthened runs) gives other draws, so a re-run must use the sampler that made them.
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var csv = await File.ReadAllTextAsync(TestEnvironment.SharedData("mse/rcapture_lesbian.csv"));
        var parameters = new EstimateParameters(nameof(EstimationMethod.LatentClass), null, 7, null) { Burnin = 500, Samples = 200, Chains = 2, Sampler = 1 };
        var report = EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(csv), "lesbian.csv", null), "lesbian.csv", parameters.ToRequest());
        var again = EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(csv), "lesbian.csv", null), "lesbian.csv", (parameters with { Sampler = 2 }).ToRequest());
        report.ToJson().ShouldNotBe(again.ToJson()); // the two samplers differ, so the re-run below tells them apart
        var recordedParameters = JsonSerializer.SerializeToNode(parameters, EstimateService.JsonOptions)!.AsObject();
        recordedParameters.Remove("sampler").ShouldBeTrue();
        var body = new JsonObject
        {
            ["input"] = new JsonObject { ["name"] = "lesbian.csv", ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(csv))), ["csv"] = csv },
            ["parameters"] = recordedParameters,
            ["results"] = JsonNode.Parse(report.ToJson()),
            ["posteriorDraws"] = JsonSerializer.SerializeToNode(report.Overall.LatentClassDraws, EstimateService.JsonOptions),
        };
        await using (var store = await WorkspaceStores.OpenAsync(workspace, null, CancellationToken.None))
        {
            await store.AppendAsync([new NewEntry(EntryTypes.EstimateRun, 1, "local:test@host", DateTimeOffset.UnixEpoch, "first release", JsonSerializer.SerializeToElement(body))], CancellationToken.None);
        }

        var rerun = Cli.Run("estimate", "--rerun", "0", "--workspace", workspace);

        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("re-runs to the same figures");
    }

    [Fact]
    public void Rerunning_an_entry_that_is_not_an_estimate_fails()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace);
        var file = Path.Combine(workspace, "s.yaml");
        File.WriteAllText(file, "format: dossier-workspace\nversion: 1\nrecords:\n  - kind: source\n    id: s\n    title: t\n    type: ngo-report\n    provenance: p\n");
        Cli.Run("import", file, "--workspace", workspace).ExitCode.ShouldBe(0);

        var rerun = Cli.Run("estimate", "--rerun", "0", "--workspace", workspace);

        rerun.ExitCode.ShouldBe(1);
        rerun.Error.ShouldContain("not a recorded estimate");
    }
}
