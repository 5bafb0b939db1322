using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Api;

public sealed record SimilarRecordDto(string Id, string Label);

/// <summary>What the forms show while a name is typed: its romanisation, its phonetic keys, and people with similar names.</summary>
public sealed record NamePreviewDto(string Romanized, IReadOnlyList<string> Phonetic, IReadOnlyList<SimilarRecordDto> Similar);

/// <summary>Text helpers for forms: the live romanisation preview and the likely-duplicate warning.</summary>
internal static class TextApi
{
    public static IEndpointRouteBuilder MapTextApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1").WithTags("text").MapGet("/text/preview", PreviewAsync).WithName("PreviewName");
        return endpoints;
    }

    private static async Task<Results<Ok<NamePreviewDto>, ValidationProblem>> PreviewAsync(RecordAccess access, string? text, string? kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["text"] = ["a name of 1 to 200 characters is required"] });
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var phonetic = words.Select(PhoneticKey.Compute).Where(k => k.Length > 0).ToList();
        IReadOnlyList<SimilarRecordDto> similar = [];
        // Only for signed-in people, and only what they may read: the preview must not become a way to probe.
        if (kind == "person" && access.Principal is not null)
        {
            var hits = await access.SearchAsync(new SearchQuery(text, RecordKind.Person, 5), cancellationToken);
            similar = [.. hits.Where(h => !h.Synthetic).Select(h => new SimilarRecordDto(h.Id, h.Label))];
        }

        return TypedResults.Ok(new NamePreviewDto(Romanizer.Romanize(text), phonetic, similar));
    }
}
