using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>suggestions list|accept|reject</c>: the review queue of the names and dates `ingest` found (ADR 1603). A name
/// accepted becomes an evidence link (the item mentions the record on those pages); a date becomes a claim citing
/// the item and page, resting on a source record and about the records given.
/// </summary>
internal static class SuggestionCommands
{
    public static Command Create() => new("suggestions", "Review the names and dates `dossier ingest` suggested: list them, accept one (a link, or for a date a claim), or reject one.")
    {
        List(), Accept(), Reject(),
    };

    private static Command List()
    {
        var item = new Argument<string?>("ITEM") { Description = "Only the suggestions of this evidence item (its SHA-256).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Also the suggestions already accepted or rejected." };
        var command = new Command("list", "The open suggestions, per document, with their ids (SEQ.N).") { item, all };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var suggestions = await new SuggestionService(store, CliOptions.Clock).ListAsync(principal, result.GetValue(item), result.GetValue(all), cancellationToken);
            foreach (var document in suggestions.GroupBy(s => s.Hash))
            {
                Console.WriteLine($"{document.Key}  {document.First().Name}");
                foreach (var s in document)
                {
                    var what = s.IsDate ? $"date {s.Target} ({s.Label})" : string.Create(CultureInfo.InvariantCulture, $"{s.Kind} {s.Target} ({s.Label}), score {s.Score:F2}");
                    var state = s.Status == SuggestionStatus.Open ? string.Empty : $"  [{DocumentSuggestion.StatusName(s.Status)} in entry #{s.DecidedSequence}{(s.Result is null ? string.Empty : ": " + s.Result)}]";
                    Console.WriteLine($"  {s.Id,-8} {what}, {s.PagesText}{state}");
                }
            }

            Console.Error.WriteLine($"{suggestions.Count} suggestion(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Accept()
    {
        var id = new Argument<string>("ID") { Description = "The suggestion (SEQ.N, from `suggestions list` or `ingest`)." };
        var relation = new Option<string?>("--relation") { Description = "For a name: how the item bears on the record: mentions (default), supports or contradicts." };
        var source = new Option<string?>("--source") { Description = "For a date: the source record the claim rests on." };
        var subjects = new Option<string[]>("--subject") { Description = "For a date: a record the claim is about (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var reason = new Option<string>("--reason") { Description = "Why it is accepted; recorded in the ledger.", Required = true };
        var command = new Command("accept", "Accept a suggestion: a name becomes an evidence link to its record on its pages; a date becomes a claim citing the item and page.") { id, relation, source, subjects, reason };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var (accepted, errors) = await new SuggestionService(store, CliOptions.Clock).AcceptAsync(result.GetValue(id)!,
                new SuggestionAcceptance(result.GetValue(source), result.GetValue(subjects), result.GetValue(relation)), principal, result.GetValue(reason), cancellationToken);
            if (accepted is null)
            {
                return Failed(errors);
            }

            Console.WriteLine(accepted.Result!.StartsWith("claim:", StringComparison.Ordinal)
                ? $"Accepted {accepted.Id}: claim {accepted.Result["claim:".Length..]} cites {accepted.Name}, {accepted.PagesText} (entry #{accepted.DecidedSequence})."
                : $"Accepted {accepted.Id}: {accepted.Name} is linked to {accepted.Target} ({accepted.PagesText}) (entry #{accepted.DecidedSequence}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reject()
    {
        var id = new Argument<string>("ID") { Description = "The suggestion (SEQ.N)." };
        var reason = new Option<string>("--reason") { Description = "Why it is rejected; recorded in the ledger.", Required = true };
        var command = new Command("reject", "Reject a suggestion (the name or date is not what the document means); recorded in the ledger.") { id, reason };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var (rejected, errors) = await new SuggestionService(store, CliOptions.Clock).RejectAsync(result.GetValue(id)!, principal, result.GetValue(reason), cancellationToken);
            if (rejected is null)
            {
                return Failed(errors);
            }

            Console.WriteLine($"Rejected {rejected.Id} (entry #{rejected.DecidedSequence}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Failed(IReadOnlyList<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error.RecordId}: {error.Field}: {error.Message}");
        }

        Console.Error.WriteLine("Nothing was written.");
        return ExitCodes.Failed;
    }
}
