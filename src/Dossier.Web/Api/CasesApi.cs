using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Cases;
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

    private static ProblemHttpResult NotFound() => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" });
}
