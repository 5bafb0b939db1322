using System.Globalization;
using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class EstimateNamedModelTests
{
    /// <summary>The profile-likelihood rows of REFERENCE.txt for one data set: Rcapture's label, then abundance, infCL, supCL as printed.</summary>
    private static List<(string Label, string[] Printed)> ReferenceIntervals(string dataset)
    {
        var lines = File.ReadAllLines(TestEnvironment.SharedData("mse/REFERENCE.txt"));
        var result = new List<(string, string[])>();
        var inDataset = false;
        var inIntervals = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("====", StringComparison.Ordinal))
            {
                inDataset = line.StartsWith($"==== {dataset}:", StringComparison.Ordinal);
                inIntervals = false;
            }
            else if (inDataset && line.StartsWith("-- profile", StringComparison.Ordinal))
            {
                inIntervals = true;
            }
            else if (inDataset && inIntervals && line.EndsWith("infoCI", StringComparison.Ordinal))
            {
                var values = lines[++i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                result.Add((line[..line.LastIndexOf(':')].Trim(), values[1..4]));
            }
        }

        return result;
    }

    [SharedDataFact]
    public void Named_models_get_Rcapture_profile_intervals_in_the_table_and_the_JSON_report()
    {
        var workspace = Cli.NewWorkspace();
        var input = TestEnvironment.SharedData("mse/rcapture_lesbian.csv");
        var reference = ReferenceIntervals("lesbian");
        reference.Select(r => r.Label).ShouldContain("Mt");
        var json = Path.Combine(workspace, "report.json");
        string[] args = ["estimate", "--input", input, "--method", "loglinear", "--out", json];

        var run = Cli.Run([.. args, .. reference.SelectMany(r => new[] { "--model", r.Label })]);

        run.ExitCode.ShouldBe(0, run.All);
        var overall = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("overall");
        var named = overall.GetProperty("namedModels").EnumerateArray().ToArray();
        named.Length.ShouldBe(reference.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            var (label, printed) = reference[i];
            named[i].GetProperty("requested").GetString().ShouldBe(label);
            var interval = named[i].GetProperty("interval");
            // Printed to 3 decimals at most; R's optimize and uniroot stop within about 1e-3 of the root here.
            interval.GetProperty("lower").GetDouble().ShouldBe(double.Parse(printed[1], CultureInfo.InvariantCulture), 2e-3, label);
            interval.GetProperty("upper").GetDouble().ShouldBe(double.Parse(printed[2], CultureInfo.InvariantCulture), 2e-3, label);
            // The table shows the bounds to Rcapture's precision, so the printed figures can be found in it.
            run.Output.ShouldContain(double.Parse(printed[1], CultureInfo.InvariantCulture).ToString("F3", CultureInfo.InvariantCulture));
        }

        // The best model by BIC keeps its own interval beside them.
        overall.GetProperty("bestModelInterval").GetProperty("model").GetString().ShouldNotBeNullOrEmpty();
        run.Output.ShouldContain("Best by BIC");
        run.Output.ShouldContain("Named models");
    }

    [SharedDataFact]
    public void An_unknown_model_name_is_a_usage_error_that_names_the_option_and_the_accepted_forms()
    {
        var input = TestEnvironment.SharedData("mse/rcapture_HIV.csv");

        var unknown = Cli.Run("estimate", "--input", input, "--method", "loglinear", "--model", "Mt", "--model", "M7");
        var outside = Cli.Run("estimate", "--input", input, "--method", "all", "--model", "[15,2,3,4]");
        var latent = Cli.Run("estimate", "--input", input, "--method", "lcmcr", "--model", "Mt");
        var empty = Cli.Run("estimate", "--input", input, "--method", "loglinear", "--model");

        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("--model 'M7'");
        unknown.Error.ShouldContain("Accepted forms");
        unknown.Error.ShouldContain("Mh Chao");
        unknown.Output.ShouldBeEmpty(); // nothing was estimated
        outside.ExitCode.ShouldBe(2);
        outside.Error.ShouldContain("names list 5");
        latent.ExitCode.ShouldBe(2);
        latent.Error.ShouldContain("--method loglinear or all");
        empty.ExitCode.ShouldBe(2);
        empty.Error.ShouldContain("--model needs a value");
    }

    [SharedDataFact]
    public void A_recorded_run_keeps_its_named_models_and_reruns_to_the_same_intervals()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var input = TestEnvironment.SharedData("mse/rcapture_HIV.csv");

        var run = Cli.Run("estimate", "--input", input, "--method", "loglinear", "--model", "Mt", "--model", "Mh Chao", "--record", "Mt for the brief", "--workspace", workspace);

        run.ExitCode.ShouldBe(0, run.All);
        run.Output.ShouldContain("Mh Chao (LB)");
        // The recorded results hold the named models' intervals; a re-run that did not fit them again from the recorded
        // parameters would give a report without them, and the comparison would fail.
        var rerun = Cli.Run("estimate", "--rerun", "0", "--workspace", workspace);
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("re-runs to the same figures");
    }
}
