using System.Globalization;
using System.Xml.Linq;

namespace Dossier.Estimation.Tests;

public sealed class EstimationPlotsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Posterior_chart_should_be_well_formed_svg_with_one_bar_per_bin_and_the_median_marked()
    {
        var draws = Enumerable.Range(0, 1000).Select(i => 5000L + (i % 100)).ToArray();
        var doc = XDocument.Parse(EstimationPlots.PosteriorSvg(draws, 5050, 5002, 5097, "Posterior of N <test>", bins: 20));
        doc.Root!.Name.ShouldBe(Svg + "svg");
        // 20 bars plus the shaded credible interval.
        doc.Descendants(Svg + "rect").Count().ShouldBe(21);
        doc.Descendants(Svg + "text").Select(t => t.Value).ShouldContain("median 5,050");
        doc.Descendants(Svg + "title").First().Value.ShouldBe("Posterior of N <test>");
    }

    [Fact]
    public void Model_chart_should_place_estimates_in_order_on_a_shared_axis()
    {
        var rows = new[]
        {
            new IntervalEstimate("[12,3,4]", 12308, 10266, 14992),
            new IntervalEstimate("Mt", 11117, 9532, 13114),
        };
        var doc = XDocument.Parse(EstimationPlots.ModelComparisonSvg(rows, "Models"));
        var cx = doc.Descendants(Svg + "circle").Select(c => double.Parse(c.Attribute("cx")!.Value, CultureInfo.InvariantCulture)).ToArray();
        cx.Length.ShouldBe(2);
        cx[0].ShouldBeGreaterThan(cx[1]);
        doc.Descendants(Svg + "line").Count(l => l.Attribute("stroke-width")?.Value == "2").ShouldBe(2);
    }

    [Fact]
    public void Right_to_left_chart_should_put_the_text_on_the_right_in_the_readers_words_and_keep_the_number_line_growing_rightwards()
    {
        var rows = new[]
        {
            new IntervalEstimate("[12,3,4]", 12308, 10266, 14992),
            new IntervalEstimate("Mt", 11117, 9532, double.PositiveInfinity),
        };
        var persian = new PlotText
        {
            RightToLeft = true,
            Number = v => string.Concat(Math.Round(v).ToString("0", CultureInfo.InvariantCulture).Select(c => (char)('۰' + (c - '0')))),
            OpenInterval = "{0}: بازه {1} تا {2}",
            Unbounded = "بی‌کران",
        };
        var ltr = XDocument.Parse(EstimationPlots.ModelComparisonSvg(rows, "Models"));
        var rtl = XDocument.Parse(EstimationPlots.ModelComparisonSvg(rows, "مدل‌ها", persian));

        ltr.Root!.Attribute("direction")!.Value.ShouldBe("ltr", "an English chart keeps its direction inside a right-to-left page");
        rtl.Root!.Attribute("direction")!.Value.ShouldBe("rtl");
        static double X(XElement e, string attribute = "x") => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
        var width = X(rtl.Root!, "width");
        // Model names and the title start on the right; the estimates keep their order left to right.
        var rightToLeftLabels = rtl.Descendants(Svg + "text").Where(t => t.Value is "Mt" or "[12,3,4]" or "مدل‌ها").Select(t => X(t)).ToList();
        var leftToRightLabels = ltr.Descendants(Svg + "text").Where(t => t.Value is "Mt" or "[12,3,4]" or "Models").Select(t => X(t)).ToList();
        rightToLeftLabels.Count.ShouldBe(3);
        rightToLeftLabels.ShouldAllBe(x => x > width / 2);
        leftToRightLabels.ShouldAllBe(x => x < width / 2);
        var cx = rtl.Descendants(Svg + "circle").Select(c => X(c, "cx")).ToArray();
        cx[0].ShouldBeGreaterThan(cx[1]);
        var ticks = rtl.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "middle").ToList();
        ticks.Count.ShouldBe(5);
        ticks.ShouldAllBe(t => t.Value.All(c => c >= '۰' && c <= '۹'));
        ticks.Select(t => X(t, "x")).ShouldBeInOrder(SortDirection.Ascending);
        rtl.Descendants(Svg + "text").Single(t => t.Attribute("class")?.Value == "open-note").Value.ShouldBe("Mt: بازه ۹۵۳۲ تا بی‌کران");
    }

    [Fact]
    public void Model_chart_should_cut_unbounded_interval_ends_with_arrows_and_keep_the_axis_near_the_estimates()
    {
        var rows = new[]
        {
            new IntervalEstimate("bounded", 12308, 10266, 14992),
            new IntervalEstimate("upper unbounded", 11117, 9532, double.PositiveInfinity),
            new IntervalEstimate("upper huge", 13000, 9000, 1.5e18),
            new IntervalEstimate("lower below zero", 9000, -40_000, 20_000),
        };
        var doc = XDocument.Parse(EstimationPlots.ModelComparisonSvg(rows, "Models"));

        doc.Descendants(Svg + "polygon").Count(p => p.Attribute("class")?.Value == "open-upper").ShouldBe(2);
        doc.Descendants(Svg + "polygon").Count(p => p.Attribute("class")?.Value == "open-lower").ShouldBe(1);
        // Every interval is still a line; the estimates are spread across the axis, not squeezed to one pixel.
        doc.Descendants(Svg + "line").Count(l => l.Attribute("stroke-width")?.Value == "2").ShouldBe(4);
        var cx = doc.Descendants(Svg + "circle").Select(c => double.Parse(c.Attribute("cx")!.Value, CultureInfo.InvariantCulture)).ToArray();
        (cx.Max() - cx.Min()).ShouldBeGreaterThan(20);
        // Tick labels stay within reach of the estimates (no 10^18 axis).
        var ticks = doc.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "middle")
            .Select(t => double.Parse(t.Value, NumberStyles.Number, CultureInfo.InvariantCulture)).ToArray();
        ticks.Max().ShouldBeLessThanOrEqualTo(13000 * EstimationPlots.Reach * 1.1);
        // A note per cut interval says where it really ends.
        var notes = doc.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "open-note").Select(t => t.Value).ToList();
        notes.Count.ShouldBe(3);
        notes.ShouldContain(n => n.StartsWith("upper unbounded:", StringComparison.Ordinal) && n.Contains("unbounded, cut", StringComparison.Ordinal));
        notes.ShouldContain(n => n.StartsWith("lower below zero:", StringComparison.Ordinal) && n.Contains("-40,000", StringComparison.Ordinal));
    }
}
