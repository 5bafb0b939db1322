using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Dossier.Documents;
using Dossier.Web.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>What an ingest through the API made: the original item, its text item, how the text was read, and the suggestions recorded (ids SEQ.N).</summary>
public sealed record IngestResultDto(EvidenceDetailDto Item, string? Text, string Extraction, string Status, int Pages, IReadOnlyList<SuggestionDto> Suggestions);

internal static partial class EvidenceApi
{
    private static readonly string[] IngestFields =
        ["collector", "collectedAt", "zone", "sourceUrl", "location", "method", "tool", "toolVersion", "note", "classification", "reason", "lang"];

    /// <summary><c>POST /api/v1/evidence/ingest</c>: <c>dossier ingest</c> over HTTP (<see cref="DocumentIngest"/>), one file per request.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        // access: Operation.AddEvidence (checked by EvidenceService.IngestAsync, which audits a refusal). Like the upload, for API clients
        // with a bearer token (the session cookie is SameSite=Strict); the web form posts to its own page.
        endpoints.MapGroup("/api/v1/evidence").WithTags("evidence").RequireAuthorization()
            .MapPost("/ingest", IngestAsync).WithName("IngestEvidence").DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").WithDescription(
                "As UploadEvidence (the same acquisition fields, without derivedFrom/derivation), plus lang (Tesseract models, default fas+eng), then ONE part named file. "
                + "The file is stored, its text extracted per page (text layer, OCR, DOCX, HTML, text) as a derivative item with an analyse event, and the names and dates it "
                + "mentions recorded as suggestions for review (GET /api/v1/suggestions). Classification defaults to restricted, as for dossier ingest.");
        return endpoints;
    }

    private static async Task<Results<Created<IngestResultDto>, Ok<IngestResultDto>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        EvidenceService service, IWorkspaceStore store, HttpContext context, RecordAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var (reader, file, originalName, fields, problem) = await ReadUntilFileAsync(context, IngestFields, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!fields.ContainsKey("classification"))
        {
            fields["classification"] = "restricted";
        }

        if (ToRequest(fields, out var invalid) is not { } request)
        {
            return invalid!;
        }

        if (ExtractionOptions.ParseLanguages(fields.GetValueOrDefault("lang") is { Length: > 0 } lang ? lang : "fas+eng", out var languageError) is not { } models)
        {
            return Invalid("lang", languageError!);
        }

        DocumentIngestResult ingest;
        try
        {
            ingest = await DocumentIngest.IngestAsync(service, store, file!.Body, originalName, request, new ExtractionOptions { Languages = models },
                access.Principal!, fields.GetValueOrDefault("reason"), time, cancellationToken);
        }
        catch (ToolMissingException missing)
        {
            // The server lacks a program or language model: nothing was stored.
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Text extraction is not available on this server", Detail = missing.Message });
        }

        var ingested = ingest.Ingested;
        if (ingested.Status == EvidenceStatus.Refused)
        {
            return Forbidden();
        }

        if (ingested.Status == EvidenceStatus.Invalid)
        {
            return Invalid(ingested.Errors);
        }

        if (await reader!.ReadNextSectionAsync(cancellationToken) is not null)
        {
            return Invalid("file", $"only one file per request; {ingested.Original!.Hash} was stored and read, the parts after it were ignored");
        }

        var suggestions = ingested.SuggestionEntry is { } entry
            ? (await store.Suggestions.SuggestionsAsync(ingested.Original!.Hash, openOnly: false, Dossier.Domain.Records.Classification.ProtectedIdentity, cancellationToken))
                .Where(s => s.Id.StartsWith(entry.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal)).Select(SuggestionsApi.ToDto).ToList()
            : [];
        var extracted = ingest.Extracted!;
        var dto = new IngestResultDto(ToDto((await service.GetAsync(ingested.Original!.Hash, rehash: false, cancellationToken))!), ingested.Derivative?.Hash,
            extracted.Describe(), extracted.Status.ToString().ToLowerInvariant(), extracted.Pages.Count, suggestions);
        return ingested.AlreadyAnalysed ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/evidence/{ingested.Original.Hash}", dto);
    }
}
