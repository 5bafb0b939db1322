using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// Estimates from a workspace carry linkage uncertainty (issue 17 item 1, ADR 0207): clusterings drawn from the
/// linkage run's pair probabilities with decisions fixed, both figures printed, the seed and count recorded, and
/// <c>--rerun</c> drawing the same clusterings — on SQLite and PostgreSQL.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class EstimateLinkageUncertaintyTests
{
    /// <summary>The ledger's size as `verify` reports it, on either database.</summary>
    private static string Entries(Place place)
    {
        var verify = Cli.Run(place.At("verify"));
        verify.ExitCode.ShouldBe(0, verify.All);
        var words = verify.Output.Split(' ');
        return words[Array.IndexOf(words, "entries") - 1];
    }

    private static string[] UncertainPair(CliResult status, int index) =>
        status.Output.Split('\n').Where(l => l.Contains(" ~ ", StringComparison.Ordinal)).ElementAt(index).Trim().Split(' ');

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Workspace_estimates_show_both_figures_record_the_draws_and_rerun_to_the_same_clusterings(string database)
    {
        var place = await LinkedPlace.CreateAsync(database);
        var workspace = place.Workspace;
        var status = Cli.Run(place.At("list", "status"));
        var accept = UncertainPair(status, 0);
        var reject = UncertainPair(status, 1);
        Cli.Run(place.At("list", "decide", accept[0], accept[2], "accept", "--reason", "same father's name")).ExitCode.ShouldBe(0);
        Cli.Run(place.At("list", "decide", reject[0], reject[2], "reject", "--reason", "different birth years")).ExitCode.ShouldBe(0);
        var report = Path.Combine(workspace, "report.json");

        var estimate = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "12", "--linkage-seed", "5", "--out", report, "--record", "with linkage uncertainty"));

        estimate.ExitCode.ShouldBe(0, estimate.All);
        estimate.Error.ShouldContain("2 decision(s) fixed");
        estimate.Error.ShouldContain("sample 12/12");
        estimate.Output.ShouldContain("12 clusterings drawn");
        estimate.Output.ShouldContain("(seed 5,");
        estimate.Output.ShouldContain("plug-in (one");
        estimate.Output.ShouldContain("with linkage");
        estimate.Output.ShouldContain("documented unique count");
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var sampling = json.RootElement.GetProperty("linkageSampling");
            sampling.GetProperty("samples").GetInt32().ShouldBe(12);
            sampling.GetProperty("seed").GetUInt64().ShouldBe(5UL);
            var summary = json.RootElement.GetProperty("linkageUncertainty");
            summary.GetProperty("samples").GetInt32().ShouldBe(12);
            var people = summary.GetProperty("plugInPeople").GetInt64();
            people.ShouldBe(json.RootElement.GetProperty("overall").GetProperty("observed").GetInt64());
            var ll = summary.GetProperty("logLinear");
            ll.GetProperty("lower").GetDouble().ShouldBeLessThan(ll.GetProperty("estimate").GetDouble());
            ll.GetProperty("upper").GetDouble().ShouldBeGreaterThan(ll.GetProperty("estimate").GetDouble());
            summary.GetProperty("peopleLower").GetDouble().ShouldBeLessThanOrEqualTo(summary.GetProperty("peopleUpper").GetDouble());
        }

        var sequence = LinkedPlace.RecordedSequence(estimate);

        // A decision after the estimate changes the current clusters, not the recorded draws.
        var later = UncertainPair(status, 2);
        Cli.Run(place.At("list", "decide", later[0], later[2], "accept", "--reason", "decided after the estimate")).ExitCode.ShouldBe(0);
        var rerun = Cli.Run(place.At("estimate", "--rerun", sequence));

        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("The 12 sampled clusterings, drawn again from linkage run");
        rerun.Output.ShouldContain("12 sampled clusterings (seed 5)) re-runs to the same figures");
        Cli.Run(place.At("verify")).ExitCode.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_time_budget_cuts_the_samples_says_so_and_the_rerun_draws_exactly_the_recorded_number(string database)
    {
        var place = await LinkedPlace.CreateAsync(database);

        var estimate = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "100000", "--time-budget", "1", "--record", "budgeted"));

        estimate.ExitCode.ShouldBe(0, estimate.All);
        estimate.Output.ShouldContain("the time budget (1 s) allowed");
        var sequence = LinkedPlace.RecordedSequence(estimate);
        var rerun = Cli.Run(place.At("estimate", "--rerun", sequence));
        rerun.ExitCode.ShouldBe(0, rerun.All);
        rerun.Output.ShouldContain("re-runs to the same figures");
    }

    [Fact]
    public async Task Without_samples_the_output_says_the_figures_rest_on_one_clustering()
    {
        var place = await LinkedPlace.CreateAsync(TestDatabases.Sqlite);

        var estimate = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "0"));

        estimate.ExitCode.ShouldBe(0, estimate.All);
        estimate.Output.ShouldContain("Linkage uncertainty: not included");
    }

    [Theory]
    [InlineData("--linkage-samples", "1", "from 2 to 100000")]
    [InlineData("--linkage-samples", "x", "from 2 to 100000")]
    [InlineData("--time-budget", "0", "--time-budget must be")]
    [InlineData("--linkage-seed", "-3", "--linkage-seed must be")]
    public async Task Bad_sampling_options_are_usage_errors(string option, string value, string expected)
    {
        var place = await LinkedPlace.CreateAsync(TestDatabases.Sqlite);

        var result = Cli.Run(place.At("estimate", option, value));

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
    }

    [Fact]
    public void Sampling_options_with_a_capture_history_file_are_usage_errors()
    {
        var result = Cli.Run("estimate", "--input", "histories.csv", "--linkage-samples", "5");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("a capture-history file (--input) has none");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_estimate_names_the_event_it_counts_and_a_name_that_is_no_event_is_refused_before_any_work(string database)
    {
        var place = await LinkedPlace.CreateAsync(database);
        var file = Path.Combine(place.Workspace, "event.yaml");
        await File.WriteAllTextAsync(file, """
            format: dossier-workspace
            version: 1
            records:
              - kind: source
                id: s-synthetic-report
                title: A SYNTHETIC report (test data)
                type: report
                provenance: invented for a test
                reliability: c
                synthetic: true
              - kind: event
                id: synthetic-executions
                title: SYNTHETIC executions (test data)
                synthetic: true
              - kind: person
                id: not-an-event
                names:
                  - { text: Invented Person, script: Latn, kind: full }
                synthetic: true
            """);
        Cli.Run(place.At("import", file, "--reason", "test records")).ExitCode.ShouldBe(0);
        var before = Entries(place);

        var noRecord = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "0", "--event", "synthetic-executions"));
        var noEvent = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "0", "--event", "not-an-event", "--record", "counts a person?"));
        var unknown = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "0", "--event", "no-such-record", "--record", "counts nothing"));

        noRecord.ExitCode.ShouldBe(2);
        noRecord.Error.ShouldContain("use it with --record");
        noEvent.ExitCode.ShouldBe(1);
        noEvent.Error.ShouldContain("no event record 'not-an-event'");
        unknown.ExitCode.ShouldBe(1);
        noEvent.Output.ShouldNotContain("Hierarchical log-linear models"); // refused before estimating
        Entries(place).ShouldBe(before);

        var counted = Cli.Run(place.At("estimate", "--method", "loglinear", "--linkage-samples", "4", "--event", "synthetic-executions", "--record", "counts the event"));
        counted.ExitCode.ShouldBe(0, counted.All);
        var sequence = LinkedPlace.RecordedSequence(counted);
        Cli.Run(place.At("estimate", "--rerun", sequence)).ExitCode.ShouldBe(0);
    }
}
