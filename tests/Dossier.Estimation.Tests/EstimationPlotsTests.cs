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
}
