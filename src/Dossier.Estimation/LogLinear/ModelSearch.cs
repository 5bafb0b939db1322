namespace Dossier.Estimation.LogLinear;

/// <summary>One model of a search, with its rank by BIC (1 = smallest BIC) and by AIC.</summary>
public sealed record RankedEstimate(LogLinearEstimate Estimate, int BicRank, int AicRank, IReadOnlyList<int> Interactions);

/// <summary>Fits every hierarchical model up to a maximum interaction order and ranks them by BIC and AIC (Rcapture's closedpMS.t).</summary>
public static class ModelSearch
{
    /// <summary>The default maximum order: three-way terms when K ≤ 4, two-way otherwise.</summary>
    public static int DefaultMaxOrder(int listCount) => listCount <= 4 ? 3 : 2;

    public static IReadOnlyList<RankedEstimate> Run(CaptureHistories histories, int? maxOrder = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var k = histories.ListCount;
        var order = maxOrder ?? DefaultMaxOrder(k);
        var models = HierarchicalModels.Enumerate(k, order);
        var fits = new (LogLinearEstimate Fit, int[] Terms)[models.Count];
        Parallel.For(0, models.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            fits[i] = (LogLinearFitter.Fit(HierarchicalModels.Create(k, models[i]), histories), models[i]);
        });

        // Models that could not be fitted (no finite BIC) go last.
        var byBic = fits.Select((f, i) => (f, i)).OrderBy(x => double.IsFinite(x.f.Fit.Bic) ? x.f.Fit.Bic : double.MaxValue).ThenBy(x => x.i).ToArray();
        var aicRank = fits.Select((f, i) => (f, i)).OrderBy(x => double.IsFinite(x.f.Fit.Aic) ? x.f.Fit.Aic : double.MaxValue).ThenBy(x => x.i)
            .Select((x, r) => (x.i, r)).ToDictionary(x => x.i, x => x.r + 1);
        return [.. byBic.Select((x, r) => new RankedEstimate(x.f.Fit, r + 1, aicRank[x.i], x.f.Terms))];
    }
}
