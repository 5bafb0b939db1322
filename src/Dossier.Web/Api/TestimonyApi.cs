using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Testimony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

/// <summary>
/// Testimony as analysed (issue 14; docs/testimony.md): per allegation, lines of proof with their reasons,
/// near-copies and contradictions; one statement with its words; a witness's statements. Everything is computed
/// over what the caller may read, witnesses are named by record id (a pseudonym for a protected witness), and a
/// statement whose consent was withdrawn is named but never shown.
/// </summary>
internal static class TestimonyApi
{
    public static IEndpointRouteBuilder MapTestimonyApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/testimony").WithTags("testimony");
        // access: the records the caller may read (RecordAccess.Role); an anonymous caller sees public testimony only
        api.MapGet("/", AllAsync).WithName("Testimony");
        // access: as above; an allegation the caller may not read is not found
        api.MapGet("/allegations/{id}", AllegationAsync).WithName("TestimonyAllegation");
        // access: as above; the words of a withdrawn, shredded or unreadable statement are never returned
        api.MapGet("/statements/{id}", StatementAsync).WithName("TestimonyStatement");
        // access: as above; the witness is named by id only (the pseudonym of a protected witness)
        api.MapGet("/witnesses/{id}", WitnessAsync).WithName("TestimonyWitness");
        return endpoints;
    }

    private static async Task<Ok<JsonObject>> AllAsync(TestimonyService testimony, RecordAccess access, CancellationToken cancellationToken)
    {
        var report = await testimony.AnalyseAsync(access.Role, cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["statements"] = report.Statements.Count(s => s.Counted),
            ["leftOut"] = report.Statements.Count(s => !s.Counted),
            ["allegations"] = new JsonArray([.. report.Allegations.Select(a => (JsonNode)TestimonyJson.Allegation(a))]),
        });
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> AllegationAsync(TestimonyService testimony, RecordAccess access, string id, CancellationToken cancellationToken) =>
        (await testimony.AnalyseAsync(access.Role, cancellationToken)).For(id) is { } allegation
            ? TypedResults.Ok(TestimonyJson.Allegation(allegation))
            : NotFound();

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> StatementAsync(TestimonyService testimony, RecordAccess access, string id, CancellationToken cancellationToken)
    {
        var report = await testimony.AnalyseAsync(access.Role, cancellationToken);
        if (report.Statement(id) is not { } statement)
        {
            return NotFound();
        }

        var json = new JsonObject
        {
            ["id"] = statement.Id,
            ["interview"] = statement.Interview.Id,
            ["witness"] = statement.WitnessId,
            ["language"] = statement.Record.Language ?? statement.Interview.Language,
            ["time"] = statement.Record.Time?.ToString(),
            ["counted"] = statement.Counted,
            ["status"] = TestimonyJson.WhyLeftOut(statement),
            ["allegations"] = new JsonArray([.. statement.Record.Allegations.Select(a => (JsonNode)new JsonObject
            {
                ["allegation"] = a.AllegationId,
                ["stance"] = a.Stance == Dossier.Domain.Records.Stance.Supports ? "supports" : "contradicts",
            })]),
            ["nearCopies"] = new JsonArray([.. report.CopiesOf(id).Select(c => (JsonNode)new JsonObject
            {
                ["statement"] = c.LeftId == id ? c.RightId : c.LeftId,
                ["score"] = Math.Round(c.Score, 3),
            })]),
        };
        if (statement.Counted)
        {
            json["text"] = statement.Text;
            json["translations"] = new JsonArray([.. statement.Translations.Select(t => (JsonNode)new JsonObject
            {
                ["language"] = t.Language,
                ["text"] = t.Text,
                ["certifiedBy"] = t.CertifiedBy,
            })]);
        }

        return TypedResults.Ok(json);
    }

    private static async Task<Ok<JsonObject>> WitnessAsync(TestimonyService testimony, RecordAccess access, string id, CancellationToken cancellationToken)
    {
        var report = await testimony.AnalyseAsync(access.Role, cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["witness"] = id,
            ["statements"] = new JsonArray([.. report.OfWitness(id).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["interview"] = s.Interview.Id,
                ["time"] = s.Record.Time?.ToString(),
                ["status"] = TestimonyJson.WhyLeftOut(s),
                ["allegations"] = new JsonArray([.. s.Record.Allegations.Select(a => (JsonNode)JsonValue.Create(a.AllegationId))]),
            })]),
        });
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" });
}
