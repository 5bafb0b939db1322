using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Documents;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

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
        // access: as GetEvidenceFile
        api.MapGet("/{hash}/pages/{page:int}.png", PageAsync).WithName("GetEvidencePdfPage");
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
        if (await ReadableItemAsync(hash, service, access, cancellationToken) is not { MediaType: "application/pdf" } item || !service.Vault.Contains(item.Hash))
        {
            return NotFound(hash);
        }

        PreviewPage rendered;
        try
        {
            rendered = await PdfPreview.RenderAsync(service.Vault.PathOf(item.Hash), page, cancellationToken);
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
