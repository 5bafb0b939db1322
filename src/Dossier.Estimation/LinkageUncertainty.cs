using Dossier.Estimation.Bayesian;
using Dossier.Estimation.Numerics;

namespace Dossier.Estimation;

/// <summary>One clustering drawn from the linkage's pair probabilities: how many people it makes, and the estimate from its histories.</summary>
/// <param name="People">People (clusters) on the chosen lists in this clustering: the documented unique count.</param>
/// <param name="Estimate">The estimate from this clustering's capture histories (the whole input).</param>
public sealed record LinkageSampleEstimate(long People, StratumReport Estimate);

/// <summary>How often a model was the best by BIC across the sampled clusterings.</summary>
public sealed record ModelChoice(string Model, int Samples);

/// <summary>
/// The best-BIC log-linear estimate with linkage uncertainty, combined by Rubin's rules on log N̂ (ADR 0207), beside
/// the plug-in figure from the one clustering the linkage chose.
/// </summary>
/// <param name="Estimate">exp of the mean of log N̂ over the samples.</param>
/// <param name="Lower">95% interval: exp(mean ± t(ν)·√T), T = W + (1 + 1/M)·B.</param>
/// <param name="WithinVariance">W: the mean of the samples' variances of log N̂ (SE²/N̂², the delta method).</param>
/// <param name="BetweenVariance">B: the variance of log N̂ between samples — what linkage adds.</param>
/// <param name="DegreesOfFreedom">Rubin's ν = (M − 1)(1 + W / ((1 + 1/M)·B))²; infinite when B is 0.</param>
/// <param name="LinkageShare">(1 + 1/M)·B / T: the share of the total variance that comes from linkage.</param>
/// <param name="Used">Samples with a finite positive estimate (the others are left out, with a warning).</param>
public sealed record PropagatedLogLinear(
    double Estimate,
    double Lower,
    double Upper,
    double WithinVariance,
    double BetweenVariance,
    double DegreesOfFreedom,
    double LinkageShare,
    int Used,
    IReadOnlyList<ModelChoice> ModelsChosen,
    string? PlugInModel,
    double? PlugInEstimate,
    double? PlugInLower,
    double? PlugInUpper);

/// <summary>
/// The latent-class posterior of N with linkage uncertainty: the samples' posterior draws pooled with equal weight
/// per sample (the same number of evenly spaced draws from each), beside the plug-in posterior.
/// </summary>
public sealed record PropagatedLatentClass(
    double Median,
    double Lower,
    double Upper,
    int DrawsPerSample,
    int Used,
    int NotConverged,
    double? PlugInMedian,
    double? PlugInLower,
    double? PlugInUpper);

/// <summary>
/// Estimates that carry linkage uncertainty (issue 17 item 1): the documented unique count and N over clusterings
/// drawn from the pair probabilities, beside the plug-in figures from the linkage's own clustering.
/// </summary>
/// <param name="Samples">Clusterings drawn and estimated (M).</param>
/// <param name="PlugInPeople">The documented unique count of the linkage's own clustering (with review decisions).</param>
/// <param name="PeopleMedian">Median of the samples' unique counts; <paramref name="PeopleLower"/>–<paramref name="PeopleUpper"/> their 2.5% and 97.5% quantiles (R's type 7).</param>
public sealed record LinkageUncertaintySummary(
    int Samples,
    long PlugInPeople,
    double PeopleMedian,
    double PeopleLower,
    double PeopleUpper,
    long PeopleMin,
    long PeopleMax,
    PropagatedLogLinear? LogLinear,
    PropagatedLatentClass? LatentClass,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Each stratum's figures over the same sampled clusterings (ADR 1819), in the plug-in report's stratum order; null
    /// (and absent from the JSON) when the estimate is not stratified or was recorded before strata carried linkage uncertainty.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StratumLinkageUncertainty>? Strata { get; init; }

    /// <summary>
    /// The total over strata (ADR 0204) over the same sampled clusterings (ADR 1826); null (and absent from the JSON) when
    /// the estimate is not stratified or was recorded before the total carried linkage uncertainty.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LinkageUncertaintySummary? Total { get; init; }
}

/// <summary>One stratum's figures with linkage uncertainty: its documented unique count and N over the sampled clusterings, beside its plug-in figures.</summary>
/// <param name="Stratum">The stratum as the plug-in report names it.</param>
/// <param name="Figures">The stratum's combined figures (its <see cref="LinkageUncertaintySummary.Strata"/> is null).</param>
public sealed record StratumLinkageUncertainty(string Stratum, LinkageUncertaintySummary Figures);

/// <summary>Combines estimates over sampled clusterings (ADR 0207). Pure: the same samples give the same figures.</summary>
public static class LinkageUncertainty
{
    /// <summary>Draws taken from each sample's posterior when pooling (fewer when a sample has fewer).</summary>
    public const int DefaultDrawsPerSample = 1000;

    /// <summary>Below this many samples the between-sample variance is itself too uncertain to rely on; the summary says so.</summary>
    public const int FewSamples = 10;

    /// <param name="plugIn">The estimate from the linkage's own clustering (the report's whole-input stratum).</param>
    /// <param name="plugInPeople">The unique count of that clustering.</param>
    /// <param name="samples">One estimate per sampled clustering, in sample order.</param>
    /// <param name="draws">Each sample's posterior draws of N by chain (null or empty when the latent-class model was not run).</param>
    public static LinkageUncertaintySummary Combine(StratumReport plugIn, long plugInPeople, IReadOnlyList<LinkageSampleEstimate> samples,
        IReadOnlyList<IReadOnlyList<long[]>?>? draws = null, int drawsPerSample = DefaultDrawsPerSample)
    {
        ArgumentNullException.ThrowIfNull(plugIn);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2)
        {
            throw new ArgumentException("combining needs at least two sampled clusterings", nameof(samples));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drawsPerSample);
        return Summarize(plugInPeople, [.. samples.Select(s => s.People)],
            warnings => CombineLogLinear(plugIn, samples, warnings),
            warnings => draws is { Count: > 0 } && draws.Any(d => d is { Count: > 0 })
                ? Pool(draws, samples.Count(s => s.Estimate.LatentClass is { Converged: false }), samples.Count, plugIn.LatentClass?.Median, plugIn.LatentClass?.Lower, plugIn.LatentClass?.Upper, drawsPerSample, warnings)
                : null);
    }

    /// <summary>
    /// The total over strata over the sampled clusterings (ADR 1826), combined as the whole input's figures are: its
    /// documented unique count is the people a sample puts in strata; its log-linear figure each sample's sum of the
    /// strata's best-BIC estimates with that sum's standard error (ADR 0204), by Rubin's rules on the log; its latent-class
    /// figure each sample's strata posteriors summed draw by draw, pooled with equal weight per sample.
    /// </summary>
    /// <param name="plugIn">The plug-in report's total over strata.</param>
    /// <param name="samples">Each sample's strata and its total over them, in sample order.</param>
    public static LinkageUncertaintySummary CombineTotal(StratifiedTotal plugIn, IReadOnlyList<(IReadOnlyList<StratumReport> Strata, StratifiedTotal? Total)> samples,
        int drawsPerSample = DefaultDrawsPerSample)
    {
        ArgumentNullException.ThrowIfNull(plugIn);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2)
        {
            throw new ArgumentException("combining needs at least two sampled clusterings", nameof(samples));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drawsPerSample);
        IReadOnlyList<IReadOnlyList<long[]>?> draws = [.. samples.Select(s => StratifiedDraws.Sum(s.Strata.Select(r => r.LatentClassDraws)) is { } sum ? (IReadOnlyList<long[]>)[sum] : null)];
        return Summarize(plugIn.Observed, [.. samples.Select(s => s.Strata.Sum(r => r.Observed))],
            warnings => Rubin(
                [.. samples.Select(s => s.Total is { LogLinearAbundance: { } n, LogLinearStandardError: { } se } ? (TotalModel, n, se) : ((string, double, double)?)null)],
                plugIn.LogLinearAbundance is null ? null : TotalModel, plugIn.LogLinearAbundance, plugIn.LogLinearLower, plugIn.LogLinearUpper, warnings),
            warnings => draws.Any(d => d is not null)
                ? Pool(draws, samples.Count(s => s.Strata.Any(r => r.LatentClass is { Converged: false })), samples.Count, plugIn.LatentClassMedian, plugIn.LatentClassLower, plugIn.LatentClassUpper, drawsPerSample, warnings)
                : null);
    }

    /// <summary>How the total's log-linear figure names its model: no one model, the sum of each stratum's best by BIC.</summary>
    public const string TotalModel = "sum of the strata's best-BIC models";

    // The documented unique count's quantiles over the samples, then each method's combined figure.
    private static LinkageUncertaintySummary Summarize(long plugInPeople, IReadOnlyList<long> samplePeople,
        Func<List<string>, PropagatedLogLinear?> logLinear, Func<List<string>, PropagatedLatentClass?> latentClass)
    {
        var warnings = new List<string>();
        var people = samplePeople.Select(p => (double)p).Order().ToArray();
        var m = people.Length;
        if (m < FewSamples)
        {
            warnings.Add($"only {m} sampled clusterings: the linkage part of the interval rests on few samples (at least {FewSamples} are advised; raise the time budget or the samples)");
        }

        var ll = logLinear(warnings);
        var lc = latentClass(warnings);
        return new LinkageUncertaintySummary(m, plugInPeople,
            McmcDiagnostics.Quantile(people, 0.5), McmcDiagnostics.Quantile(people, 0.025), McmcDiagnostics.Quantile(people, 0.975),
            (long)people[0], (long)people[^1], ll, lc, warnings);
    }

    /// <summary>
    /// Each plug-in stratum's figures over the sampled clusterings (ADR 1819): in every sample the stratum's report is
    /// found by name and combined exactly as the whole input's (<see cref="Combine"/>), its documented unique count being
    /// the people the sample puts in that stratum. A sample in which no one falls in the stratum (its people were linked
    /// into another one) counts 0 people there and gives no estimate, and the stratum's figures say in how many samples
    /// that happened. Strata that only some samples have (a cluster split so that one part's rows record no stratum) are
    /// named in <paramref name="warnings"/>: their people are in the whole-input figures, not in any stratum's.
    /// </summary>
    /// <param name="plugIn">The plug-in report's strata.</param>
    /// <param name="samples">Each sample's strata (from the same capture histories split by the same column), in sample order.</param>
    /// <param name="warnings">Receives warnings about the strata as a whole.</param>
    public static IReadOnlyList<StratumLinkageUncertainty> CombineStrata(IReadOnlyList<StratumReport> plugIn, IReadOnlyList<IReadOnlyList<StratumReport>> samples,
        List<string> warnings, int drawsPerSample = DefaultDrawsPerSample)
    {
        ArgumentNullException.ThrowIfNull(plugIn);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(warnings);
        var result = new List<StratumLinkageUncertainty>(plugIn.Count);
        foreach (var stratum in plugIn)
        {
            var estimates = new List<LinkageSampleEstimate>(samples.Count);
            var draws = new List<IReadOnlyList<long[]>?>(samples.Count);
            var empty = 0;
            foreach (var sample in samples)
            {
                var found = sample.FirstOrDefault(s => string.Equals(s.Stratum, stratum.Stratum, StringComparison.Ordinal));
                if (found is null)
                {
                    empty++;
                    found = new StratumReport(stratum.Stratum, 0, [.. stratum.ListTotals.Select(_ => 0L)], 0, [], 0, [], null, null, []);
                }

                estimates.Add(new LinkageSampleEstimate(found.Observed, found));
                draws.Add(found.LatentClassDraws);
            }

            var figures = Combine(stratum, stratum.Observed, estimates, draws, drawsPerSample);
            if (empty > 0)
            {
                figures = figures with
                {
                    Warnings = [$"no one fell in this stratum in {empty} of {samples.Count} sampled clusterings (its people were linked to people of another stratum); those samples count 0 people here and give no estimate", .. figures.Warnings],
                };
            }

            result.Add(new StratumLinkageUncertainty(stratum.Stratum, figures));
        }

        var known = plugIn.Select(s => s.Stratum).ToHashSet(StringComparer.Ordinal);
        var extra = samples.SelectMany(sample => sample.Where(s => !known.Contains(s.Stratum)).Select(s => s.Stratum)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var name in extra)
        {
            var inSamples = samples.Count(sample => sample.Any(s => string.Equals(s.Stratum, name, StringComparison.Ordinal)));
            warnings.Add($"stratum '{name}' appears in {inSamples} of {samples.Count} sampled clusterings but not in the plug-in clustering; its people there are in the whole-input figures only");
        }

        return result;
    }

    /// <summary>Rubin's rules on log N̂ for the best-BIC model of each sample (which model may differ between samples).</summary>
    public static PropagatedLogLinear? CombineLogLinear(StratumReport plugIn, IReadOnlyList<LinkageSampleEstimate> samples, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(plugIn);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(warnings);
        return Rubin([.. samples.Select(s => s.Estimate.BestByBic is { } f ? (f.Model, f.Abundance, f.StandardError) : ((string, double, double)?)null)],
            plugIn.BestByBic?.Model, plugIn.BestByBic?.Abundance, plugIn.BestModelInterval?.Lower, plugIn.BestModelInterval?.Upper, warnings);
    }

    // Rubin's rules on log N̂ over the samples' fits (null: the sample gave no log-linear figure).
    private static PropagatedLogLinear? Rubin(IReadOnlyList<(string Model, double Abundance, double StandardError)?> fits,
        string? plugInModel, double? plugInEstimate, double? plugInLower, double? plugInUpper, List<string> warnings)
    {
        if (fits.All(f => f is null))
        {
            return null;
        }

        var usable = fits.Where(f => f is { } v && double.IsFinite(v.Abundance) && v.Abundance > 0 && double.IsFinite(v.StandardError)).Select(f => f!.Value).ToList();
        if (usable.Count < fits.Count)
        {
            warnings.Add($"log-linear: {fits.Count - usable.Count} of {fits.Count} sampled clusterings gave no finite estimate and are left out of the combined interval");
        }

        var models = usable.GroupBy(f => f.Model, StringComparer.Ordinal)
            .Select(g => new ModelChoice(g.Key, g.Count())).OrderByDescending(c => c.Samples).ThenBy(c => c.Model, StringComparer.Ordinal).ToList();
        if (usable.Count < 2)
        {
            warnings.Add("log-linear: fewer than two sampled clusterings gave an estimate; no interval with linkage uncertainty");
            return new PropagatedLogLinear(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, usable.Count, models,
                plugInModel, plugInEstimate, plugInLower, plugInUpper);
        }

        var q = usable.Select(f => Math.Log(f.Abundance)).ToArray();
        var u = usable.Select(f => (f.StandardError / f.Abundance) * (f.StandardError / f.Abundance)).ToArray();
        var count = q.Length;
        // The mean as an offset from the first value, so that equal values give a between-sample variance of exactly 0.
        var mean = q[0] + q.Average(x => x - q[0]);
        var within = u.Average();
        var between = q.Sum(x => (x - mean) * (x - mean)) / (count - 1);
        var total = within + ((1 + (1.0 / count)) * between);
        var df = between <= 0 ? double.PositiveInfinity
            : (count - 1) * Math.Pow(1 + (within / ((1 + (1.0 / count)) * between)), 2);
        var t = SpecialFunctions.StudentTQuantile(0.975, df);
        var half = t * Math.Sqrt(total);
        if (models.Count > 1)
        {
            warnings.Add($"log-linear: the best model by BIC differs between sampled clusterings ({string.Join(", ", models.Select(c => $"{c.Model} in {c.Samples}"))}); the combined interval covers that choice too");
        }

        return new PropagatedLogLinear(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half), within, between, df,
            total > 0 ? (1 + (1.0 / count)) * between / total : 0, count, models, plugInModel, plugInEstimate, plugInLower, plugInUpper);
    }

    // The samples' posterior draws pooled with equal weight per sample.
    private static PropagatedLatentClass? Pool(IReadOnlyList<IReadOnlyList<long[]>?> draws, int notConverged, int samples,
        double? plugInMedian, double? plugInLower, double? plugInUpper, int drawsPerSample, List<string> warnings)
    {
        var perSample = draws.Where(d => d is { Count: > 0 }).Select(d => d!.SelectMany(chain => chain).ToArray()).Where(d => d.Length > 0).ToList();
        if (perSample.Count < 2)
        {
            return null;
        }

        // Equal weight per sample: the same number of evenly spaced draws from each (chains one after another).
        var take = Math.Min(drawsPerSample, perSample.Min(d => d.Length));
        var pooled = new double[perSample.Count * take];
        var at = 0;
        foreach (var d in perSample)
        {
            for (var i = 0; i < take; i++)
            {
                pooled[at++] = d[(int)(((i + 0.5) * d.Length) / take)];
            }
        }

        Array.Sort(pooled);
        if (notConverged > 0)
        {
            warnings.Add($"latent class: {notConverged} of {samples} sampled clusterings did not converge within the sweep budget; the pooled interval is unreliable by as much as those runs are");
        }

        return new PropagatedLatentClass(McmcDiagnostics.Quantile(pooled, 0.5), McmcDiagnostics.Quantile(pooled, 0.025), McmcDiagnostics.Quantile(pooled, 0.975),
            take, perSample.Count, notConverged, plugInMedian, plugInLower, plugInUpper);
    }
}

/// <summary>The summary's JSON, in the estimate report's own format (camelCase, non-finite numbers as strings).</summary>
public static class LinkageUncertaintyJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(LinkageUncertaintySummary summary) => System.Text.Json.JsonSerializer.Serialize(summary, Options);

    public static LinkageUncertaintySummary? Read(System.Text.Json.JsonElement json) => System.Text.Json.JsonSerializer.Deserialize<LinkageUncertaintySummary>(json, Options);
}

/// <summary>The posterior of a total over strata from the strata's posteriors.</summary>
public static class StratifiedDraws
{
    /// <summary>
    /// Strata are independent given the model, so the total's posterior is the sum of the strata's draws by position
    /// (each stratum's chains one after another, cut to the shortest stratum). Null when a stratum has no draws.
    /// </summary>
    public static long[]? Sum(IEnumerable<IReadOnlyList<long[]>?> strata)
    {
        ArgumentNullException.ThrowIfNull(strata);
        var flat = strata.Select(d => d?.SelectMany(chain => chain).ToArray()).ToList();
        if (flat.Count == 0 || flat.Any(d => d is null || d.Length == 0))
        {
            return null;
        }

        var sums = new long[flat.Min(d => d!.Length)];
        foreach (var d in flat)
        {
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += d![i];
            }
        }

        return sums;
    }
}
