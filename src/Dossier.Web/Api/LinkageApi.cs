using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Web.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

public sealed record ListDto(string ListId, string SourceId, string Name, bool Synthetic, int Rows, IReadOnlyList<string> Columns, IReadOnlyList<ListField> Fields, string FileName, string Sha256, long ImportedSequence);

public sealed record ListRowDto(string Key, string ListId, string RowId, int Line, bool Synthetic, IReadOnlyDictionary<string, string> Values);

public sealed record LinkageRunDto(long Sequence, IReadOnlyList<string> Lists, int Rows, int Clusters, int ReviewPairs, bool Synthetic, string Actor, DateTimeOffset Time, string Reason, JsonElement Parameters, JsonElement Summary);

public sealed record DecisionDto(long Sequence, long Run, string A, string B, string Decision, string Actor, string Reason, DateTimeOffset Time);

/// <summary>An uncertain pair: both rows side by side, the probability, every comparison's weight, and any decision taken.</summary>
public sealed record ReviewPairDto(long Run, string A, string B, double Probability, ListRowDto? RowA, ListRowDto? RowB, JsonElement Explanation, DecisionDto? Decision);

/// <summary>One person as the current clusters see them, with every row behind them.</summary>
public sealed record ClusterDto(string ClusterId, long Run, bool Synthetic, IReadOnlyList<string> Lists, IReadOnlyList<ListRowDto> Rows, IReadOnlyList<DecisionDto> Decisions);

/// <summary>Accept (same person) or reject (different people) two rows, with a reason.</summary>
public sealed record DecisionRequest(string? A, string? B, string? Decision, string? Reason);

/// <summary>Make a cluster one person: a new record (<c>PersonId</c> empty; <c>NewPersonId</c> and <c>Classification</c> optional) or join it to <c>PersonId</c>.</summary>
public sealed record IdentifyRequestDto(string? PersonId, string? NewPersonId, string? Classification, string? Reason);

/// <summary>The person the rows now are, whether it was created, the rows newly identified and the ledger entry.</summary>
public sealed record IdentifiedDto(string PersonId, bool Created, bool Synthetic, IReadOnlyList<string> Rows, long Sequence);

/// <summary>Make every settled cluster a person: the new records' classification (default internal) and why.</summary>
public sealed record IdentifySettledRequestDto(string? Classification, string? Reason);

/// <summary>The people made from settled clusters (each with its rows) and the clusters left, by why.</summary>
public sealed record SettledDto(IReadOnlyList<SettledPersonDto> Made, int LeftUncertain, int LeftIdentified, int LeftMixed);

public sealed record SettledPersonDto(string PersonId, IReadOnlyList<string> Rows);

public sealed record DecisionResultDto(DecisionDto Decision, ClusterDto? ClusterOfA, ClusterDto? ClusterOfB);

public sealed record EstimateSummaryDto(long Sequence, string Source, IReadOnlyList<string> Lists, bool Synthetic, bool FromWorkspace, string Method, string Actor, DateTimeOffset Time, string Reason);

/// <param name="FiguresUsed">For an estimate from the workspace: "propagated" when its figures carry linkage uncertainty
/// (<paramref name="LinkageUncertainty"/> holds both sets: plug-in and propagated), "plug-in" when they rest on one
/// clustering; null for a capture-history file.</param>
/// <param name="StrataFiguresUsed">For a stratified estimate from the workspace: "propagated" when each stratum's figures carry
/// linkage uncertainty too (<c>linkageUncertainty.strata</c>: each stratum's plug-in and propagated figures, ADR 1819), "plug-in"
/// when only the whole-input figures do (or none); null when the estimate is not stratified or comes from a capture-history file.</param>
/// <param name="TotalFiguresUsed">For a stratified estimate from the workspace: "propagated" when the total over strata carries
/// linkage uncertainty too (<c>linkageUncertainty.total</c>, ADR 1826), "plug-in" when it rests on one clustering (recorded
/// before, or per-stratum figures plug-in); null when the estimate is not stratified or comes from a capture-history file.</param>
public sealed record EstimateDetailDto(EstimateSummaryDto Estimate, JsonElement Input, JsonElement Parameters, JsonElement Results, IReadOnlyList<string> Figures, IReadOnlyList<string> Caveats,
    string? FiguresUsed = null, JsonElement? LinkageUncertainty = null, string? StrataFiguresUsed = null, string? TotalFiguresUsed = null);

/// <summary>
/// One event's toll with its basis (issue 17 item 5): the documented count on the linked lists (with its range over
/// sampled clusterings), the estimate with its assumptions and warnings, and every figure sources claim, with the source,
/// its reliability grade (A–F) and the claim's credibility (1–6). Null parts are not known, never zero.
/// </summary>
public sealed record EventCountDto(EventCountDto.EventInfo Event, DocumentedCount? Documented, EventCountDto.EstimateInfo? Estimate, IReadOnlyList<EventCountDto.ClaimInfo> Claims)
{
    public sealed record EventInfo(string Id, string Title, string? TitleFa, bool Synthetic);

    /// <param name="FiguresUsed">"propagated" (with linkage uncertainty), "plug-in" (one clustering) or "capture histories as given".</param>
    public sealed record EstimateInfo(long Sequence, string Href, string FiguresUsed, string Method, IReadOnlyList<CountFigure> Figures, IReadOnlyList<string> Assumptions,
        IReadOnlyList<string> Warnings, bool Synthetic);

    public sealed record ClaimInfo(string ClaimId, string Property, string Figure, string Qualifier, double? Value, double? Lower, double? Upper, string Unit, string? Text,
        string Statement, string SourceId, string? SourceTitle, string? Reliability, int Credibility, string? Locator, bool Synthetic);
}

/// <summary>
/// REST API for victim lists, linkage review and recorded estimates under /api/v1, and the review form's
/// POST target for the web UI. Reads are for any role that can read records; decisions need ReviewLinkage.
/// </summary>
internal static class LinkageApi
{
    public const string FormDecisionPath = "/lists/review/decide";

    public const string FormIdentifyPath = "/lists/cluster/identify";

    /// <summary>Where the lists page's form makes every settled cluster a person.</summary>
    public const string FormIdentifySettledPath = "/lists/identify-settled";

    public static IEndpointRouteBuilder MapLinkageApi(this IEndpointRouteBuilder endpoints)
    {
        // Victim lists, clusters and estimates are the team's working material (internal): signed-in people only.
        var api = endpoints.MapGroup("/api/v1").WithTags("lists and linkage").RequireAuthorization();
        api.MapGet("/lists", ListsAsync).WithName("ListVictimLists");
        api.MapGet("/lists/{listId}/rows", RowsAsync).WithName("ListRows");
        api.MapGet("/linkage/runs", RunsAsync).WithName("ListLinkageRuns");
        api.MapGet("/linkage/review", ReviewAsync).WithName("GetReviewQueue");
        // access: Operation.ReviewLinkage
        api.MapPost("/linkage/decisions", DecideAsync).WithName("DecidePair").DisableAntiforgery();
        api.MapGet("/linkage/clusters/{listId}/{rowId}", ClusterAsync).WithName("GetCluster");
        // access: write internal records (lists' material), and the person record's classification
        api.MapPost("/linkage/clusters/{listId}/{rowId}/person", IdentifyAsync).WithName("IdentifyCluster").DisableAntiforgery();
        // access: as IdentifyCluster; every settled cluster at once, in one append
        api.MapPost("/linkage/people", IdentifySettledAsync).WithName("IdentifySettledClusters").DisableAntiforgery();
        api.MapGet("/estimates", EstimatesAsync).WithName("ListEstimates");
        api.MapGet("/estimates/{sequence:long}", EstimateAsync).WithName("GetEstimate");
        api.MapGet("/events/{id}/count", EventCountAsync).WithName("GetEventCount");
        api.MapGet("/estimates/{sequence:long}/figures/{name}.svg", FigureAsync).WithName("GetEstimateFigure");
        // access: Operation.ReviewLinkage (the web review form; antiforgery-checked)
        endpoints.MapPost(FormDecisionPath, DecideFormAsync).RequireAuthorization().ExcludeFromDescription();
        // access: as IdentifyCluster (the cluster page's form; antiforgery-checked)
        endpoints.MapPost(FormIdentifyPath, IdentifyFormAsync).RequireAuthorization().ExcludeFromDescription();
        // access: as IdentifySettledClusters (the lists page's form; antiforgery-checked)
        endpoints.MapPost(FormIdentifySettledPath, IdentifySettledFormAsync).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }

    internal static ListRowDto ToDto(ListRow row) => new(row.Key, row.ListId, row.RowId, row.Line, row.Synthetic, row.Values);

    internal static DecisionDto ToDto(LinkageDecision d) => new(d.Sequence, d.RunSequence, d.A, d.B, d.Verdict == LinkageVerdict.Accept ? "accept" : "reject", d.Actor, d.Reason, d.Time);

    internal static ClusterDto ToDto(ClusterView c) => new(c.ClusterId, c.RunSequence, c.Synthetic, c.Lists, [.. c.Rows.Select(ToDto)], [.. c.Decisions.Select(ToDto)]);

    private static async Task<Ok<IReadOnlyList<ListDto>>> ListsAsync(IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var lists = await store.Lists.ListsAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ListDto>>([.. lists.Select(l => new ListDto(l.ListId, l.SourceId, l.Name, l.Synthetic, l.RowCount, l.Columns, l.Fields, l.FileName, l.Sha256, l.ImportedSequence))]);
    }

    private static async Task<Results<Ok<IReadOnlyList<ListRowDto>>, ProblemHttpResult>> RowsAsync(
        string listId, IWorkspaceStore store, CancellationToken cancellationToken, int offset = 0, int limit = 100)
    {
        var lists = store.Lists;
        if (await lists.GetListAsync(listId, cancellationToken) is null)
        {
            return NotFound($"No list '{listId}'.");
        }

        var rows = await lists.RowsAsync(listId, Math.Max(0, offset), Math.Clamp(limit, 1, 1000), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ListRowDto>>([.. rows.Select(ToDto)]);
    }

    private static async Task<Ok<IReadOnlyList<LinkageRunDto>>> RunsAsync(IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var runs = await store.Lists.RunsAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<LinkageRunDto>>([.. runs.Select(r => new LinkageRunDto(r.Sequence, r.Lists, r.Rows, r.Clusters, r.ReviewPairs, r.Synthetic, r.Actor, r.Time, r.Reason, r.Parameters, r.Summary))]);
    }

    private static async Task<Ok<IReadOnlyList<ReviewPairDto>>> ReviewAsync(ListService service, CancellationToken cancellationToken, bool decided = false)
    {
        var queue = await service.ReviewQueueAsync(decided, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ReviewPairDto>>([.. queue.Select(i => new ReviewPairDto(i.Pair.RunSequence, i.Pair.A, i.Pair.B, i.Pair.Probability,
            i.RowA is null ? null : ToDto(i.RowA), i.RowB is null ? null : ToDto(i.RowB), i.Pair.Explanation, i.Decision is null ? null : ToDto(i.Decision)))]);
    }

    private static async Task<Results<Created<DecisionResultDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        DecisionRequest request, ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        // Only someone signed in acts; the service checks the role (ReviewLinkage) and audits a refusal.
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, nameof(Operation.ReviewLinkage), null, cancellationToken);
            return Forbidden();
        }

        var (verdict, invalid) = Check(request);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await service.DecideAsync(request.A!, request.B!, verdict, principal, request.Reason, cancellationToken);
        if (result.Refused)
        {
            return Forbidden();
        }

        if (!result.Ok)
        {
            return Invalid(result.Problems);
        }

        var d = result.Value!;
        var a = await service.Lists.ClusterOfAsync(d.A, cancellationToken);
        var b = await service.Lists.ClusterOfAsync(d.B, cancellationToken);
        return TypedResults.Created($"/api/v1/linkage/clusters/{Uri.EscapeDataString(RowKeys.Split(d.A).ListId)}/{Uri.EscapeDataString(RowKeys.Split(d.A).RowId)}",
            new DecisionResultDto(ToDto(d), a is null ? null : ToDto(a), b is null ? null : ToDto(b)));
    }

    /// <summary>The review page's form: decide, then show the cluster of the first row (post, redirect, get).</summary>
    private static async Task<IResult> DecideFormAsync([FromForm] string? a, [FromForm] string? b, [FromForm] string? decision, [FromForm] string? reason,
        ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        const string NotAllowed = "your role may not decide linkage pairs";
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, nameof(Operation.ReviewLinkage), null, cancellationToken);
            return Results.LocalRedirect($"/lists/review?error={Uri.EscapeDataString(NotAllowed)}");
        }

        var request = new DecisionRequest(a, b, decision, reason);
        var (verdict, invalid) = Check(request);
        if (invalid is not null)
        {
            return Results.LocalRedirect($"/lists/review?error={Uri.EscapeDataString(string.Join("; ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value)))}");
        }

        var result = await service.DecideAsync(a!, b!, verdict, principal, reason, cancellationToken);
        if (result.Refused)
        {
            return Results.LocalRedirect($"/lists/review?error={Uri.EscapeDataString(NotAllowed)}");
        }

        if (!result.Ok)
        {
            return Results.LocalRedirect($"/lists/review?error={Uri.EscapeDataString(string.Join("; ", result.Problems))}");
        }

        var (list, row) = RowKeys.Split(result.Value!.A);
        return Results.LocalRedirect($"/lists/cluster/{Uri.EscapeDataString(list)}/{Uri.EscapeDataString(row)}?decided={result.Value.Sequence}");
    }

    private static async Task<Results<Created<IdentifiedDto>, ValidationProblem, ProblemHttpResult>> IdentifyAsync(
        string listId, string rowId, IdentifyRequestDto request, ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "identify list rows", null, cancellationToken);
            return Forbidden();
        }

        if (!ClassificationOf(request.Classification, out var classification))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["classification"] = [NotAClassification(request.Classification)] });
        }

        var result = await service.IdentifyAsync(IdentifyOf(RowKeys.Of(listId, rowId), request.PersonId, request.NewPersonId, classification), principal, request.Reason, cancellationToken);
        if (result.Refused)
        {
            return Forbidden();
        }

        if (!result.Ok)
        {
            return Invalid(result.Problems);
        }

        var done = result.Value!;
        return TypedResults.Created($"/api/v1/records/{Uri.EscapeDataString(done.Person.Id)}",
            new IdentifiedDto(done.Person.Id, done.Created, done.Person.Record.Synthetic, [.. done.Rows.Select(r => r.Key)], done.Sequence));
    }

    /// <summary>The cluster page's form: make the cluster a person, then show the cluster again (post, redirect, get).</summary>
    private static async Task<IResult> IdentifyFormAsync([FromForm] string? row, [FromForm] string? person, [FromForm] string? id, [FromForm] string? classification,
        [FromForm] string? reason, ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (list, rowId) = RowKeys.Split(row ?? string.Empty);
        var back = $"/lists/cluster/{Uri.EscapeDataString(list)}/{Uri.EscapeDataString(rowId)}";
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "identify list rows", null, cancellationToken);
            return Results.LocalRedirect($"{back}?error={Uri.EscapeDataString("your role may not make list rows a person")}");
        }

        if (!ClassificationOf(classification, out var chosen))
        {
            return Results.LocalRedirect($"{back}?error={Uri.EscapeDataString($"classification: {NotAClassification(classification)}")}");
        }

        var result = await service.IdentifyAsync(IdentifyOf(row ?? string.Empty, person, id, chosen), principal, reason, cancellationToken);
        return result switch
        {
            { Refused: true } => Results.LocalRedirect($"{back}?error={Uri.EscapeDataString("your role may not make list rows a person")}"),
            { Ok: false } => Results.LocalRedirect($"{back}?error={Uri.EscapeDataString(string.Join("; ", result.Problems))}"),
            _ => Results.LocalRedirect($"{back}?identified={result.Value!.Sequence}"),
        };
    }

    private static async Task<Results<Created<SettledDto>, ValidationProblem, ProblemHttpResult>> IdentifySettledAsync(
        IdentifySettledRequestDto request, ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "identify list rows", null, cancellationToken);
            return Forbidden();
        }

        if (!ClassificationOf(request.Classification, out var classification))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["classification"] = [NotAClassification(request.Classification)] });
        }

        var result = await service.IdentifySettledAsync(classification, principal, request.Reason, cancellationToken);
        if (result.Refused)
        {
            return Forbidden();
        }

        if (!result.Ok)
        {
            return Invalid(result.Problems);
        }

        var done = result.Value!;
        return TypedResults.Created("/api/v1/linkage/review",
            new SettledDto([.. done.Made.Select(m => new SettledPersonDto(m.PersonId, [.. m.Rows.Select(r => r.Key)]))], done.LeftUncertain, done.LeftIdentified, done.LeftMixed));
    }

    /// <summary>The lists page's form: make every settled cluster a person, then show the lists page again (post, redirect, get).</summary>
    private static async Task<IResult> IdentifySettledFormAsync([FromForm] string? classification, [FromForm] string? reason,
        ListService service, RecordAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        const string back = "/lists";
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "identify list rows", null, cancellationToken);
            return Results.LocalRedirect($"{back}?error={Uri.EscapeDataString("your role may not make list rows a person")}");
        }

        if (!ClassificationOf(classification, out var chosen))
        {
            return Results.LocalRedirect($"{back}?error={Uri.EscapeDataString($"classification: {NotAClassification(classification)}")}");
        }

        var result = await service.IdentifySettledAsync(chosen, principal, reason, cancellationToken);
        return result switch
        {
            { Refused: true } => Results.LocalRedirect($"{back}?error={Uri.EscapeDataString("your role may not make list rows a person")}"),
            { Ok: false } => Results.LocalRedirect($"{back}?error={Uri.EscapeDataString(string.Join("; ", result.Problems))}"),
            _ => Results.LocalRedirect($"{back}?identified={result.Value!.Made.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
        };
    }

    private static ValidationProblem Invalid(IReadOnlyList<ListProblem> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(p => p.Where, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray(), StringComparer.Ordinal));

    // A person made from list rows is internal unless asked otherwise: lists are the team's working material.
    private static bool ClassificationOf(string? text, out Classification classification)
    {
        classification = Classification.Internal;
        return string.IsNullOrEmpty(text) || Classifications.TryParse(text, out classification);
    }

    private static string NotAClassification(string? text) => $"'{text}' is not one of {string.Join(", ", Classifications.All)}";

    private static IdentifyRequest IdentifyOf(string row, string? person, string? id, Classification classification) => new(row)
    {
        PersonId = string.IsNullOrWhiteSpace(person) ? null : person.Trim(),
        NewPersonId = string.IsNullOrWhiteSpace(id) ? null : id.Trim(),
        Classification = classification,
    };

    private static async Task<Results<Ok<ClusterDto>, ProblemHttpResult>> ClusterAsync(string listId, string rowId, IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var cluster = await store.Lists.ClusterOfAsync(RowKeys.Of(listId, rowId), cancellationToken);
        return cluster is null ? NotFound($"No clustered row '{RowKeys.Of(listId, rowId)}' (is it on a linked list?).") : TypedResults.Ok(ToDto(cluster));
    }

    private static async Task<Ok<IReadOnlyList<EstimateSummaryDto>>> EstimatesAsync(IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var estimates = await store.Lists.EstimatesAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<EstimateSummaryDto>>([.. estimates.Select(ToDto)]);
    }

    private static async Task<Results<Ok<EstimateDetailDto>, ProblemHttpResult>> EstimateAsync(long sequence, IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var lists = store.Lists;
        var summary = (await lists.EstimatesAsync(cancellationToken)).FirstOrDefault(e => e.Sequence == sequence);
        var view = EstimateView.From(await lists.EntryAsync(sequence, cancellationToken));
        if (summary is null || view is null)
        {
            return NotFound($"Ledger entry #{sequence} is not a recorded estimate.");
        }

        // The run as the entry catalogue reads it (an older version brought forward); the results in the report's own format.
        var run = Entries.EstimateRun.Read(view.Entry);
        return TypedResults.Ok(new EstimateDetailDto(ToDto(summary), EntryJson.Write(run.Input), EntryJson.Write(run.Parameters), run.Results,
            [.. view.Figures.Select(f => $"/api/v1/estimates/{sequence}/figures/{f.Name}.svg")], view.CommonCaveats,
            view.Linkage?.Used, run.LinkageUncertainty?.Summary,
            view.Linkage is { StrataColumn: not null } l ? (l.Strata.Count > 0 ? "propagated" : "plug-in") : null,
            view.Linkage is { StrataColumn: not null } t ? (t.Total is not null ? "propagated" : "plug-in") : null));
    }

    private static async Task<IResult> FigureAsync(long sequence, string name, IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var view = EstimateView.From(await store.Lists.EntryAsync(sequence, cancellationToken));
        var figure = view?.Figures.FirstOrDefault(f => f.Name == name);
        return figure is null ? NotFound($"No figure '{name}' for entry #{sequence}.") : Results.Text(figure.Svg, "image/svg+xml");
    }

    private static async Task<Results<Ok<EventCountDto>, ProblemHttpResult>> EventCountAsync(string id, IWorkspaceStore store, RecordAccess access, CancellationToken cancellationToken)
    {
        var view = await EventCountView.LoadAsync(access, store.Lists, id, cancellationToken);
        if (view is null)
        {
            return NotFound($"No event record '{id}'.");
        }

        var ev = view.Event;
        return TypedResults.Ok(new EventCountDto(
            new EventCountDto.EventInfo(ev.Id, ev.Label, ev.TitleFa, ev.Synthetic),
            view.Documented,
            view.Estimate is { } e ? new EventCountDto.EstimateInfo(e.Sequence, $"/api/v1/estimates/{e.Sequence}", e.FiguresUsed, e.Method, e.Figures, EventCountView.Assumptions, e.Warnings, e.Synthetic) : null,
            [.. view.Claims.Select(c => new EventCountDto.ClaimInfo(c.ClaimId, c.Property, c.Figure, c.Quantity.Qualifier.ToString(), c.Quantity.Value, c.Quantity.Lower, c.Quantity.Upper,
                c.Quantity.Unit, c.Quantity.Text, c.Statement, c.SourceId, c.SourceTitle, c.Reliability, c.Credibility, c.Locator, c.Synthetic))]));
    }

    private static EstimateSummaryDto ToDto(EstimateRunInfo e) => new(e.Sequence, e.Source, e.Lists, e.Synthetic, e.FromWorkspace, e.Method, e.Actor, e.Time, e.Reason);

    private static (LinkageVerdict Verdict, ValidationProblem? Invalid) Check(DecisionRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.A))
        {
            errors["a"] = ["the first row (LIST/ROW) is required"];
        }

        if (string.IsNullOrWhiteSpace(request.B))
        {
            errors["b"] = ["the second row (LIST/ROW) is required"];
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["every decision needs a reason"];
        }

        LinkageVerdict verdict = default;
        if (request.Decision is "accept")
        {
            verdict = LinkageVerdict.Accept;
        }
        else if (request.Decision is "reject")
        {
            verdict = LinkageVerdict.Reject;
        }
        else
        {
            errors["decision"] = ["the decision is accept or reject"];
        }

        return (verdict, errors.Count == 0 ? null : TypedResults.ValidationProblem(errors));
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" });
}
