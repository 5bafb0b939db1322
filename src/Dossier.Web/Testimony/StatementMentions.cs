using Dossier.Application.Access;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Documents;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Web.Documents;

namespace Dossier.Web.Testimony;

/// <summary>A person, organisation, place or date a statement's words seem to mention, not yet linked to it.</summary>
public sealed record MentionSuggestion(string Kind, string Target, string Label, string Matched);

/// <summary>
/// Names of the workspace's people, organisations and places found in a statement's words and translations, in any
/// script and spelling (Nouri, Noury, نوری, Abbasi), and the dates it gives (issue 14 §2) — the same finder as for
/// ingested documents (ADR 1601), so a statement and a letter are read alike. The analyst confirms each one.
/// </summary>
public static class StatementMentions
{
    public static async Task<IReadOnlyList<MentionSuggestion>> SuggestAsync(IWorkspaceStore store, Principal principal, StatementView statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (!statement.Counted || statement.Text is null)
        {
            return [];
        }

        var texts = new[] { statement.Text }.Concat(statement.Translations.Select(t => t.Text)).ToList();
        var document = new ExtractedDocument
        {
            Status = ExtractionStatus.Ok,
            Kind = "statement",
            Languages = [],
            Tools = [],
            Pages = [.. texts.Select((text, i) => new ExtractedPage(i + 1, PageMethod.Text, text, TextForIndex.Normalize(text)))],
        };
        // A statement links people and places: where a prison is both a place and an organisation, the place is meant.
        var names = await DocumentIngest.NamesAsync(store, principal, [RecordKind.Person, RecordKind.Place], cancellationToken);
        var linked = statement.Record.PersonIds.Concat(statement.Record.PlaceIds).Concat(statement.Record.EventIds).ToHashSet(StringComparer.Ordinal);
        return [.. SuggestionFinder.Find(document, names)
            .Where(s => s.Kind is "person" or "place" || (s.Kind == "date" && statement.Record.Time is null))
            .Where(s => !linked.Contains(s.Target))
            .Select(s => new MentionSuggestion(s.Kind, s.Target, s.Label, s.Matched))];
    }

    /// <summary>The statement with the confirmed suggestions added: people and places to its links, a date as its time.</summary>
    public static Statement Confirm(Statement statement, IEnumerable<MentionSuggestion> confirmed)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var chosen = confirmed.ToList();
        var time = statement.Time;
        if (time is null && chosen.FirstOrDefault(s => s.Kind == "date") is { } date && FuzzyDate.TryParse(date.Target, out var parsed, out _))
        {
            time = parsed;
        }

        return statement with
        {
            PersonIds = [.. statement.PersonIds.Concat(chosen.Where(s => s.Kind == "person").Select(s => s.Target)).Distinct(StringComparer.Ordinal)],
            PlaceIds = [.. statement.PlaceIds.Concat(chosen.Where(s => s.Kind == "place").Select(s => s.Target)).Distinct(StringComparer.Ordinal)],
            Time = time,
        };
    }
}
