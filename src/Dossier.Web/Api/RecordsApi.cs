using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>A record as the API returns it: its kind, version and fields.</summary>
public sealed record RecordDto(string Id, string Kind, int Version, bool Retracted, bool Synthetic, string Label, JsonElement Record);

/// <summary>A record with what a reader needs to weigh it: the claims about it, its sources, and what refers to it.</summary>
public sealed record RecordDetailDto(RecordDto Record, IReadOnlyList<RecordDto> Claims, IReadOnlyList<RecordDto> Sources, IReadOnlyList<RecordDto> ReferencedBy);

/// <summary>
/// One entry of a record's history. A version more sensitive than the caller may read is withheld:
/// its sequence, type, version and time are given, its actor, reason and body are null.
/// </summary>
public sealed record HistoryEntryDto(long Sequence, string Type, int Version, DateTimeOffset Time, bool Withheld, string? Actor, string? Reason, JsonElement? Body);

/// <summary>Create: the record's kind and fields, and why it is added.</summary>
public sealed record CreateRecordRequest(string? Kind, string? Reason, JsonElement Record);

/// <summary>Revise: the full new state, the version it replaces, and why.</summary>
public sealed record ReviseRecordRequest(string? Reason, int ExpectedVersion, JsonElement Record);

/// <summary>
/// A search result: a record, or a page of an ingested document (<see cref="Kind"/> <c>document</c>: <see cref="Id"/> is
/// the evidence item's SHA-256, <see cref="Label"/> its file name, with the page and a snippet whose matched words are marked).
/// </summary>
public sealed record SearchHitDto(string Id, string Kind, string Label, bool Synthetic, double Rank)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Page { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SnippetPieceDto>? Snippet { get; init; }
}

/// <summary>A piece of a snippet; <see cref="Matched"/> when it met a query word.</summary>
public sealed record SnippetPieceDto(string Text, bool Matched);

public sealed record StatsDto(IReadOnlyDictionary<string, int> Counts, long LedgerSize, string Root);

/// <summary>REST API under /api/v1: commands to create, revise and retract records; queries for records, history and search.</summary>
internal static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("records");
        api.MapGet("/stats", GetStatsAsync).WithName("GetStats");
        api.MapGet("/records", ListAsync).WithName("ListRecords");
        api.MapGet("/records/{id}", GetAsync).WithName("GetRecord");
        api.MapGet("/records/{id}/history", HistoryAsync).WithName("GetRecordHistory");
        // access: Operation.Export (a person's file leaves the workspace; audited)
        api.MapGet("/records/{id}/file", PersonFileAsync).WithName("PersonFile");
        api.MapPost("/records", CreateAsync).WithName("CreateRecord");
        api.MapPut("/records/{id}", ReviseAsync).WithName("ReviseRecord");
        api.MapDelete("/records/{id}", RetractAsync).WithName("RetractRecord");
        api.MapGet("/search", SearchAsync).WithName("Search");
        return endpoints;
    }

    public static RecordDto ToDto(RecordEnvelope envelope) => new(
        envelope.Id, RecordKinds.Name(envelope.Kind), envelope.Version, envelope.Retracted, envelope.Record.Synthetic,
        envelope.Record.Label, RecordJson.ToElement(envelope.Record));

    private static async Task<Ok<StatsDto>> GetStatsAsync(IWorkspaceStore store, RecordAccess access, CancellationToken cancellationToken)
    {
        var counts = await access.CountAsync(cancellationToken);
        var head = await store.GetTreeHeadAsync(cancellationToken);
        return TypedResults.Ok(new StatsDto(counts.ToDictionary(p => RecordKinds.Name(p.Key), p => p.Value, StringComparer.Ordinal), head.Size, head.RootHex));
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordDto>>, ValidationProblem>> ListAsync(
        RecordAccess access, string? kind, int? offset, int? limit, CancellationToken cancellationToken)
    {
        RecordKind? only = null;
        if (kind is not null)
        {
            if (!RecordKinds.TryParse(kind, out var parsed))
            {
                return Invalid("kind", $"unknown kind '{kind}'");
            }

            only = parsed;
        }

        if (offset is < 0 || limit is < 1 or > 1000)
        {
            return Invalid(offset is < 0 ? "offset" : "limit", "offset must be ≥ 0 and limit between 1 and 1000");
        }

        var records = await access.ListAsync(only, offset ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RecordDto>>([.. records.Select(ToDto)]);
    }

    private static async Task<Results<Ok<RecordDetailDto>, ProblemHttpResult>> GetAsync(RecordAccess access, string id, CancellationToken cancellationToken)
    {
        var envelope = await access.GetAsync(id, cancellationToken);
        if (envelope is null)
        {
            return NotFound(id);
        }

        var referencing = await access.ReferencingAsync(id, null, cancellationToken);
        var claims = referencing.Where(r => r.Kind == RecordKind.Claim && !r.Retracted).ToList();
        var sourceIds = envelope.Record.Sources.Concat(claims.Select(c => ((Claim)c.Record).SourceId)).Distinct(StringComparer.Ordinal);
        var sources = new List<RecordDto>();
        foreach (var sourceId in sourceIds)
        {
            if (await access.GetRelatedAsync(sourceId, cancellationToken) is { } source)
            {
                sources.Add(ToDto(source));
            }
        }

        return TypedResults.Ok(new RecordDetailDto(ToDto(envelope), [.. claims.Select(ToDto)], sources,
            [.. referencing.Where(r => r.Kind != RecordKind.Claim).Select(ToDto)]));
    }

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ProblemHttpResult>> HistoryAsync(RecordAccess access, string id, CancellationToken cancellationToken)
    {
        if (await access.HistoryAsync(id, cancellationToken) is not { } entries)
        {
            return NotFound(id);
        }

        return TypedResults.Ok<IReadOnlyList<HistoryEntryDto>>([.. entries.Select(ToDto)]);
    }

    private static async Task<Results<Created<RecordDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WorkspaceService service, RecordAccess access, CreateRecordRequest request, CancellationToken cancellationToken)
    {
        if (access.Principal is null)
        {
            return Refused(StatusCodes.Status401Unauthorized);
        }

        if (!RecordKinds.TryParse(request.Kind, out var kind))
        {
            return Invalid("kind", $"must be one of: {string.Join(", ", RecordKinds.All.Select(RecordKinds.Name))}");
        }

        if (Parse(kind, request.Record, out var record) is { } parseError)
        {
            return parseError;
        }

        var result = await service.CreateAsync(record!, access.Principal, request.Reason, cancellationToken);
        return result.Status switch
        {
            CommandStatus.Ok => TypedResults.Created($"/api/v1/records/{Uri.EscapeDataString(record!.Id)}", ToDto(result.Record!)),
            CommandStatus.Forbidden => Refused(StatusCodes.Status403Forbidden),
            CommandStatus.Conflict => TypedResults.Problem(Problem(StatusCodes.Status409Conflict, "Conflict", result.Message)),
            _ => Invalid(result.Errors),
        };
    }

    private static async Task<Results<Ok<RecordDto>, ValidationProblem, ProblemHttpResult>> ReviseAsync(
        WorkspaceService service, RecordAccess access, string id, ReviseRecordRequest request, CancellationToken cancellationToken)
    {
        if (access.Principal is null)
        {
            return Refused(StatusCodes.Status401Unauthorized);
        }

        var current = await access.GetAsync(id, cancellationToken);
        if (current is null)
        {
            return NotFound(id);
        }

        if (Parse(current.Kind, request.Record, out var record) is { } parseError)
        {
            return parseError;
        }

        if (record!.Id != id)
        {
            return Invalid("record.id", "the record's id must match the URL");
        }

        return Map(await service.ReviseAsync(record, request.ExpectedVersion, access.Principal, request.Reason, cancellationToken));
    }

    private static async Task<Results<Ok<RecordDto>, ValidationProblem, ProblemHttpResult>> RetractAsync(
        WorkspaceService service, RecordAccess access, string id, int expectedVersion, string? reason, CancellationToken cancellationToken)
    {
        if (access.Principal is null)
        {
            return Refused(StatusCodes.Status401Unauthorized);
        }

        if (await access.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return Map(await service.RetractAsync(id, expectedVersion, access.Principal, reason, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<SearchHitDto>>, ValidationProblem>> SearchAsync(
        RecordAccess access, string? q, string? kind, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Invalid("q", "a query is required");
        }

        if (q.Length > 200)
        {
            return Invalid("q", "a query is at most 200 characters");
        }

        RecordKind? only = null;
        var documentsOnly = kind == "document";
        if (kind is not null && !documentsOnly)
        {
            if (!RecordKinds.TryParse(kind, out var parsed))
            {
                return Invalid("kind", $"unknown kind '{kind}'");
            }

            only = parsed;
        }

        // Records first, then pages of documents (their ranks are not on one scale); each up to the limit.
        var count = Math.Clamp(limit ?? 20, 1, 200);
        IReadOnlyList<SearchHit> hits = documentsOnly ? [] : await access.SearchAsync(new SearchQuery(q, only, count), cancellationToken);
        var pages = only is null ? await access.SearchDocumentsAsync(q, count, cancellationToken) : [];
        return TypedResults.Ok<IReadOnlyList<SearchHitDto>>([
            .. hits.Select(h => new SearchHitDto(h.Id, RecordKinds.Name(h.Kind), h.Label, h.Synthetic, h.Rank)),
            .. pages.Select(p => new SearchHitDto(p.Hash, "document", p.Name, false, p.Rank)
            {
                Page = p.Page,
                Snippet = [.. p.Snippet.Select(s => new SnippetPieceDto(s.Text, s.Matched))],
            }),
        ]);
    }

    private static Results<Ok<RecordDto>, ValidationProblem, ProblemHttpResult> Map(CommandResult result) => result.Status switch
    {
        CommandStatus.Ok => TypedResults.Ok(ToDto(result.Record!)),
        CommandStatus.NotFound => TypedResults.Problem(Problem(StatusCodes.Status404NotFound, "Not found", result.Message)),
        CommandStatus.Conflict => TypedResults.Problem(Problem(StatusCodes.Status409Conflict, "Conflict", result.Message)),
        CommandStatus.VersionMismatch => TypedResults.Problem(Problem(StatusCodes.Status412PreconditionFailed, "Version mismatch", result.Message)),
        CommandStatus.Forbidden => Refused(StatusCodes.Status403Forbidden),
        _ => Invalid(result.Errors),
    };

    private static ValidationProblem? Parse(RecordKind kind, JsonElement json, out Record? record)
    {
        record = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Invalid("record", "the record must be a JSON object");
        }

        try
        {
            record = RecordJson.FromElement(kind, json);
            return null;
        }
        catch (JsonException exception)
        {
            var field = "record" + (exception.Path ?? "$").TrimStart('$');
            var message = exception.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return Invalid(field, cut > 0 ? message[..cut] : message);
        }
    }

    /// <summary>
    /// A person's file (issue 18 §9): <c>format=html</c> (default; shown in the browser, printable) or <c>pdf</c>;
    /// <c>download=true</c> saves it instead. The HTML is a document without script: it gets a policy of its own that
    /// allows only its inline styles and embedded font.
    /// </summary>
    private static async Task<IResult> PersonFileAsync(HttpContext context, RecordAccess access, IWorkspaceStore store, TimeProvider time, string id,
        string? format, bool? download, CancellationToken cancellationToken)
    {
        if (format is not (null or "html" or "pdf"))
        {
            return Invalid("format", "format is html or pdf");
        }

        if (access.Principal is not { } principal)
        {
            return Refused(StatusCodes.Status401Unauthorized);
        }

        var pdf = format == "pdf";
        var name = $"{id}-file.{(pdf ? "pdf" : "html")}";
        var made = await new Reports.PersonFiles(store, time).MakeAsync(id, principal, pdf ? Reports.ReportFormat.Pdf : Reports.ReportFormat.Html, $"web {name}", cancellationToken);
        if (made.Content is not { } content)
        {
            return made.Refused ? Refused(StatusCodes.Status403Forbidden)
                : made.Error?.StartsWith("No person record", StringComparison.Ordinal) == true ? NotFound(id)
                : TypedResults.Problem(Problem(StatusCodes.Status422UnprocessableEntity, "The file could not be made", made.Error));
        }

        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.StaticDocumentPolicy;
        return TypedResults.File(content, pdf ? "application/pdf" : "text/html; charset=utf-8", download == true ? name : null);
    }

    // The actor is the signed-in account, never a name the caller supplies.

    private static ProblemHttpResult Refused(int status) => TypedResults.Problem(Problem(status,
        status == StatusCodes.Status401Unauthorized ? "Sign-in required" : "Not allowed for your role", null));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static ValidationProblem Invalid(IReadOnlyList<ValidationError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field == "reason" || e.Field == "actor" ? e.Field : "record." + e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(Problem(StatusCodes.Status404NotFound, "Not found", $"No record '{id}'."));

    private static ProblemDetails Problem(int status, string title, string? detail) => new() { Status = status, Title = title, Detail = detail };

    private static HistoryEntryDto ToDto(HistoryItem item) =>
        new(item.Sequence, item.Type, item.Version, item.Time, item.Withheld, item.Entry?.Actor, item.Entry?.Reason, item.Entry?.Body);
}
