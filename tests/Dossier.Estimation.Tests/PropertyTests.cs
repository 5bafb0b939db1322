using Dossier.Estimation.LogLinear;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Dossier.Estimation.Tests;

public sealed class PropertyTests
{
    private static readonly Config Fixed = Config.QuickThrowOnFailure.WithMaxTest(60)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261122UL), FSharpOption<int>.None)));

    // Random 4-list tables with enough people on two lists or more for a finite fit.
    private static Arbitrary<int[]> Tables() =>
        Gen.ArrayOf(Gen.Choose(3, 60), 15).ToArbitrary();

    private static CaptureHistories Histories(int[] counts, int[] order)
    {
        var byPattern = new Dictionary<int, long>();
        for (var p = 1; p < 16; p++)
        {
            var permuted = 0;
            for (var j = 0; j < 4; j++)
            {
                if (((p >> j) & 1) != 0)
                {
                    permuted |= 1 << order[j];
                }
            }

            byPattern[permuted] = counts[p - 1];
        }

        return new CaptureHistories(["a", "b", "c", "d"], byPattern);
    }

    [Fact]
    public void Symmetric_models_should_not_depend_on_the_order_of_the_lists()
    {
        Prop.ForAll(Tables(), counts =>
        {
            var a = LogLinearFitter.FitClosedPopulation(Histories(counts, [0, 1, 2, 3]));
            var b = LogLinearFitter.FitClosedPopulation(Histories(counts, [2, 0, 3, 1]));
            foreach (var name in new[] { "M0", "Mt", "Mh Poisson2", "Mth Darroch" })
            {
                var x = a.Single(f => f.Model == name).Abundance;
                var y = b.Single(f => f.Model == name).Abundance;
                if (Math.Abs(x - y) > 1e-6 * Math.Abs(x))
                {
                    return false;
                }
            }

            return true;
        }).Check(Fixed);
    }

    [Fact]
    public void A_profile_interval_should_contain_its_estimate_and_lie_above_the_number_observed()
    {
        Prop.ForAll(Tables(), counts =>
        {
            var h = Histories(counts, [0, 1, 2, 3]);
            var ci = ProfileLikelihood.Interval(ClosedPopulationModels.For(4).Single(m => m.Name == "Mt"), h);
            return ci.Lower >= h.Observed && ci.Lower <= ci.Abundance && (ci.Upper is null || ci.Upper >= ci.Abundance);
        }).Check(Fixed);
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(5, 2)]
    public void Every_enumerated_model_name_should_parse_back_to_the_same_model(int lists, int order)
    {
        var models = HierarchicalModels.Enumerate(lists, order);
        var names = models.Select(m => HierarchicalModels.Name(lists, m)).ToArray();
        names.Distinct(StringComparer.Ordinal).Count().ShouldBe(models.Count);
        foreach (var name in names)
        {
            HierarchicalModels.Parse(lists, name).Name.ShouldBe(name);
        }
    }
}
