namespace Dossier.Estimation.Tests;

public sealed class CaptureHistoryCsvTests
{
    private static CaptureHistoryInput Parse(string text, string? strata = null) =>
        CaptureHistoryCsv.Parse(new StringReader(text), "lists.csv", strata);

    [Theory]
    [InlineData("a,b,count\n1,0,5\n0,2,3\n", 3, "b", "not 0 or 1")]
    [InlineData("a,b,count\n1,0,5\n0,1,-3\n", 3, "count", "negative")]
    [InlineData("a,b,count\n1,0,5\n0,1,2.5\n", 3, "count", "whole number")]
    [InlineData("a,b,count\n1,0,5\n0,0,4\n", 3, null, "0 on every list")]
    [InlineData("a,count\n1,5\n", 1, null, "at least two lists")]
    [InlineData("a,b,count\n1,0,5\n1,1\n", 3, null, "expected 3 fields")]
    public void Bad_input_should_name_file_line_and_column(string text, int line, string? column, string problem)
    {
        var e = Should.Throw<CaptureHistoryFormatException>(() => Parse(text));
        e.Source.ShouldBe("lists.csv");
        e.Line.ShouldBe(line);
        e.Column.ShouldBe(column);
        e.Message.ShouldContain(problem);
    }

    [Fact]
    public void Duplicate_patterns_should_be_added_with_a_warning()
    {
        var input = Parse("a,b,count\n1,0,5\n1,0,2\n1,1,3\n");
        input.Total[1].ShouldBe(7);
        input.Warnings.ShouldHaveSingleItem().ShouldContain("repeats line 2");
    }

    [Fact]
    public void Strata_should_split_rows_and_add_up_to_the_total()
    {
        var input = Parse("prison,a,b,count\nEvin,1,0,5\nGohardasht,1,0,2\nEvin,1,1,3\n", "prison");
        input.Strata.Select(s => s.Stratum).ShouldBe(["Evin", "Gohardasht"]);
        input.Strata[0].Histories.Observed.ShouldBe(8);
        input.Total.Observed.ShouldBe(10);
        input.Total.ListNames.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Lists_that_never_overlap_should_give_no_estimate_and_say_why()
    {
        var input = Parse("a,b,count\n1,0,5\n0,1,7\n");
        var report = EstimationRunner.Run(input, "lists.csv", new EstimationRequest { Method = EstimationMethod.LogLinear });
        report.Overall.ClosedPopulation.ShouldBeEmpty();
        report.Overall.Warnings.ShouldContain(w => w.Contains("never overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Stratified_log_linear_total_should_sum_the_strata_and_their_variances()
    {
        var rows = "s,a,b,c,count\n" +
            "x,1,0,0,50\nx,0,1,0,60\nx,0,0,1,40\nx,1,1,0,20\nx,1,0,1,15\nx,0,1,1,18\nx,1,1,1,7\n" +
            "y,1,0,0,30\ny,0,1,0,25\ny,0,0,1,35\ny,1,1,0,10\ny,1,0,1,12\ny,0,1,1,9\ny,1,1,1,4\n";
        var report = EstimationRunner.Run(Parse(rows, "s"), "lists.csv", new EstimationRequest { Method = EstimationMethod.LogLinear });
        var total = report.StratifiedTotal.ShouldNotBeNull();
        var best = report.Strata.Select(s => s.BestByBic!).ToArray();
        total.LogLinearAbundance!.Value.ShouldBe(best.Sum(b => b.Abundance), 1e-9);
        total.LogLinearStandardError!.Value.ShouldBe(Math.Sqrt(best.Sum(b => b.StandardError * b.StandardError)), 1e-9);
        total.LogLinearLower!.Value.ShouldBeGreaterThan(total.Observed);
        total.LogLinearUpper!.Value.ShouldBeGreaterThan(total.LogLinearAbundance.Value);
        report.ToJson().ShouldContain("\"stratifiedTotal\"");
    }
}

public sealed class DegenerateFitTests
{
    [Fact]
    public void A_list_that_holds_everyone_should_be_flagged_as_a_boundary_fit()
    {
        // Everyone observed is on list a: nothing says how many list a missed.
        var input = CaptureHistoryCsv.Parse(new StringReader("a,b,c,count\n1,0,0,40\n1,1,0,12\n1,0,1,9\n1,1,1,3\n"), "x.csv");
        var fits = LogLinear.LogLinearFitter.FitClosedPopulation(input.Total);
        var mt = fits.Single(f => f.Model == "Mt");
        mt.Degenerate.ShouldBeTrue();
        mt.Warnings.ShouldContain(w => w.Contains("boundary", StringComparison.Ordinal));
    }
}
