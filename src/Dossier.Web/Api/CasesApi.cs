using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Workspace;
using Dossier.Web.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>Cases (issue 15; docs/cases.md): the list, one case element by element with its proof, and its gaps.</summary>
internal static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/cases").WithTags("cases");
        // access: the cases the caller may read (by classification); proof the caller may not read neither shows nor counts
        api.MapGet("/", ListAsync).WithName("Cases");
        // access: as above; a case the caller may not read is not found
        api.MapGet("/{id}", GetAsync).WithName("Case");
        // access: as above
        api.MapGet("/{id}/gaps", GapsAsync).WithName("CaseGaps");
        // access: exporting (Operation.Export: investigator, legal); the report holds what the caller may read; audited as an export
        api.MapGet("/{id}/report", ReportAsync).WithName("CaseReport");
        return endpoints;
    }

    private static async Task<Ok<JsonArray>> ListAsync(CaseService cases, RecordAccess access, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var (caseFile, gaps) in await cases.SummariesAsync(access.Role, cancellationToken))
        {
            list.Add(new JsonObject
            {
                ["id"] = caseFile.Id,
                ["title"] = caseFile.Title,
                ["synthetic"] = caseFile.Synthetic,
                ["accused"] = new JsonArray([.. caseFile.AccusedIds.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["status"] = caseFile.Status,
                ["gaps"] = gaps,
            });
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(CaseService cases, RecordAccess access, string id, CancellationToken cancellationToken) =>
        await cases.AnalyseAsync(id, access.Role, cancellationToken) is { } view ? TypedResults.Ok(CaseJson.Case(view)) : NotFound();

    private static async Task<Results<Ok<JsonArray>, ProblemHttpResult>> GapsAsync(CaseService cases, RecordAccess access, string id, CancellationToken cancellationToken) =>
        await cases.AnalyseAsync(id, access.Role, cancellationToken) is { } view
            ? TypedResults.Ok(new JsonArray([.. view.Gaps.Select(g => (JsonNode)CaseJson.Gap(g))]))
            : NotFound();

    /// <summary>The prosecutor's dossier (issue 15 §4): <c>format=html</c> (default) or <c>pdf</c>, proofs to the latest kept checkpoint or <c>checkpoint=SIZE</c>.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReportAsync(
        CaseService cases, RecordAccess access, IWorkspaceStore store, TimeProvider time, string id, string? format, long? checkpoint, CancellationToken cancellationToken)
    {
        if (format is not (null or "html" or "pdf"))
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "format is html or pdf" });
        }

        if (access.Principal is not { } principal)
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" });
        }

        var pdf = format == "pdf";
        var name = $"{id}-report.{(pdf ? "pdf" : "html")}";
        var made = await new CaseReports(store, cases, time).MakeAsync(id, principal, ReportScope.Reader, checkpoint, pdf ? ReportFormat.Pdf : ReportFormat.Html, $"web download {name}", cancellationToken);
        return made.Content is { } content
            ? TypedResults.File(content, pdf ? "application/pdf" : "text/html; charset=utf-8", name)
            : made.Refused ? TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed for your role" })
            : made.Report is null && made.Error?.StartsWith("no case", StringComparison.Ordinal) == true ? NotFound()
            : TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = "The report could not be made", Detail = made.Error });
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" });
}
