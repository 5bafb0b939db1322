using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Documents;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;
using Dossier.Web.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>One box to black out: page from 1 (default 1), then x, y, width, height in pixels of that page's picture.</summary>
public sealed record RedactionRegionDto(int? Page, int X, int Y, int Width, int Height);

/// <summary>A redaction: the boxes, why, and the redacted copy's classification (default the original's).</summary>
public sealed record RedactionRequestDto(IReadOnlyList<RedactionRegionDto>? Regions, string? Reason, string? Classification);

/// <summary>
/// An evidence item's file, to see and to take away (issue 18 §8): shown in the page for kinds the browser displays
/// itself (images, audio, video; PDF pages rendered on the server), downloaded for any kind. A download is an export
/// and is audited; looking at a restricted or protected item is audited as a read.
/// </summary>
internal static partial class EvidenceApi
{
    /// <summary>
    /// Stored files are anyone's bytes: whatever is sent back may not run script, fetch or be framed. <c>sandbox</c> gives
    /// the document an opaque origin even if a browser renders it.
    /// </summary>
    internal const string FilePolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

    /// <summary>Kinds a browser shows by itself, without a plug-in or a script of ours; everything else is only downloaded.</summary>
    public static bool ShownInline(string mediaType) =>
        mediaType is "image/jpeg" or "image/png" or "image/gif" or "image/webp" or "image/svg+xml" or "image/avif"
        || mediaType.StartsWith("audio/", StringComparison.Ordinal) || mediaType.StartsWith("video/", StringComparison.Ordinal);

    public static IEndpointRouteBuilder MapEvidenceFiles(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/evidence").WithTags("evidence").RequireAuthorization();
        // access: CanRead(item's classification); download=true is an export (audited), a look at a restricted item a read (audited)
        api.MapGet("/{hash}/file", FileAsync).WithName("GetEvidenceFile");
        // access: as GetEvidenceFile. Pages of a PDF or a TIFF (browsers show neither), as PNG.
        api.MapGet("/{hash}/pages/{page:int}.png", PageAsync).WithName("GetEvidencePdfPage");
        // access: Operation.AddEvidence, CanRead(original), CanWrite(classification); a refusal is audited. JSON from API clients
        // with a bearer token (the session cookie is SameSite=Strict, so a cross-site form cannot carry it here).
        api.MapPost("/{hash}/redactions", RedactAsync).WithName("RedactEvidence").WithDescription(
            "Blacks out regions of an image or PDF into a new item derived from this one (derivation redaction) and records a redact custody event "
            + "on this one. regions: page (from 1), x, y, width, height in pixels of the picture the pages endpoint serves (an image as shown, "
            + "a TIFF frame, a PDF page at 80 dpi); reason; classification (default the original's). 201 with the new item.");
        return endpoints;
    }

    private static async Task<IResult> FileAsync(string hash, bool? download, HttpContext context, EvidenceService service, RecordAccess access, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (await ReadableItemAsync(hash, service, access, cancellationToken) is not { } item || !service.Vault.Contains(item.Hash))
        {
            return NotFound(hash);
        }

        var saving = download == true;
        if (!saving && !ShownInline(item.MediaType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "No preview for this kind of file",
                detail: $"{item.MediaType} is not shown in the browser; download it (download=true).");
        }

        await AuditAsync(item, saving, access.Principal!, audit, cancellationToken);
        context.Response.Headers.ContentSecurityPolicy = FilePolicy;
        // Ranges let the browser's own player seek in a long recording without fetching all of it.
        return Results.File(service.Vault.PathOf(item.Hash), item.MediaType, saving ? SafeName(item.OriginalName) : null, enableRangeProcessing: true);
    }

    private static async Task<IResult> PageAsync(string hash, int page, HttpContext context, EvidenceService service, RecordAccess access, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (await ReadableItemAsync(hash, service, access, cancellationToken) is not { } item || !PagePictures.IsPaged(item.MediaType) || !service.Vault.Contains(item.Hash))
        {
            return NotFound(hash);
        }

        PreviewPage rendered;
        try
        {
            rendered = await PagePictures.RenderAsync(service.Vault.PathOf(item.Hash), item.MediaType, page, cancellationToken);
        }
        catch (ToolMissingException missing)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No PDF renderer", detail: missing.Message);
        }

        if (rendered.Png is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The page cannot be shown", detail: rendered.Problem);
        }

        await AuditAsync(item, saving: false, access.Principal!, audit, cancellationToken);
        context.Response.Headers.ContentSecurityPolicy = FilePolicy;
        return Results.File(rendered.Png, "image/png");
    }

    private static async Task<Results<Created<EvidenceDetailDto>, Ok<EvidenceDetailDto>, ValidationProblem, ProblemHttpResult>> RedactAsync(
        string hash, RedactionRequestDto request, EvidenceService service, RecordAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Classification? level = null;
        if (request.Classification is { Length: > 0 } name)
        {
            if (!Classifications.TryParse(name, out var parsed))
            {
                return Invalid("classification", $"must be one of: {string.Join(", ", Classifications.All)}");
            }

            level = parsed;
        }

        var regions = (request.Regions ?? []).Select(r => new RedactionRegion(r.Page ?? 1, r.X, r.Y, r.Width, r.Height)).ToList();
        EvidenceResult result;
        try
        {
            result = await EvidenceRedaction.RedactAsync(service, hash, regions, level, access.Principal!, request.Reason, cancellationToken);
        }
        catch (ToolMissingException missing)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No PDF renderer", detail: missing.Message);
        }

        switch (result.Status)
        {
            case EvidenceStatus.Refused:
                return Forbidden();
            case EvidenceStatus.NotFound:
                return NotFound(hash);
            case EvidenceStatus.Invalid:
                return Invalid(result.Errors);
        }

        var detail = ToDto((await service.GetAsync(result.Item!.Hash, rehash: false, cancellationToken))!);
        return result.Status == EvidenceStatus.Added
            ? TypedResults.Created($"/api/v1/evidence/{result.Item.Hash}", detail)
            : TypedResults.Ok(detail);
    }

    // An item above the reader's classification does not exist for them: the same answer as a missing one.
    private static async Task<EvidenceItem?> ReadableItemAsync(string hash, EvidenceService service, RecordAccess access, CancellationToken cancellationToken) =>
        access.Principal is null || !BlobStore.IsValidHash(hash) ? null
        : await service.Evidence.GetItemAsync(hash, cancellationToken) is { } item && access.CanRead(item.Classification) ? item
        : null;

    private static Task AuditAsync(EvidenceItem item, bool saving, Principal by, AuditTrail audit, CancellationToken cancellationToken) =>
        saving
            ? audit.ExportedAsync(by.Name, by.Role, "evidence download", $"{item.Hash} ({item.MediaType}, {item.Size} bytes)", cancellationToken)
            : AuditTrail.NeedsAudit(item.Classification) ? audit.ReadIdsAsync(by, [$"evidence:{item.Hash}"], "evidence preview", cancellationToken)
            : Task.CompletedTask;

    // The name as acquired, without path parts or control characters: it goes into a header.
    private static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. file.Where(c => !char.IsControl(c))]);
        return clean.Length == 0 ? "evidence" : clean;
    }
}
