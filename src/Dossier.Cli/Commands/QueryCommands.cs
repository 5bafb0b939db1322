using System.CommandLine;
using System.Text.Json;
using Dossier.Application.Search;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Cli.Commands;

/// <summary><c>search</c> and <c>show</c>: reading the workspace from the terminal.</summary>
internal static class QueryCommands
{
    private static readonly JsonSerializerOptions Pretty = new(RecordJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Search()
    {
        var query = new Argument<string>("query") { Description = "Words in any script: \"Nouri\", \"نوری\", \"Pourmohammadi\"." };
        var kind = new Option<string?>("--kind") { Description = "Only records of this kind (person, organization, place, source, claim, ...), or only pages of documents (document)." };
        var limit = new Option<int>("--limit") { Description = "At most this many records, and this many document pages.", DefaultValueFactory = _ => 20 };
        var command = new Command("search", "Search names and titles of records, and the text of ingested documents, across scripts and spellings.") { query, kind, limit };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            RecordKind? only = null;
            var documentsOnly = false;
            if (result.GetValue(kind) is { } kindName)
            {
                if (kindName == "document")
                {
                    documentsOnly = true;
                }
                else if (!RecordKinds.TryParse(kindName, out var parsed))
                {
                    Console.Error.WriteLine($"error: --kind: unknown kind '{kindName}' (a record kind, or document)");
                    return ExitCodes.Usage;
                }
                else
                {
                    only = parsed;
                }
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var text = result.GetValue(query)!;
            var hits = documentsOnly ? [] : await store.SearchAsync(new SearchQuery(text, only, result.GetValue(limit)), cancellationToken);
            foreach (var hit in hits)
            {
                Console.WriteLine($"{RecordKinds.Name(hit.Kind),-12} {hit.Id,-36} {hit.Label}{(hit.Synthetic ? "  [SYNTHETIC]" : string.Empty)}");
            }

            // The local operator holds the workspace's files and reads every classification, as for records.
            var pages = only is null
                ? await DocumentSearch.SearchAsync(store.Evidence, text, Classification.ProtectedIdentity, result.GetValue(limit), cancellationToken)
                : [];
            foreach (var page in pages)
            {
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{"document",-12} {page.Hash} {page.Name}, p. {page.Page}: {page.SnippetText()}"));
            }

            Console.Error.WriteLine($"{hits.Count + pages.Count} result(s): {hits.Count} record(s), {pages.Count} document page(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The record's id." };
        var command = new Command("show", "Show one record as JSON with its version, what refers to it, and its history.") { id };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var envelope = await store.GetAsync(result.GetValue(id)!, cancellationToken);
            if (envelope is null)
            {
                Console.Error.WriteLine($"error: no record '{result.GetValue(id)}'");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{RecordKinds.Name(envelope.Kind)} {envelope.Id} — version {envelope.Version}{(envelope.Retracted ? " (RETRACTED)" : string.Empty)}{(envelope.Record.Synthetic ? " [SYNTHETIC]" : string.Empty)}");
            Console.WriteLine(JsonSerializer.Serialize(envelope.Record, envelope.Record.GetType(), Pretty));
            var referencing = await store.ReferencingAsync(envelope.Id, null, cancellationToken);
            if (referencing.Count > 0)
            {
                Console.WriteLine("Referred to by:");
                foreach (var other in referencing)
                {
                    Console.WriteLine($"  {RecordKinds.Name(other.Kind),-12} {other.Id,-36} {other.Record.Label}");
                }
            }

            Console.WriteLine("History:");
            foreach (var entry in await store.HistoryAsync(envelope.Id, cancellationToken))
            {
                Console.WriteLine($"  #{entry.Sequence} {entry.Time:yyyy-MM-dd HH:mm:ss}Z {entry.Type} by {entry.Actor}: {entry.Reason}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
