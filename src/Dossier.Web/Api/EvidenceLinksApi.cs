using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>A link from an evidence item to a record, as the API gives it.</summary>
public sealed record EvidenceLinkDto(long Sequence, string Hash, string Target, string Relation, int? PageFrom, int? PageTo, string? TimeFrom, string? TimeTo, string Actor, DateTimeOffset Time, string Reason);

/// <summary>A link to make: the record, how the item bears on it (supports, contradicts, mentions), where in the item, and why.</summary>
public sealed record EvidenceLinkCreateRequest(string? Target, string? Relation, string? Pages, string? From, string? To, string? Reason);

/// <summary>Evidence linked to what it proves: POST/GET /api/v1/evidence/{hash}/links, GET /api/v1/records/{id}/evidence.</summary>
internal static class EvidenceLinksApi
{
    public static IEndpointRouteBuilder MapEvidenceLinksApi(this IEndpointRouteBuilder endpoints)
    {
        // access: CanRead(Classification.Internal) and CanRead(item) (evidence is internal working material); links to records the caller cannot read are left out
        endpoints.MapGet("/api/v1/evidence/{hash}/links", FromAsync).WithTags("evidence").WithName("EvidenceLinks").RequireAuthorization();
        // access: Operation.AddEvidence, and the target record must be readable. No antiforgery: an API for bearer tokens; the
        // session cookie is SameSite=Strict, so a cross-site form cannot carry it.
        endpoints.MapPost("/api/v1/evidence/{hash}/links", CreateAsync).WithTags("evidence").WithName("LinkEvidence").RequireAuthorization().DisableAntiforgery();
        // access: the record must be readable; CanRead(Classification.Internal) for the evidence, and links from items the caller cannot read are left out
        endpoints.MapGet("/api/v1/records/{id}/evidence", ToAsync).WithTags("records").WithName("RecordEvidence").RequireAuthorization();
        return endpoints;
    }

    public static EvidenceLinkDto ToDto(EvidenceLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.Sequence, link.Hash, link.TargetId, EvidenceLinkService.Name(link.Relation), link.Locator.PageFrom, link.Locator.PageTo,
            link.Locator.TimeFrom is { } f ? EvidenceLocator.Clock(f) : null, link.Locator.TimeTo is { } t ? EvidenceLocator.Clock(t) : null,
            link.Actor, link.Time, link.Reason);
    }

    /// <summary>The links of an item whose records this reader may read.</summary>
    public static async Task<IReadOnlyList<EvidenceLink>> ReadableFromAsync(IWorkspaceStore store, RecordAccess access, string hash, CancellationToken cancellationToken)
    {
        var links = await store.EvidenceLinks.LinksFromAsync(hash, cancellationToken);
        var readable = await access.Store.GetManyAsync([.. links.Select(l => l.TargetId)], cancellationToken);
        return [.. links.Where(l => readable.ContainsKey(l.TargetId))];
    }

    /// <summary>Whether the reader may read item <paramref name="hash"/> (its classification as it is now, ADR 1817).</summary>
    private static async Task<bool> ReadableItemAsync(IWorkspaceStore store, RecordAccess access, string hash, CancellationToken cancellationToken) =>
        hash.Length == 64 && await store.Evidence.GetItemAsync(hash.ToLowerInvariant(), cancellationToken) is { } item && access.CanRead(item.Classification);

    private static async Task<Results<Ok<IReadOnlyList<EvidenceLinkDto>>, ProblemHttpResult>> FromAsync(IWorkspaceStore store, RecordAccess access, string hash, CancellationToken cancellationToken)
    {
        // An item above the reader does not exist for them: its links neither.
        if (!AccessPolicy.CanRead(access.Role, Dossier.Domain.Records.Classification.Internal) || !await ReadableItemAsync(store, access, hash, cancellationToken))
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" });
        }

        return TypedResults.Ok<IReadOnlyList<EvidenceLinkDto>>([.. (await ReadableFromAsync(store, access, hash, cancellationToken)).Select(ToDto)]);
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceLinkDto>>, ProblemHttpResult>> ToAsync(IWorkspaceStore store, RecordAccess access, string id, CancellationToken cancellationToken)
    {
        if (await access.GetAsync(id, cancellationToken) is null || !AccessPolicy.CanRead(access.Role, Dossier.Domain.Records.Classification.Internal))
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = $"No record '{id}'." });
        }

        // Links from items above the reader's classification are left out, as the record page leaves them out.
        var links = await store.EvidenceLinks.LinksToAsync(id, cancellationToken);
        var readable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hash in links.Select(l => l.Hash).Distinct(StringComparer.Ordinal))
        {
            if (await ReadableItemAsync(store, access, hash, cancellationToken))
            {
                readable.Add(hash);
            }
        }

        return TypedResults.Ok<IReadOnlyList<EvidenceLinkDto>>([.. links.Where(l => readable.Contains(l.Hash)).Select(ToDto)]);
    }

    private static async Task<Results<Created<EvidenceLinkDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EvidenceLinkService service, RecordAccess access, AuditTrail audit, string hash, EvidenceLinkCreateRequest request, CancellationToken cancellationToken)
    {
        // Only someone signed in acts; the service checks the role (AddEvidence) and audits a refusal.
        if (access.Principal is not { } principal)
        {
            await audit.DeniedAsync(null, "link evidence", hash, cancellationToken);
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" });
        }

        var (link, errors) = await service.LinkAsync(new EvidenceLinkRequest(hash, request.Target ?? string.Empty, request.Relation, request.Pages, request.From, request.To),
            principal, request.Reason, cancellationToken);
        if (errors.Any(e => e.Field == EvidenceLinkService.RefusedField))
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" });
        }

        if (link is null)
        {
            return TypedResults.ValidationProblem(errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }

        return TypedResults.Created($"/api/v1/evidence/{link.Hash}/links", ToDto(link));
    }
}
