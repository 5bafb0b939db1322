using System.Globalization;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Bundles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Dossier.Web.Api;

/// <summary>An evidence item as the API returns it.</summary>
public sealed record EvidenceItemDto(
    string Hash, long Size, string MediaType, string OriginalName, Acquisition Acquisition, long AcquisitionEntry, string Holder,
    string? DerivedFrom, string? Derivation, JsonElement? Metadata, string Classification);

/// <summary>One custody event: the ledger entry's sequence, action, who recorded it and why, and its details (to, from, authority, …).</summary>
public sealed record CustodyEventDto(long Sequence, string Action, string Actor, DateTimeOffset RecordedAt, string Reason, JsonElement Details);

/// <summary>An item with its chain of custody, derivatives, and integrity: <c>intact</c>, <c>missing</c> or <c>altered</c>, from a re-hash made for this request.</summary>
public sealed record EvidenceDetailDto(EvidenceItemDto Item, string Integrity, string? ActualHash, IReadOnlyList<CustodyEventDto> Custody, IReadOnlyList<EvidenceItemDto> Derivatives);

/// <summary>A custody event to record; the item in the URL is always included in <see cref="Items"/>.</summary>
public sealed record CustodyEventRequest(
    string? Action, IReadOnlyList<string>? Items, string? To, string? From, string? Authority, string? Location, string? Tool, string? Result,
    DateTimeOffset? At, string? Note, string? Reason);

/// <summary>A reclassification (ADR 1817): the new classification (public, internal, restricted, protected-identity) and why.</summary>
public sealed record ClassificationRequest(string? Classification, string? Reason);

/// <summary>An erasure of the metadata kept beside the ledger for an item (ADR 0909): why.</summary>
public sealed record MetadataErasureRequest(string? Reason);

/// <summary>
/// REST API for the evidence vault under /api/v1/evidence: list and read items (with custody chain and a
/// fresh integrity check), upload a file (multipart, streamed straight into the blob store), record custody.
/// </summary>
internal static partial class EvidenceApi
{
    /// <summary>Uploads may be large (video); the file is streamed, never held in memory.</summary>
    public const long MaxUploadBytes = 64L << 30;

    private static readonly string[] Fields =
        ["collector", "collectedAt", "zone", "sourceUrl", "location", "method", "tool", "toolVersion", "note", "derivedFrom", "derivation", "classification", "reason"];

    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder endpoints)
    {
        // Evidence is the team's working material (internal): signed-in people only; adding needs Operation.AddEvidence.
        var api = endpoints.MapGroup("/api/v1/evidence").WithTags("evidence").RequireAuthorization();
        // access: CanRead(Classification.Internal)
        api.MapGet("", ListAsync).WithName("ListEvidence");
        // access: CanRead(Classification.Internal)
        api.MapGet("/{hash}", GetAsync).WithName("GetEvidence");
        // access: Operation.AddEvidence. Not a browser form (the UI has its own page), so no antiforgery token: API clients send a
        // bearer token, and the session cookie is SameSite=Strict, so a cross-site form cannot carry it here.
        api.MapPost("", UploadAsync).WithName("UploadEvidence").DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").WithDescription(
                "Multipart form: the fields collector, collectedAt (local time in zone, or ISO 8601 with offset), zone (IANA, default UTC), sourceUrl, location, method, tool, toolVersion, note, "
                + "derivedFrom, derivation (redaction|transcript|translation), classification (public|internal|restricted|protected-identity; default internal) and reason, then ONE part named file (last). The file is streamed into the vault.");
        // access: Operation.AddEvidence
        api.MapPost("/{hash}/custody", CustodyAsync).WithName("RecordCustody");
        // access: Operation.AddEvidence, CanRead(item) and CanWrite of the old and the new classification (ADR 1817)
        api.MapPost("/{hash}/classification", ClassifyAsync).WithName("ClassifyEvidence").WithDescription(
            "JSON {classification, reason}: the item's classification from now on. 200 with the item (also when it already had it: nothing is recorded), "
            + "400 naming the field, 403 (audited) when the role may not write the old or the new classification, 404 for an item the caller cannot read.");
        // access: Operation.EraseIdentity and CanRead(item) (ADR 0909)
        api.MapPost("/{hash}/metadata-erasure", EraseMetadataAsync).WithName("EraseEvidenceMetadata").WithDescription(
            "JSON {reason}: destroys the metadata kept beside the ledger for the item (EXIF/XMP/GPS), for good. 200 with the item, 400 naming the field, 403 (audited), 404.");
        return endpoints;
    }

    public static EvidenceItemDto ToDto(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Hash, item.Size, item.MediaType, item.OriginalName, item.Acquisition, item.AcquisitionEntry, item.Holder, item.DerivedFrom, item.Derivation, item.Metadata,
            Classifications.Name(item.Classification));
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceItemDto>>, ValidationProblem>> ListAsync(
        IWorkspaceStore store, RecordAccess access, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (offset is < 0 || limit is < 1 or > 1000)
        {
            return Invalid(offset is < 0 ? "offset" : "limit", "offset must be ≥ 0 and limit between 1 and 1000");
        }

        var items = await store.Evidence.ListItemsAsync(offset ?? 0, limit ?? 100, cancellationToken);
        // Items above the reader's classification are left out of the page (a page may then hold fewer than limit).
        return TypedResults.Ok<IReadOnlyList<EvidenceItemDto>>([.. items.Where(i => access.CanRead(i.Classification)).Select(ToDto)]);
    }

    private static async Task<Results<Ok<EvidenceDetailDto>, ProblemHttpResult>> GetAsync(EvidenceService service, RecordAccess access, string hash, CancellationToken cancellationToken)
    {
        // An item above the reader's classification does not exist for them: the same answer as a missing one.
        var detail = access.Keep(await service.GetAsync(hash, rehash: true, cancellationToken));
        return detail is null ? NotFound(hash) : TypedResults.Ok(ToDto(detail));
    }

    private static async Task<Results<Created<EvidenceDetailDto>, Ok<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        EvidenceService service, HttpContext context, RecordAccess access, CancellationToken cancellationToken)
    {
        // The service checks the role (AddEvidence) before it reads the file, and audits a refusal.
        var (reader, file, originalName, fields, problem) = await ReadUntilFileAsync(context, Fields, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (ToRequest(fields, out var reason) is not { } request)
        {
            return reason!;
        }

        var result = await service.AddAsync(file!.Body, originalName, request, access.Principal!,
            fields.GetValueOrDefault("reason") ?? $"acquisition of {Path.GetFileName(originalName)}", cancellationToken);
        if (result.Status == EvidenceStatus.Refused)
        {
            return Forbidden();
        }

        if (!result.Ok)
        {
            return Invalid(result.Errors);
        }

        // The rest of the body must be empty: one file per request keeps the answer unambiguous.
        if (await reader!.ReadNextSectionAsync(cancellationToken) is not null)
        {
            return Invalid("file", $"only one file per request; {result.Item!.Hash} was stored and recorded, the parts after it were ignored");
        }

        var detail = ToDto((await service.GetAsync(result.Item!.Hash, rehash: false, cancellationToken))!);
        return result.Status == EvidenceStatus.Added
            ? TypedResults.Created($"/api/v1/evidence/{result.Item.Hash}", detail)
            : TypedResults.Ok(detail);
    }

    /// <summary>
    /// Reads a multipart body's fields (each one of <paramref name="allowed"/>, at most 4000 characters) up to its one part
    /// named <c>file</c>, which is left unread for the caller to stream; or the problem with the request.
    /// </summary>
    private static async Task<(MultipartReader? Reader, MultipartSection? File, string OriginalName, Dictionary<string, string> Fields, ValidationProblem? Problem)> ReadUntilFileAsync(
        HttpContext context, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        (MultipartReader?, MultipartSection?, string, Dictionary<string, string>, ValidationProblem?) Problem(string field, string message) =>
            (null, null, string.Empty, fields, Invalid(field, message));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problem("file", "send multipart/form-data with the acquisition fields and then one part named 'file'");
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name)
            {
                return Problem("file", "every part needs a Content-Disposition with a name");
            }

            name = HeaderUtilities.RemoveQuotes(name).Value!;
            if (!disposition.IsFileDisposition())
            {
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    return Problem(name, $"unknown field; the fields are {string.Join(", ", allowed)} and file");
                }

                using var text = new StreamReader(section.Body, Encoding.UTF8);
                var value = await text.ReadToEndAsync(cancellationToken);
                if (value.Length > 4000)
                {
                    return Problem(name, "at most 4000 characters");
                }

                fields[name] = value;
                continue;
            }

            if (name != "file")
            {
                return Problem(name, "the file part must be named 'file'");
            }

            var originalName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty;
            return (reader, section, originalName, fields, null);
        }

        return Problem("file", "no part named 'file' (it must come after the fields)");
    }

    private static async Task<Results<Created<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> CustodyAsync(
        EvidenceService service, RecordAccess access, string hash, CustodyEventRequest request, CancellationToken cancellationToken)
    {
        // An item above the caller's classification does not exist for them: the same answer as a missing one.
        if (access.Keep(await service.GetAsync(hash, rehash: false, cancellationToken)) is null)
        {
            return NotFound(hash);
        }

        if (!CustodyNames.TryParse(request.Action, out CustodyAction action))
        {
            return Invalid("action", $"must be one of: {string.Join(", ", CustodyNames.ActionNames)}");
        }

        var result = await service.RecordCustodyAsync(new CustodyRequest
        {
            Action = action,
            Items = [hash, .. request.Items ?? []],
            To = request.To,
            From = request.From,
            Authority = request.Authority,
            Location = request.Location,
            Tool = request.Tool,
            Result = request.Result,
            At = request.At,
            Note = request.Note,
        }, access.Principal!, request.Reason, cancellationToken);
        if (result.Status == EvidenceStatus.Refused)
        {
            return Forbidden();
        }

        if (!result.Ok)
        {
            return Invalid(result.Errors);
        }

        var detail = await service.GetAsync(hash, rehash: false, cancellationToken);
        return TypedResults.Created($"/api/v1/evidence/{detail!.Item.Hash}", ToDto(detail));
    }

    private static async Task<Results<Ok<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> ClassifyAsync(
        EvidenceService service, RecordAccess access, string hash, ClassificationRequest request, CancellationToken cancellationToken)
    {
        if (!Classifications.TryParse(request.Classification, out var level))
        {
            return Invalid("classification", $"must be one of: {string.Join(", ", Classifications.All)}");
        }

        return await AnswerAsync(service, access, hash, await service.ClassifyAsync(hash, level, access.Principal!, request.Reason, cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> EraseMetadataAsync(
        EvidenceService service, RecordAccess access, string hash, MetadataErasureRequest request, CancellationToken cancellationToken) =>
        await AnswerAsync(service, access, hash, await service.EraseMetadataAsync(hash, access.Principal!, request.Reason, cancellationToken), cancellationToken);

    /// <summary>A change to one item as the API answers it: the item as the caller may now see it, or the status of the refusal.</summary>
    private static async Task<Results<Ok<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        EvidenceService service, RecordAccess access, string hash, EvidenceResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case EvidenceStatus.Refused:
                return Forbidden();
            case EvidenceStatus.NotFound:
                return NotFound(hash);
            case var _ when !result.Ok:
                return Invalid(result.Errors);
        }

        // Lowered or raised, the item is still one the caller may read (they may write its classification).
        var detail = access.Keep(await service.GetAsync(result.Item!.Hash, rehash: false, cancellationToken));
        return detail is null ? NotFound(hash) : TypedResults.Ok(ToDto(detail));
    }

    private static AcquisitionRequest? ToRequest(Dictionary<string, string> fields, out ValidationProblem? problem)
    {
        problem = null;
        foreach (var required in new[] { "collector", "collectedAt", "method" })
        {
            if (string.IsNullOrWhiteSpace(fields.GetValueOrDefault(required)))
            {
                problem = Invalid(required, "required (Berkeley Protocol acquisition field), sent before the file");
                return null;
            }
        }

        // A local time is read in the given zone (default UTC) with its daylight saving rules; an offset is taken as written.
        var zoneName = fields.GetValueOrDefault("zone") is { Length: > 0 } zone ? zone : "UTC";
        if (!CollectionTime.TryResolve(fields["collectedAt"], zoneName, out var collectedAt, out var timeError))
        {
            problem = Invalid(timeError!.Contains("time zone name", StringComparison.Ordinal) ? "zone" : "collectedAt", timeError);
            return null;
        }

        Derivation? derivation = null;
        if (fields.GetValueOrDefault("derivation") is { Length: > 0 } derivationName)
        {
            if (!CustodyNames.TryParse(derivationName, out Derivation parsed))
            {
                problem = Invalid("derivation", $"must be one of: {string.Join(", ", CustodyNames.DerivationNames)}");
                return null;
            }

            derivation = parsed;
        }

        var classification = Classification.Internal;
        if (fields.GetValueOrDefault("classification") is { Length: > 0 } level && !Classifications.TryParse(level, out classification))
        {
            problem = Invalid("classification", $"must be one of: {string.Join(", ", Classifications.All)}");
            return null;
        }

        return new AcquisitionRequest
        {
            Collector = fields["collector"],
            CollectedAt = collectedAt,
            Zone = zoneName,
            SourceUrl = fields.GetValueOrDefault("sourceUrl"),
            Location = fields.GetValueOrDefault("location"),
            Method = fields["method"],
            Tool = fields.GetValueOrDefault("tool") is { Length: > 0 } tool ? tool : "dossier web upload",
            ToolVersion = fields.GetValueOrDefault("toolVersion") is { Length: > 0 } version ? version : typeof(EvidenceApi).Assembly.GetName().Version?.ToString() ?? "0",
            Note = fields.GetValueOrDefault("note"),
            DerivedFrom = fields.GetValueOrDefault("derivedFrom") is { Length: > 0 } original ? original : null,
            Derivation = derivation,
            Classification = classification,
        };
    }

    internal static EvidenceDetailDto ToDto(EvidenceDetail detail) => new(
        ToDto(detail.Item),
        detail.Integrity.ToString().ToLowerInvariant(),
        detail.ActualHash,
        [.. detail.Custody.Select(c => new CustodyEventDto(c.Sequence, c.Action, c.Actor, c.RecordedAt, c.Reason, c.Body))],
        [.. detail.Derivatives.Select(ToDto)]);

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" });

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static ValidationProblem Invalid(IReadOnlyList<ValidationError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    private static ProblemHttpResult NotFound(string hash) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = $"No evidence item '{hash}'." });
}
