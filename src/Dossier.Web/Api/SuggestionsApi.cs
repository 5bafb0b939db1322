using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>A suggestion in the review queue (ADR 1603).</summary>
public sealed record SuggestionDto(string Id, string Item, string Name, string Text, string Kind, string Target, string Label, IReadOnlyList<int> Pages, double Score, string Status, long? DecidedSequence, string? Result);

/// <summary>A decision: accept (a name becomes a link; a date a claim on <see cref="Source"/> about <see cref="Subjects"/>) or reject, with a reason.</summary>
public sealed record SuggestionDecisionRequest(string? Decision, string? Reason, string? Source = null, IReadOnlyList<string>? Subjects = null, string? Relation = null);

/// <summary>The suggestion review queue: <c>GET /api/v1/suggestions</c>, <c>POST /api/v1/suggestions/{id}/decision</c>, and the web page's form.</summary>
internal static class SuggestionsApi
{
    public const string FormDecisionPath = "/suggestions/decide";

    public static IEndpointRouteBuilder MapSuggestionsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("documents").RequireAuthorization();
        api.MapGet("/suggestions", ListAsync).WithName("ListSuggestions");
        // access: Operation.AddEvidence (checked by SuggestionService)
        api.MapPost("/suggestions/{id}/decision", DecideAsync).WithName("DecideSuggestion").DisableAntiforgery();
        // access: Operation.AddEvidence (the web page's form; antiforgery-checked)
        endpoints.MapPost(FormDecisionPath, DecideFormAsync).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }

    internal static SuggestionDto ToDto(DocumentSuggestion s) =>
        new(s.Id, s.Hash, s.Name, s.TextHash, s.Kind, s.Target, s.Label, s.Pages, s.Score, DocumentSuggestion.StatusName(s.Status), s.DecidedSequence, s.Result);

    private static async Task<Ok<IReadOnlyList<SuggestionDto>>> ListAsync(IWorkspaceStore store, RecordAccess access, TimeProvider time, CancellationToken cancellationToken, string? item = null, bool all = false)
    {
        var found = await new SuggestionService(store, time).ListAsync(access.Principal, item, all, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SuggestionDto>>([.. found.Select(ToDto)]);
    }

    private static async Task<(DocumentSuggestion? Done, IReadOnlyList<ValidationError> Errors)> DecideForAsync(
        string id, SuggestionDecisionRequest request, IWorkspaceStore store, RecordAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "decide a suggestion", null, cancellationToken);
            return (null, [new ValidationError(id, "principal", "sign in to decide on suggestions")]);
        }

        var service = new SuggestionService(store, time, audit);
        return request.Decision switch
        {
            "accept" => await service.AcceptAsync(id, new SuggestionAcceptance(Blank(request.Source), request.Subjects?.Select(s => s.Trim()).Where(s => s.Length > 0).ToList(), Blank(request.Relation)), principal, request.Reason, cancellationToken),
            "reject" => await service.RejectAsync(id, principal, request.Reason, cancellationToken),
            _ => (null, [new ValidationError(id, "decision", "must be accept or reject")]),
        };
    }

    private static async Task<Results<Ok<SuggestionDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string id, SuggestionDecisionRequest request, IWorkspaceStore store, RecordAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var (done, errors) = await DecideForAsync(id, request, store, access, audit, time, cancellationToken);
        if (done is not null)
        {
            return TypedResults.Ok(ToDto(done));
        }

        var error = errors[0];
        return error.Field switch
        {
            "principal" => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = error.Message }),
            "suggestion" when error.Message.StartsWith("no suggestion", StringComparison.Ordinal) =>
                TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = error.Message }),
            "suggestion" => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = error.Message }),
            _ => TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
        };
    }

    private static async Task<IResult> DecideFormAsync([FromForm] string? id, [FromForm] string? decision, [FromForm] string? reason, [FromForm] string? source, [FromForm] string? subject,
        IWorkspaceStore store, RecordAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var (done, errors) = await DecideForAsync(id ?? string.Empty, new SuggestionDecisionRequest(decision, reason, source, subject is null ? null : [subject]), store, access, audit, time, cancellationToken);
        return done is not null
            ? Results.LocalRedirect($"/suggestions?decided={Uri.EscapeDataString(done.Id)}")
            : Results.LocalRedirect($"/suggestions?error={Uri.EscapeDataString(string.Join("; ", errors.Select(e => e.Message)))}");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
