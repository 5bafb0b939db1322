using System.Globalization;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Domain.Records;

namespace Dossier.Web.Components;

/// <summary>A figure a source claims for the event, with what it rests on: the source, its reliability and the claim's credibility.</summary>
public sealed record CountClaim(
    string Property, string ClaimId, string Statement, string Figure, Quantity Quantity, string SourceId, string? SourceTitle,
    string? Reliability, string? Provenance, int Credibility, string? Locator, bool Synthetic);

/// <summary>
/// The people on the linked lists (one person per cluster): the plug-in count, and when the estimate carries linkage
/// uncertainty, the median and 95% range of the sampled clusterings' counts.
/// </summary>
public sealed record DocumentedCount(long People, double? Median, double? Lower, double? Upper, int Samples, IReadOnlyList<string> Lists, long? LinkageRun, int Decisions, bool Synthetic);

/// <summary>One estimate of N with its 95% interval and its basis ("with linkage uncertainty" or "plug-in": one clustering).</summary>
/// <param name="Kind">"loglinear" (best model by BIC, <paramref name="Model"/>) or "latent" (latent-class posterior median).</param>
public sealed record CountFigure(string Kind, string? Model, double Estimate, double Lower, double? Upper, string Basis);

/// <summary>The recorded estimate an event's count rests on: its figures, the assumptions they need and every warning.</summary>
public sealed record CountEstimate(long Sequence, string FiguresUsed, string Method, IReadOnlyList<CountFigure> Figures, IReadOnlyList<string> Warnings,
    bool Synthetic, DateTimeOffset Time, string Actor, string Reason);

/// <summary>
/// The dispute over one event's toll, shown whole (issue 17 item 5): the victims documented on the linked lists, the
/// estimate of those no list recorded with its assumptions and warnings, and the figures sources claim, side by side
/// with their sources and grades. Nothing is picked; every number stands with its basis.
/// </summary>
public sealed class EventCountView
{
    /// <summary>What every estimate here assumes, in plain words (docs/estimation.md, "What the models assume").</summary>
    public static readonly IReadOnlyList<string> Assumptions =
    [
        "Closed population: every victim could have been recorded by every list (the lists cover the same places and period).",
        "Linkage: people on several lists were matched as one person; linkage errors are in the interval only when the estimate carries linkage uncertainty.",
        "List dependence: modelled where the overlaps show it (log-linear interaction terms); dependence that leaves no trace cannot be corrected.",
        "Heterogeneous capture: people easier to record (latent classes) are modelled where the overlaps show it; a group no list reaches stays invisible, and such misses make the estimate too low.",
    ];

    private EventCountView(RecordView record) => Record = record;

    public RecordView Record { get; }

    public Dossier.Domain.Records.Event Event => (Dossier.Domain.Records.Event)Record.Record;

    public IReadOnlyList<CountClaim> Claims { get; private set; } = [];

    public DocumentedCount? Documented { get; private set; }

    public CountEstimate? Estimate { get; private set; }

    /// <summary>Loads the event (null when there is none, or the id names another kind of record) and everything its count rests on.</summary>
    public static async Task<EventCountView?> LoadAsync(RecordAccess access, IListStore lists, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var record = await RecordView.LoadAsync(access, id, cancellationToken);
        if (record?.Record is not Dossier.Domain.Records.Event)
        {
            return null;
        }

        var view = new EventCountView(record)
        {
            Claims = [.. record.ClaimGroups.SelectMany(g => g.Claims)
                .Where(c => c.Quantity is not null)
                .Select(c =>
                {
                    var source = record.Related<Source>(c.SourceId);
                    return new CountClaim(c.Property ?? string.Empty, c.Id, c.Statement, QuantityText.Format(c.Quantity!), c.Quantity!, c.SourceId, source?.Label,
                        source?.Reliability.ToString(), source?.Provenance, c.Credibility, c.Locator, c.Synthetic || source?.Synthetic == true);
                })],
        };

        // The latest recorded estimate said to count this event.
        foreach (var info in (await lists.EstimatesAsync(cancellationToken)).OrderByDescending(e => e.Sequence))
        {
            if (await lists.EntryAsync(info.Sequence, cancellationToken) is not { } entry || !Entries.EstimateRun.Is(entry))
            {
                continue;
            }

            var body = Entries.EstimateRun.Read(entry);
            if (body.Event == id && EstimateView.From(entry) is { } estimate)
            {
                view.Load(entry, body, estimate);
                break;
            }
        }

        return view;
    }

    private void Load(LedgerEntry entry, EstimateRunBody body, EstimateView estimate)
    {
        var summary = estimate.Linkage?.Summary;
        if (body.Input.Workspace is { } w)
        {
            Documented = new DocumentedCount(w.People, summary?.PeopleMedian, summary?.PeopleLower, summary?.PeopleUpper, summary?.Samples ?? 0,
                w.Lists, w.LinkageRun, w.Decisions, w.Synthetic);
        }

        var figures = new List<CountFigure>();
        const string Propagated = "with linkage uncertainty";
        const string PlugIn = "plug-in";
        var overall = body.Results.GetProperty("overall");
        var fromFile = body.Input.Workspace is null ? "capture histories as given" : PlugIn;
        if (summary?.LogLinear is { } ll && double.IsFinite(ll.Estimate))
        {
            figures.Add(new CountFigure("loglinear", ll.PlugInModel, ll.Estimate, ll.Lower, ll.Upper, Propagated));
        }
        else if (overall.TryGetProperty("bestModelInterval", out var ci) && ci.ValueKind == JsonValueKind.Object)
        {
            figures.Add(new CountFigure("loglinear", Text(ci, "model"), Number(ci, "abundance"), Number(ci, "lower"),
                ci.TryGetProperty("upper", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetDouble() : null, fromFile));
        }

        if (summary?.LatentClass is { } lc)
        {
            figures.Add(new CountFigure("latent", null, lc.Median, lc.Lower, lc.Upper, Propagated));
        }
        else if (overall.TryGetProperty("latentClass", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            figures.Add(new CountFigure("latent", null, Number(l, "median"), Number(l, "lower"), Number(l, "upper"), fromFile));
        }

        var warnings = estimate.CommonCaveats.Concat(estimate.Overall.Warnings).Concat(estimate.Linkage?.Warnings ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (estimate.Strata.Count > 0)
        {
            // Per stratum, the estimate's page shows both figures when the strata carry linkage uncertainty too (ADR 1819).
            warnings.Add(estimate.Linkage?.Strata.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"The figures are for all people observed; estimate #{entry.Sequence} also gives them by {body.Parameters.Strata}, plug-in and with linkage uncertainty (used).")
                : string.Create(CultureInfo.InvariantCulture, $"The figures are for all people observed; estimate #{entry.Sequence} also gives them by {body.Parameters.Strata} (plug-in)."));
        }

        Estimate = new CountEstimate(entry.Sequence, estimate.Linkage?.Used ?? fromFile, body.Parameters.Method, figures, warnings, estimate.Synthetic, entry.Time, entry.Actor, entry.Reason);
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
}
