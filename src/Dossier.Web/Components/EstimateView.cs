using System.Globalization;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Estimates;
using Dossier.Estimation;
using Dossier.Web.Localization;
using Dossier.Web.Visuals;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Components;

/// <summary>A row of the models table: one fitted model and its caveats.</summary>
public sealed record ModelRow(string Model, double Abundance, double StandardError, double Deviance, int DegreesOfFreedom, double Aic, double Bic, IReadOnlyList<string> Warnings);

/// <summary>A figure drawn server-side from a recorded estimate, with the caveats a reader must see beside it.</summary>
public sealed record EstimateFigure(string Name, string Title, string Svg, IReadOnlyList<string> Caveats);

/// <summary>One stratum's (or the whole input's) estimates as recorded.</summary>
public sealed record StratumView(
    string Name,
    long Observed,
    long Recaptured,
    int ModelsSearched,
    IReadOnlyList<ModelRow> BestModels,
    IReadOnlyList<ModelRow> ClosedPopulation,
    BestIntervalView? BestInterval,
    LatentClassView? LatentClass,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Models the analyst asked for by name (<c>--model</c>), each with its profile-likelihood interval; empty when none were.</summary>
    public IReadOnlyList<NamedModelRow> NamedModels { get; init; } = [];
}

/// <summary>The best model by BIC with its profile-likelihood interval; <paramref name="Upper"/> null when it is open above <paramref name="UpperSearchLimit"/>.</summary>
public sealed record BestIntervalView(string Model, double Abundance, double Lower, double? Upper, double UpperSearchLimit);

/// <summary>The latent-class posterior of N as recorded: median, 95% credible interval and the sampler's settings and diagnostics.</summary>
public sealed record LatentClassView(double Median, double Lower, double Upper, double MaxClasses, double Chains, string Seed, double EffectiveSampleSize, double Rhat);

/// <summary>
/// A model asked for by name: as asked (<paramref name="Requested"/>) and its canonical name, its fit and its 95%
/// profile-likelihood interval; <paramref name="Upper"/> is null when the likelihood never fell far enough below its
/// peak before <paramref name="UpperSearchLimit"/> (the interval is open above).
/// </summary>
public sealed record NamedModelRow(string Requested, ModelRow Fit, double Lower, double? Upper, double UpperSearchLimit, IReadOnlyList<string> IntervalWarnings);

/// <summary>
/// One figure shown twice: from the linkage's one clustering (plug-in) and with linkage uncertainty (the one used).
/// <paramref name="Kind"/>: "people" (the documented unique count), "loglinear" (best BIC, <paramref name="Model"/>) or
/// "latent"; intervals are 95%; <paramref name="LinkageShare"/> is the share of the log-linear variance that linkage adds.
/// </summary>
public sealed record LinkageFigureRow(string Kind, string? Model, string PlugIn, string? PlugInInterval, string Propagated, string Interval, string? LinkageShare);

/// <summary>
/// The linkage uncertainty an estimate carries (ADR 0207): how it was sampled, each figure plug-in and propagated,
/// and its warnings. <see cref="Used"/> says which figures are the headline: "propagated" or "plug-in".
/// </summary>
public sealed record LinkageView(string Used, int Samples, ulong Seed, string Draw, int Requested, int BudgetSeconds, int Uncertain, int Decided,
    IReadOnlyList<LinkageFigureRow> Rows, IReadOnlyList<string> Warnings, LinkageUncertaintySummary? Summary)
{
    /// <summary>
    /// Each stratum's figures, plug-in and propagated (ADR 1819); empty when the estimate is not stratified or its
    /// per-stratum figures are plug-in only (recorded before strata carried linkage uncertainty: <see cref="StrataColumn"/> says which).
    /// </summary>
    public IReadOnlyList<LinkageStratumView> Strata { get; init; } = [];

    /// <summary>The column the estimate is stratified by, or null.</summary>
    public string? StrataColumn { get; init; }

    /// <summary>The total over strata, plug-in and propagated (ADR 1826); null when it rests on one clustering only.</summary>
    public LinkageStratumView? Total { get; init; }
}

/// <summary>One stratum's figures shown twice (plug-in and with linkage uncertainty), with the warnings that are the stratum's own.</summary>
public sealed record LinkageStratumView(string Stratum, IReadOnlyList<LinkageFigureRow> Rows, IReadOnlyList<string> Warnings);

/// <summary>
/// A recorded <c>estimate.run</c> entry read for display: what went in, the table of models, the latent-class
/// summary, every warning, and the SVG figures (EstimationPlots) drawn from the recorded numbers — the posterior
/// from the recorded draws, the model comparison from the recorded intervals. Nothing is re-estimated here.
/// </summary>
public sealed class EstimateView
{
    private EstimateView(LedgerEntry entry) => Entry = entry;

    public LedgerEntry Entry { get; }

    public long Sequence => Entry.Sequence;

    public string Source { get; private set; } = string.Empty;

    public IReadOnlyList<string> Lists { get; private set; } = [];

    public string Method { get; private set; } = string.Empty;

    public string Parameters { get; private set; } = string.Empty;

    public bool Synthetic { get; private set; }

    /// <summary>The event record whose victims the estimate counts (<c>--event</c>), or null.</summary>
    public string? Event { get; private set; }

    /// <summary>How the histories were derived from the workspace (null for a CSV input).</summary>
    public string? Derivation { get; private set; }

    public string InputName { get; private set; } = string.Empty;

    public string InputSha256 { get; private set; } = string.Empty;

    public string HistoriesCsv { get; private set; } = string.Empty;

    public IReadOnlyList<string> InputWarnings { get; private set; } = [];

    public StratumView Overall { get; private set; } = default!;

    public IReadOnlyList<StratumView> Strata { get; private set; } = [];

    public string? StratifiedTotal { get; private set; }

    public IReadOnlyList<EstimateFigure> Figures { get; private set; } = [];

    /// <summary>
    /// For an estimate from the workspace: both sets of figures and which is used. Null for a capture-history file;
    /// for a workspace estimate recorded without sampling, <see cref="LinkageView.Used"/> is "plug-in" and there are no rows.
    /// </summary>
    public LinkageView? Linkage { get; private set; }

    /// <summary>Caveats that hold for every figure of this estimate.</summary>
    public IReadOnlyList<string> CommonCaveats { get; private set; } = [];

    /// <param name="words">The reader's language for the figures' text; none for English (the API's JSON answer).</param>
    public static EstimateView? From(LedgerEntry? entry, IStringLocalizer<Strings>? words = null)
    {
        if (entry is null || entry.Type != EntryTypes.EstimateRun)
        {
            return null;
        }

        var view = new EstimateView(entry);
        var L = words ?? EnglishWords.Instance;
        // The run as the entry catalogue reads it; the results are the estimate report in its own format.
        var body = Entries.EstimateRun.Read(entry);
        var input = body.Input;
        var results = body.Results;
        view.Source = Text(results, "source");
        view.Lists = results.TryGetProperty("lists", out var lists) ? [.. lists.EnumerateArray().Select(l => l.GetString() ?? string.Empty)] : [];
        view.Method = body.Parameters.Method;
        view.Parameters = string.Join(", ", EntryJson.Write(body.Parameters).EnumerateObject().Select(p => $"{p.Name} {p.Value}"));
        view.InputName = input.Name;
        view.Event = body.Event;
        view.InputSha256 = input.Sha256;
        view.HistoriesCsv = input.Csv;
        if (input.Workspace is { } workspace)
        {
            view.Synthetic = workspace.Synthetic;
            view.Derivation = string.Format(CultureInfo.InvariantCulture, L["{0} people = the clusters of linkage run #{1} with {2} review decision(s), ledger size {3}"],
                workspace.People.ToString("N0", CultureInfo.InvariantCulture), workspace.LinkageRun, workspace.Decisions, workspace.LedgerSize);
            view.Derivation = L is EnglishWords ? view.Derivation : Digits.Local(view.Derivation);
        }

        view.Synthetic |= view.Source.Contains("SYNTHETIC", StringComparison.Ordinal);
        view.InputWarnings = Strings(results, "inputWarnings");
        view.Overall = Stratum(results.GetProperty("overall"));
        view.Strata = results.TryGetProperty("strata", out var strata) ? [.. strata.EnumerateArray().Select(Stratum)] : [];
        if (results.TryGetProperty("stratifiedTotal", out var total) && total.ValueKind == JsonValueKind.Object)
        {
            var parts = new List<string>();
            if (Number(total, "logLinearAbundance") is { } a && double.IsFinite(a))
            {
                parts.Add(Invariant($"log-linear (sum of best-BIC models) {a:N0}, 95% interval {Number(total, "logLinearLower"):N0}–{Number(total, "logLinearUpper"):N0}"));
            }

            if (Number(total, "latentClassMedian") is { } m && double.IsFinite(m))
            {
                parts.Add(Invariant($"latent-class (sum of posterior draws) median {m:N0}, 95% credible interval {Number(total, "latentClassLower"):N0}–{Number(total, "latentClassUpper"):N0}"));
            }

            parts.AddRange(Strings(total, "warnings").Select(w => "warning: " + w));
            view.StratifiedTotal = string.Join("; ", parts);
        }

        view.Linkage = LinkageOf(body);
        var common = new List<string>
        {
            view.Linkage is { Used: "propagated" }
                ? "Assumes the lists cover the same closed population. Linkage errors are carried into the figures with linkage uncertainty, as far as the linkage's pair probabilities are right."
                : "Assumes the lists cover the same closed population and that linkage is right: missed matches inflate N, false matches deflate it.",
        };
        if (view.Synthetic)
        {
            common.Insert(0, "SYNTHETIC input: these lists hold invented people; the figure says nothing about real events.");
        }

        common.AddRange(view.InputWarnings);
        view.CommonCaveats = common;
        view.Figures = DrawFigures(body.PosteriorDraws, results.GetProperty("overall"), view.Overall, L);
        return view;
    }

    private static LinkageView? LinkageOf(EstimateRunBody body)
    {
        if (body.Input.Workspace is null)
        {
            return null;
        }

        if (body.LinkageUncertainty is not { } recorded || body.Parameters.Linkage is not { } sampling)
        {
            return new LinkageView("plug-in", 0, 0, string.Empty, 0, 0, 0, 0, [], [], null) { StrataColumn = body.Parameters.Strata };
        }

        var summary = LinkageUncertaintyJson.Read(recorded.Summary);
        var strata = summary?.Strata is { } byStratum
            ? byStratum.Select(s => new LinkageStratumView(s.Stratum, Rows(s.Figures), [.. s.Figures.Warnings.Where(w => !summary.Warnings.Contains(w))])).ToList()
            : [];
        return new LinkageView("propagated", sampling.Samples, sampling.Seed, sampling.Draw, sampling.Requested, sampling.BudgetSeconds, recorded.Uncertain, recorded.Decided,
            summary is null ? [] : Rows(summary), summary?.Warnings ?? [], summary)
        {
            Strata = strata,
            StrataColumn = body.Parameters.Strata,
            Total = summary?.Total is { } total ? new LinkageStratumView(string.Empty, Rows(total), [.. total.Warnings.Where(w => !summary.Warnings.Contains(w))]) : null,
        };
    }

    /// <summary>A summary's figures as rows: the documented unique count, then N by each method estimated.</summary>
    private static List<LinkageFigureRow> Rows(LinkageUncertaintySummary summary)
    {
        var rows = new List<LinkageFigureRow>
        {
            new("people", null, F(summary.PlugInPeople), null, F(summary.PeopleMedian), $"{F(summary.PeopleLower)}–{F(summary.PeopleUpper)}", null),
        };
        if (summary.LogLinear is { } ll)
        {
            rows.Add(new LinkageFigureRow("loglinear", ll.PlugInModel, F(ll.PlugInEstimate ?? double.NaN), $"{F(ll.PlugInLower ?? double.NaN)}–{F(ll.PlugInUpper ?? double.NaN)}",
                F(ll.Estimate), $"{F(ll.Lower)}–{F(ll.Upper)}", F(100 * ll.LinkageShare) + "%"));
        }

        if (summary.LatentClass is { } lc)
        {
            rows.Add(new LinkageFigureRow("latent", null, F(lc.PlugInMedian ?? double.NaN), $"{F(lc.PlugInLower ?? double.NaN)}–{F(lc.PlugInUpper ?? double.NaN)}",
                F(lc.Median), $"{F(lc.Lower)}–{F(lc.Upper)}", null));
        }

        return rows;
    }

    private static List<EstimateFigure> DrawFigures(IReadOnlyList<long[]>? posteriorDraws, JsonElement overall, StratumView view, IStringLocalizer<Strings> L)
    {
        var figures = new List<EstimateFigure>();
        var text = new PlotText
        {
            RightToLeft = L is not EnglishWords && Digits.Persian,
            Number = L is EnglishWords ? PlotText.English.Number : v => Digits.N0((long)Math.Round(v)),
            Median = L["median {0}"],
            CredibleInterval = L["95% credible interval {0}–{1}; {2} draws"],
            OpenInterval = L["{0}: 95% interval {1}–{2}, cut at the axis (arrow)"],
            Unbounded = L["unbounded"],
        };
        string Local(string sentence) => L is EnglishWords ? sentence : Digits.Local(sentence);
        var latent = overall.TryGetProperty("latentClass", out var lc) && lc.ValueKind == JsonValueKind.Object ? lc : (JsonElement?)null;
        if (latent is { } l && posteriorDraws is { Count: > 0 })
        {
            var draws = posteriorDraws.SelectMany(chain => chain).ToArray();
            if (draws.Length > 0)
            {
                var title = L["Posterior of N (latent-class model)"];
                figures.Add(new EstimateFigure("posterior", title,
                    EstimationPlots.PosteriorSvg(draws, Number(l, "median") ?? double.NaN, Number(l, "lower") ?? double.NaN, Number(l, "upper") ?? double.NaN, title, text: text),
                    [Local(string.Format(CultureInfo.InvariantCulture, L["Latent-class model (LCMCR), {0} chains, seed {1}; ESS {2}, R-hat {3}."],
                        Number(l, "chains")?.ToString("0", CultureInfo.InvariantCulture), l.GetProperty("seed"), Number(l, "effectiveSampleSize")?.ToString("0", CultureInfo.InvariantCulture),
                        Number(l, "rhat")?.ToString("0.000", CultureInfo.InvariantCulture))),
                        .. Strings(l, "warnings")]));
            }
        }

        var rows = new List<IntervalEstimate>();
        var caveats = new List<string>();
        if (overall.TryGetProperty("bestModelInterval", out var ci) && ci.ValueKind == JsonValueKind.Object)
        {
            rows.Add(new IntervalEstimate(string.Format(CultureInfo.InvariantCulture, L["{0} (best BIC)"], Text(ci, "model")), Number(ci, "abundance") ?? double.NaN, Number(ci, "lower") ?? double.NaN, Number(ci, "upper") ?? double.NaN));
            caveats.AddRange(Strings(ci, "warnings"));
        }

        // Models asked for by name carry their own profile-likelihood interval; open above when it never closed.
        foreach (var m in view.NamedModels)
        {
            rows.Add(new IntervalEstimate(string.Format(CultureInfo.InvariantCulture, L["{0} (asked for)"], m.Fit.Model), m.Fit.Abundance, m.Lower, m.Upper ?? double.PositiveInfinity));
        }

        foreach (var m in view.BestModels.Skip(1).Take(5))
        {
            rows.Add(new IntervalEstimate(m.Model, m.Abundance, m.Abundance - (1.96 * m.StandardError), m.Abundance + (1.96 * m.StandardError)));
            caveats.AddRange(m.Warnings.Select(w => $"{m.Model}: {w}"));
        }

        if (latent is { } lat)
        {
            rows.Add(new IntervalEstimate(L["latent class"], Number(lat, "median") ?? double.NaN, Number(lat, "lower") ?? double.NaN, Number(lat, "upper") ?? double.NaN));
        }

        if (rows.Any(r => double.IsFinite(r.Estimate)))
        {
            caveats.Insert(0, view.NamedModels.Count > 0
                ? L["Best model and models asked for: profile-likelihood 95% intervals; other log-linear models: ±1.96 standard errors; latent class: 95% credible interval."]
                : L["Best model: profile-likelihood 95% interval; other log-linear models: ±1.96 standard errors; latent class: 95% credible interval."]);
            caveats.AddRange(view.Warnings);
            var title = L["Estimates of N by model (95% intervals)"];
            figures.Add(new EstimateFigure("models", title, EstimationPlots.ModelComparisonSvg(rows, title, text), caveats));
        }

        return figures;
    }

    private static StratumView Stratum(JsonElement s)
    {
        var best = s.TryGetProperty("bestModels", out var b) ? b.EnumerateArray().Select(r => Model(r.GetProperty("estimate"))).ToList() : [];
        var closed = s.TryGetProperty("closedPopulation", out var c) ? c.EnumerateArray().Select(Model).ToList() : [];
        BestIntervalView? interval = null;
        if (s.TryGetProperty("bestModelInterval", out var ci) && ci.ValueKind == JsonValueKind.Object)
        {
            interval = new BestIntervalView(Text(ci, "model"), Number(ci, "abundance") ?? double.NaN, Number(ci, "lower") ?? double.NaN,
                Number(ci, "upper") is { } u && double.IsFinite(u) ? u : null, Number(ci, "upperSearchLimit") ?? double.NaN);
        }

        LatentClassView? latent = null;
        if (s.TryGetProperty("latentClass", out var lc) && lc.ValueKind == JsonValueKind.Object)
        {
            latent = new LatentClassView(Number(lc, "median") ?? double.NaN, Number(lc, "lower") ?? double.NaN, Number(lc, "upper") ?? double.NaN,
                Number(lc, "maxClasses") ?? double.NaN, Number(lc, "chains") ?? double.NaN, lc.GetProperty("seed").ToString(),
                Number(lc, "effectiveSampleSize") ?? double.NaN, Number(lc, "rhat") ?? double.NaN);
        }

        var warnings = Strings(s, "warnings").ToList();
        if (s.TryGetProperty("latentClass", out var l2) && l2.ValueKind == JsonValueKind.Object)
        {
            warnings.AddRange(Strings(l2, "warnings").Select(w => "latent class: " + w));
        }

        var named = s.TryGetProperty("namedModels", out var n) && n.ValueKind == JsonValueKind.Array
            ? n.EnumerateArray().Select(NamedModel).ToList()
            : [];
        return new StratumView(Text(s, "stratum"), (long)(Number(s, "observed") ?? 0), (long)(Number(s, "recaptured") ?? 0),
            (int)(Number(s, "modelsSearched") ?? 0), best, closed, interval, latent, warnings)
        { NamedModels = named };
    }

    private static NamedModelRow NamedModel(JsonElement e)
    {
        var ci = e.GetProperty("interval");
        var upper = Number(ci, "upper");
        return new NamedModelRow(Text(e, "requested"), Model(e.GetProperty("fit")), Number(ci, "lower") ?? double.NaN, upper is { } u && double.IsFinite(u) ? u : null,
            Number(ci, "upperSearchLimit") ?? double.NaN, Strings(ci, "warnings"));
    }

    private static ModelRow Model(JsonElement e) => new(Text(e, "model"), Number(e, "abundance") ?? double.NaN, Number(e, "standardError") ?? double.NaN,
        Number(e, "deviance") ?? double.NaN, (int)(Number(e, "degreesOfFreedom") ?? 0), Number(e, "aic") ?? double.NaN, Number(e, "bic") ?? double.NaN, Strings(e, "warnings"));

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString() ?? string.Empty)] : [];

    // Reports write NaN and infinities as strings ("NaN", "Infinity").
    private static double? Number(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String => double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
            _ => null,
        };
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number for display: "—" when it is not finite.</summary>
    /// <summary>A figure of the tables and charts, in the reader's digits (Persian in the Persian interface).</summary>
    public static string F(double x, string format = "N0") => double.IsFinite(x) ? Visuals.Digits.Local(x.ToString(format, CultureInfo.InvariantCulture)) : "—";
}
