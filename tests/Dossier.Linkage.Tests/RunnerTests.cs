using Dossier.Linkage.Input;
using Dossier.Testing;
using Xunit.Abstractions;

namespace Dossier.Linkage.Tests;

public sealed class RunnerTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dossier-linkage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [SharedDataFact]
    public void Dedupe_should_write_every_record_with_its_cluster()
    {
        var output = Path.Combine(_folder, "clusters.csv");
        var result = LinkageRunner.Dedupe(Truth.Data("febrl1.csv"), "rec_id", output);
        var lines = System.IO.File.ReadAllLines(output);
        lines[0].ShouldBe("record_id,cluster_id");
        lines.Length.ShouldBe(1001);
        var clusters = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        clusters["rec-223-org"].ShouldBe(clusters["rec-223-dup-0"]);
        clusters["rec-223-org"].ShouldNotBe(clusters["rec-122-org"]);
        result.Summary.Clusters.ShouldBe(clusters.Values.Distinct(StringComparer.Ordinal).Count());
        Directory.GetFiles(_folder).Length.ShouldBe(1, "no temporary file left behind");
    }

    [SharedDataFact]
    public void Link_should_write_left_right_probability_rows()
    {
        var output = Path.Combine(_folder, "pairs.csv");
        LinkageRunner.Link(Truth.Data("febrl4a.csv"), Truth.Data("febrl4b.csv"), "rec_id", output);
        var lines = System.IO.File.ReadAllLines(output);
        lines[0].ShouldBe("left_id,right_id,probability");
        var first = lines[1].Split(',');
        first[0].ShouldStartWith("rec-");
        first[0].ShouldEndWith("-org");
        first[1].ShouldEndWith("-dup-0");
        double.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(0.5, 1.0);
    }

    [Fact]
    public void Bad_input_should_fail_and_leave_an_existing_output_untouched()
    {
        var input = File("ragged.csv", "id,surname,dob\n1,nouri,1950\n2,karimi\n");
        var output = File("out.csv", "previous\n");
        var error = Should.Throw<LinkageInputException>(() => LinkageRunner.Dedupe(input, "id", output));
        error.Message.ShouldContain("ragged.csv, line 3");
        System.IO.File.ReadAllText(output).ShouldBe("previous\n");
        Directory.GetFiles(_folder).Length.ShouldBe(2);
    }

    [Fact]
    public void Missing_input_file_should_be_named()
    {
        Should.Throw<LinkageInputException>(() => LinkageRunner.Dedupe(Path.Combine(_folder, "absent.csv"), "id", null))
            .Message.ShouldContain("absent.csv");
    }

    [Fact]
    public void Output_into_a_missing_folder_should_fail_before_any_work()
    {
        var input = File("ok.csv", "id,surname\n1,nouri\n");
        Should.Throw<LinkageInputException>(() => LinkageRunner.Dedupe(input, "id", Path.Combine(_folder, "nope", "out.csv")))
            .Message.ShouldContain("does not exist");
    }

    [SharedDataFact]
    public void Explain_should_reject_an_unknown_id()
    {
        var result = LinkageRunner.Dedupe(Truth.Data("febrl1.csv"), "rec_id", null);
        Should.Throw<LinkageInputException>(() => LinkageRunner.Explain(result, "rec-223-org", "nobody")).Message.ShouldContain("nobody");
        LinkageRunner.Explain(result, "rec-223-org", "rec-223-dup-0").Probability.ShouldBeGreaterThan(0.5);
    }

    [SharedDataFact]
    public void Clerical_labels_should_evaluate_and_optionally_fix_the_parameters()
    {
        var labels = LinkageRunner.ReadLabels(Truth.Data("fake_1000_labels.csv"));
        labels.Count.ShouldBe(3176);
        var evaluated = LinkageRunner.Dedupe(Truth.Data("fake_1000.csv"), "unique_id", null, options: new LinkageOptions { Labels = labels });
        var fixedFromLabels = LinkageRunner.Dedupe(Truth.Data("fake_1000.csv"), "unique_id", null,
            options: new LinkageOptions { Labels = labels, LabelUse = LabelUse.FixParameters });
        log.WriteLine($"fake_1000 on clerical labels, EM: {evaluated.Summary.LabelScore}");
        log.WriteLine($"fake_1000 on clerical labels, m from labels: {fixedFromLabels.Summary.LabelScore}");
        evaluated.Summary.LabelScore!.F1.ShouldBeGreaterThan(0.8);
        fixedFromLabels.Summary.LabelScore!.F1.ShouldBeGreaterThan(0.8);
    }

    [SharedDataFact]
    public void Summary_should_show_pairs_em_levels_and_matches()
    {
        var result = LinkageRunner.Dedupe(Truth.Data("febrl1.csv"), "rec_id", null);
        var text = LinkageRunner.FormatSummary(result.Summary);
        log.WriteLine(text);
        text.ShouldContain("candidate pairs");
        text.ShouldContain("EM on");
        text.ShouldContain("m=");
        text.ShouldContain("matches");
    }
}
