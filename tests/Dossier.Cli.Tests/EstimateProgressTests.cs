using System.Globalization;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// A long estimate shows where it is (ARCHITECTURE: "long work shows progress"): on a pipe, one line on standard error
/// as each stage starts — the model search, each round of the latent-class sampler — and nothing of it in the results.
/// </summary>
[Collection(CliCollection.Name)]
public class EstimateProgressTests
{
    [SharedDataFact]
    public void An_estimate_names_each_stage_on_standard_error_and_keeps_standard_output_for_the_report()
    {
        var input = TestEnvironment.SharedData("mse/rcapture_lesbian.csv");

        var run = Cli.Run("estimate", "--input", input, "--method", "all", "--samples", "200", "--burnin", "1000", "--chains", "2");

        run.ExitCode.ShouldBe(0, run.All);
        var stages = run.Error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith('…')).ToList();
        stages[0].ShouldBe("log-linear models…");
        stages[1].ShouldBe("latent-class sampler: 200 draws per chain…");
        // Each later round is the one before it doubled, as the sampler lengthens its run (ADR 0206).
        for (var i = 2; i < stages.Count; i++)
        {
            stages[i].ShouldBe($"latent-class sampler: {(200 << (i - 1)).ToString("N0", CultureInfo.InvariantCulture)} draws per chain…");
        }

        run.Output.ShouldNotContain("draws per chain…");
        run.Error.ShouldNotContain("\u001b[");
    }
}
