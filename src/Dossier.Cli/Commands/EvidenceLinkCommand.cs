using System.CommandLine;
using Dossier.Application.Access;
using Dossier.Application.Evidence;

namespace Dossier.Cli.Commands;

/// <summary><c>evidence link</c>: an evidence item bears on a record (supports, contradicts, mentions it), at a page or time range.</summary>
internal static class EvidenceLinkCommand
{
    public static Command Create()
    {
        var hash = new Argument<string>("HASH") { Description = "The evidence item's SHA-256." };
        var target = new Argument<string>("RECORD") { Description = "The id of the record it bears on (a person, event, claim …)." };
        var relation = new Option<string>("--relation") { Description = "supports, contradicts or mentions.", DefaultValueFactory = _ => "supports" };
        var pages = new Option<string?>("--pages") { Description = "Where in a document: a page (3) or a range (3-5), counting from 1." };
        var from = new Option<string?>("--from") { Description = "Where in a recording: start offset, hh:mm:ss or mm:ss." };
        var to = new Option<string?>("--to") { Description = "Where in a recording: end offset (default: the start)." };
        var reason = new Option<string>("--reason") { Description = "What in the item bears on the record; recorded in the ledger.", Required = true };
        var command = new Command("link", "Link an evidence item to the record it bears on, with the page or time range; shown on both the item's and the record's page.")
        {
            hash, target, relation, pages, from, to, reason,
        };
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

            var service = new EvidenceLinkService(store, CliOptions.Clock);
            var (link, errors) = await service.LinkAsync(
                new EvidenceLinkRequest(result.GetValue(hash)!, result.GetValue(target)!, result.GetValue(relation), result.GetValue(pages), result.GetValue(from), result.GetValue(to)),
                principal, result.GetValue(reason), cancellationToken);
            if (link is null)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"error: {error.Field}: {error.Message}");
                }

                Console.Error.WriteLine("Nothing was written.");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"Linked {link.Hash[..12]}… to {link.TargetId} ({EvidenceLinkService.Name(link.Relation)}, {link.Locator}) as ledger entry #{link.Sequence}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
