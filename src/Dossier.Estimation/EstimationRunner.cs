using Dossier.Estimation.Bayesian;
using Dossier.Estimation.LogLinear;

namespace Dossier.Estimation;

/// <summary>Runs the requested estimators on capture histories, whole and by stratum, and gathers the caveats.</summary>
public static class EstimationRunner
{
    /// <summary>Beyond this many lists the 2^K − 1 cells make log-linear fits impractical (the latent-class model still runs).</summary>
    public const int MaxLogLinearLists = 12;

    public static EstimationReport Run(CaptureHistoryInput input, string source, EstimationRequest? request = null, CancellationToken cancellationToken = default) =>
        Run(input, source, request, null, cancellationToken);

    /// <summary>The same, reporting each stage's progress (log-linear fits, sampler rounds) per stratum.</summary>
    public static EstimationReport Run(CaptureHistoryInput input, string source, EstimationRequest? request, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        request ??= new EstimationRequest();
        if (request.Models.Count > 0)
        {
            if (request.Method == EstimationMethod.LatentClass)
            {
                throw new ArgumentException("Named models are log-linear: ask for the log-linear method or all.", nameof(request));
            }

            foreach (var name in request.Models)
            {
                // Fails before any work, naming the model and the accepted forms.
                ModelNames.Parse(input.Total.ListCount, name);
            }
        }

        var overall = RunOne("(all)", input.Total, request, progress, cancellationToken, out _);
        var strata = new List<StratumReport>();
        var drawsByStratum = new List<long[][]?>();
        foreach (var s in input.Strata)
        {
            strata.Add(RunOne(s.Stratum, s.Histories, request, progress, cancellationToken, out var draws));
            drawsByStratum.Add(draws);
        }

        var total = strata.Count > 0 ? Combine(input, strata, drawsByStratum) : null;
        return new EstimationReport(source, input.Total.ListNames, input.StratumColumn, request.Method, overall, strata, total, input.Warnings);
    }

    private static StratumReport RunOne(string name, CaptureHistories h, EstimationRequest request, IProgress<EstimationProgress>? progress, CancellationToken ct, out long[][]? draws)
    {
        var where = name == "(all)" ? string.Empty : $" (stratum {name})";
        draws = null;
        var warnings = new List<string>();
        var listTotals = Enumerable.Range(0, h.ListCount).Select(h.ListTotal).ToArray();
        for (var j = 0; j < h.ListCount; j++)
        {
            if (listTotals[j] == 0)
            {
                warnings.Add($"list '{h.ListNames[j]}' has no one in {(name == "(all)" ? "the data" : $"stratum '{name}'")}: it adds nothing and can make fits degenerate");
            }
        }

        if (h.Recaptured == 0)
        {
            warnings.Add("no one appears on more than one list: the lists never overlap, so the number never listed cannot be estimated (no estimate is given)");
            return new StratumReport(name, h.Observed, listTotals, 0, [], 0, [], null, null, warnings);
        }

        if (h.Recaptured < 20)
        {
            warnings.Add($"only {h.Recaptured} people appear on more than one list: every estimate here rests on very few overlaps");
        }

        IReadOnlyList<LogLinearEstimate> closed = [];
        IReadOnlyList<RankedEstimate> best = [];
        var searched = 0;
        ProfileInterval? interval = null;
        List<NamedModelEstimate>? named = null;
        if (request.Method is EstimationMethod.LogLinear or EstimationMethod.All && h.ListCount > MaxLogLinearLists)
        {
            warnings.Add($"log-linear models skipped: {h.ListCount} lists give {h.CellCount:N0} cells; they are fitted up to {MaxLogLinearLists} lists");
        }
        else if (request.Method is EstimationMethod.LogLinear or EstimationMethod.All)
        {
            progress?.Report(new EstimationProgress("log-linear models" + where, 0));
            closed = LogLinearFitter.FitClosedPopulation(h);
            if (request.Models.Count > 0)
            {
                named = [];
                foreach (var requested in request.Models)
                {
                    ct.ThrowIfCancellationRequested();
                    var model = ModelNames.Parse(h.ListCount, requested);
                    named.Add(new NamedModelEstimate(requested, LogLinearFitter.Fit(model, h), ProfileLikelihood.Interval(model, h)));
                }
            }

            try
            {
                var ranked = ModelSearch.Run(h, request.MaxOrder, ct);
                searched = ranked.Count;
                best = [.. ranked.Take(request.TopModels)];
                var top = ranked[0];
                interval = ProfileLikelihood.Interval(HierarchicalModels.Create(h.ListCount, top.Interactions), h);
                if (top.Estimate.Degenerate)
                {
                    warnings.Add($"the best model by BIC, {top.Estimate.Model}, has caveats: {string.Join("; ", top.Estimate.Warnings)}");
                }
            }
            catch (InvalidOperationException e)
            {
                warnings.Add("model search skipped: " + e.Message);
            }

            progress?.Report(new EstimationProgress("log-linear models" + where, 1));
        }

        LatentClassSummary? lc = null;
        if (request.Method is EstimationMethod.LatentClass or EstimationMethod.All)
        {
            var sampler = progress is null ? null : new StageRelay(progress, "latent-class sampler" + where);
            var result = LatentClassModel.Run(h, request.LatentClass, sampler, ct);
            draws = [.. result.DrawsByChain];
            lc = LatentClassSummary.From(result);
        }

        return new StratumReport(name, h.Observed, listTotals, h.Recaptured, closed, searched, best, interval, lc, warnings)
        {
            LatentClassDraws = draws,
            NamedModels = named,
        };
    }

    /// <summary>Prefixes the sampler's own stage ("1,000 draws per chain") with what is being estimated.</summary>
    private sealed class StageRelay(IProgress<EstimationProgress> to, string prefix) : IProgress<EstimationProgress>
    {
        public void Report(EstimationProgress value) => to.Report(value with { Stage = $"{prefix}: {value.Stage}" });
    }

    private static StratifiedTotal Combine(CaptureHistoryInput input, List<StratumReport> strata, List<long[][]?> draws)
    {
        var warnings = new List<string>();
        double? abundance = null, se = null, lower = null, upper = null;
        var observed = strata.Sum(s => s.Observed);
        if (strata.All(s => s.BestByBic is not null))
        {
            var n = (double)observed;
            abundance = strata.Sum(s => s.BestByBic!.Abundance);
            se = Math.Sqrt(strata.Sum(s => s.BestByBic!.StandardError * s.BestByBic.StandardError));
            var unobserved = abundance.Value - n;
            if (unobserved > 0)
            {
                var c = Math.Exp(1.959963984540054 * Math.Sqrt(Math.Log(1 + (se.Value * se.Value / (unobserved * unobserved)))));
                lower = n + (unobserved / c);
                upper = n + (unobserved * c);
            }

            if (strata.Any(s => s.BestByBic!.Degenerate))
            {
                warnings.Add("at least one stratum's best model has caveats; the log-linear total inherits them");
            }
        }
        else if (strata.Any(s => s.ClosedPopulation.Count > 0 || s.LatentClass is not null) || strata.Any(s => s.Recaptured == 0))
        {
            warnings.Add("some strata have no estimate, so no total over strata is given");
        }

        double? median = null, lo = null, hi = null;
        if (StratifiedDraws.Sum(draws) is { } summed)
        {
            var sums = summed.Select(v => (double)v).Order().ToArray();
            median = McmcDiagnostics.Quantile(sums, 0.5);
            lo = McmcDiagnostics.Quantile(sums, 0.025);
            hi = McmcDiagnostics.Quantile(sums, 0.975);
        }

        if (input.Total.Observed != observed)
        {
            warnings.Add("the strata do not add up to the whole file");
        }

        return new StratifiedTotal(observed, abundance, se, lower, upper, median, lo, hi, warnings);
    }
}
