using System.Text.Json;
using System.Text.Json.Serialization;
using Dossier.Estimation.Bayesian;
using Dossier.Estimation.LogLinear;

namespace Dossier.Estimation;

public enum EstimationMethod
{
    LogLinear,
    LatentClass,
    All,
}

/// <summary>What to run. Defaults: every method, model search to <see cref="ModelSearch.DefaultMaxOrder"/>, ten best models reported.</summary>
public sealed record EstimationRequest
{
    public EstimationMethod Method { get; init; } = EstimationMethod.All;

    public int? MaxOrder { get; init; }

    public int TopModels { get; init; } = 10;

    public LatentClassOptions LatentClass { get; init; } = new();

    /// <summary>
    /// Models to fit with a profile-likelihood interval besides the best by BIC, by name (<see cref="ModelNames"/>):
    /// Rcapture's closedpCI.t for any model. Log-linear methods only.
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = [];
}

/// <summary>
/// A model asked for by name: its Poisson fit (abundance, SE, deviance, AIC, BIC and caveats, as closedp and
/// closedpMS give them) and its 95% profile-likelihood interval (closedpCI.t). <see cref="Requested"/> is the
/// name as given; the fit and the interval carry the model's canonical name.
/// </summary>
public sealed record NamedModelEstimate(string Requested, LogLinearEstimate Fit, ProfileInterval Interval);

/// <summary>Posterior summary of N from the latent-class model (the draws stay out of the report; the seed re-creates them).</summary>
public sealed record LatentClassSummary(
    double Median,
    double Lower,
    double Upper,
    double Mean,
    double StandardDeviation,
    double EffectiveSampleSize,
    double Rhat,
    long Iterations,
    int MaxClasses,
    int Chains,
    int Burnin,
    int Samples,
    int Thinning,
    ulong Seed,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The sampler version (2 and later; absent for the first sampler, whose recorded reports did not carry it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Sampler { get; init; }

    /// <summary>Sampler 2: true when R-hat and ESS of N met their targets within the sweep budget; false means the interval is unreliable (a warning says why).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Converged { get; init; }

    internal static LatentClassSummary From(LatentClassResult r) => new(
        r.Median, r.Lower, r.Upper, r.Mean, r.StandardDeviation, r.EffectiveSampleSize, r.Rhat, r.Iterations,
        r.Options.MaxClasses, r.Options.Chains, r.Options.Burnin, r.Options.Samples, r.Options.Thinning, r.Options.Seed, r.Warnings)
    {
        Sampler = r.Options.Sampler >= 2 ? r.Options.Sampler : null,
        Converged = r.Converged,
    };
}

/// <summary>Estimates for one set of capture histories (the whole file, or one stratum).</summary>
public sealed record StratumReport(
    string Stratum,
    long Observed,
    IReadOnlyList<long> ListTotals,
    long Recaptured,
    IReadOnlyList<LogLinearEstimate> ClosedPopulation,
    int ModelsSearched,
    IReadOnlyList<RankedEstimate> BestModels,
    ProfileInterval? BestModelInterval,
    LatentClassSummary? LatentClass,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The posterior draws of N by chain (kept out of the JSON: the seed re-creates them).</summary>
    [JsonIgnore]
    public IReadOnlyList<long[]>? LatentClassDraws { get; init; }

    /// <summary>The models asked for by name, in the order asked; null (and absent from the JSON) when none were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NamedModelEstimate>? NamedModels { get; init; }

    /// <summary>The hierarchical model with the smallest BIC, if the search ran.</summary>
    public LogLinearEstimate? BestByBic => BestModels.Count > 0 ? BestModels[0].Estimate : null;
}

/// <summary>
/// The total over strata. Log-linear: the sum of each stratum's best-BIC estimate, its standard error the root
/// of the summed variances (strata treated as independent), and a 95% interval by Chao's log-normal method on
/// the unobserved part (n + (N̂ − n)/C, n + (N̂ − n)·C), which never falls below the n observed. Bayesian: the
/// stratum posteriors summed draw by draw, then summarised.
/// </summary>
public sealed record StratifiedTotal(
    long Observed,
    double? LogLinearAbundance,
    double? LogLinearStandardError,
    double? LogLinearLower,
    double? LogLinearUpper,
    double? LatentClassMedian,
    double? LatentClassLower,
    double? LatentClassUpper,
    IReadOnlyList<string> Warnings);

/// <summary>The whole report: what was read, every estimate, and every caveat. Serialises to JSON.</summary>
public sealed record EstimationReport(
    string Source,
    IReadOnlyList<string> Lists,
    string? StratumColumn,
    EstimationMethod Method,
    StratumReport Overall,
    IReadOnlyList<StratumReport> Strata,
    StratifiedTotal? StratifiedTotal,
    IReadOnlyList<string> InputWarnings)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>SVG charts for a stratum (or the whole file): file name → SVG text.</summary>
    public static IReadOnlyDictionary<string, string> Charts(StratumReport stratum)
    {
        ArgumentNullException.ThrowIfNull(stratum);
        var charts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stratum.LatentClass is { } lc && stratum.LatentClassDraws is { } draws)
        {
            charts["posterior.svg"] = EstimationPlots.PosteriorSvg([.. draws.SelectMany(d => d)], lc.Median, lc.Lower, lc.Upper, "Posterior of N (latent-class model)");
        }

        var rows = new List<IntervalEstimate>();
        if (stratum.BestModelInterval is { } ci)
        {
            rows.Add(new IntervalEstimate(ci.Model + " (best BIC)", ci.Abundance, ci.Lower, ci.Upper ?? double.NaN));
        }

        foreach (var m in stratum.BestModels.Skip(1).Take(5))
        {
            var e = m.Estimate;
            rows.Add(new IntervalEstimate(e.Model, e.Abundance, e.Abundance - (1.96 * e.StandardError), e.Abundance + (1.96 * e.StandardError)));
        }

        if (stratum.LatentClass is { } l)
        {
            rows.Add(new IntervalEstimate("latent class", l.Median, l.Lower, l.Upper));
        }

        if (rows.Count > 0)
        {
            charts["models.svg"] = EstimationPlots.ModelComparisonSvg(rows, "Estimates of N by model (95% intervals)");
        }

        return charts;
    }
}
