using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Cases;
using Dossier.Application.Testimony;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>dossier case list|show|gaps</c>: cases against the accused, charge by charge and element by element, with
/// what proves each and the gaps (issue 15; docs/cases.md). What is counted is what the principal may read.
/// </summary>
internal static class CaseCommands
{
    public static Command Create()
    {
        var command = new Command("case", "Cases: charges under a legal framework, element-by-element proof, gaps.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Gaps());
        return command;
    }

    /// <summary>The shipped frameworks and the workspace's own (WORKSPACE/frameworks/*.yaml); null after printing why one cannot be used.</summary>
    public static LegalFrameworks? FrameworksFor(ParseResult result)
    {
        try
        {
            return LegalFrameworks.Load(result.GetValue(CliOptions.Workspace)?.FullName);
        }
        catch (LegalFrameworkException exception)
        {
            Console.Error.WriteLine($"error: legal framework {exception.Message}");
            return null;
        }
    }

    private static Command List()
    {
        var command = new Command("list", "Every case you may read: id, accused, charges, gaps.");
        command.SetAction((result, cancellationToken) => WithCasesAsync(result, async (service, principal) =>
        {
            foreach (var (caseFile, gaps) in await service.SummariesAsync(principal.Role, cancellationToken))
            {
                Console.WriteLine($"{caseFile.Id}\t{caseFile.Title}\taccused: {string.Join(", ", caseFile.AccusedIds)}\tcharges: {caseFile.Charges.Count}\tgaps: {gaps}{(caseFile.Synthetic ? "\tSYNTHETIC" : string.Empty)}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("case") { Description = "The case's record id." };
        var json = new Option<bool>("--json") { Description = "JSON (docs/cases.md) instead of text." };
        var command = new Command("show", "A case's charges, element by element: what proves each, with its strength, and the gaps.") { id, json };
        command.SetAction((result, cancellationToken) => WithCaseAsync(result, id, async view =>
        {
            if (result.GetValue(json))
            {
                Console.WriteLine(CaseJson.Case(view).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return ExitCodes.Ok;
            }

            Console.WriteLine($"{view.Case.Id}: {view.Case.Title}{(view.Case.Synthetic ? " (SYNTHETIC)" : string.Empty)}");
            Console.WriteLine($"  accused: {string.Join(", ", view.Case.AccusedIds)}; period: {view.Case.Period?.ToString() ?? "not set"}; status: {view.Case.Status ?? "not set"}");
            foreach (var post in view.Posts)
            {
                Console.WriteLine($"  post: {post.Role} ({post.Id}) {post.From}..{post.To}");
            }

            foreach (var charge in view.Charges)
            {
                Console.WriteLine($"  charge: {charge.Crime.Title} ({charge.Crime.Cite}) — {charge.Mode.Title} ({charge.Mode.Cite})");
                foreach (var element in charge.Elements)
                {
                    Console.WriteLine($"    [{element.Part}/{element.Element.Kind.ToString().ToLowerInvariant()}] {element.Element.Id}: {element.Element.Text} — {element.Lines} line(s)");
                    foreach (var proof in element.Proof)
                    {
                        Console.WriteLine($"      {proof.Source.ToString().ToLowerInvariant()} {proof.Target}{(proof.Automatic ? " (post in the period)" : string.Empty)}: {proof.Strength}");
                    }

                    foreach (var gap in element.Gaps)
                    {
                        Console.WriteLine($"      gap: {gap.Name}: {gap.Close}");
                    }
                }
            }

            Console.WriteLine($"{view.Gaps.Count} gap(s).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Gaps()
    {
        var id = new Argument<string>("case") { Description = "The case's record id." };
        var command = new Command("gaps", "One line per gap: charge, element, kind of gap, what would close it. Exit 0 whether or not there are gaps.") { id };
        command.SetAction((result, cancellationToken) => WithCaseAsync(result, id, view =>
        {
            foreach (var gap in view.Gaps)
            {
                Console.WriteLine(gap.ToString());
            }

            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return command;
    }

    private static Task<int> WithCaseAsync(ParseResult result, Argument<string> id, Func<CaseView, Task<int>> action, CancellationToken cancellationToken) =>
        WithCasesAsync(result, async (service, principal) =>
        {
            var caseId = result.GetValue(id)!;
            if (await service.AnalyseAsync(caseId, principal.Role, cancellationToken) is not { } view)
            {
                Console.Error.WriteLine($"error: no case '{caseId}' that you may read");
                return ExitCodes.Failed;
            }

            return await action(view);
        }, cancellationToken);

    private static async Task<int> WithCasesAsync(ParseResult result, Func<CaseService, Dossier.Application.Access.Principal, Task<int>> action, CancellationToken cancellationToken)
    {
        if (!CliOptions.WorkspaceExists(result))
        {
            return CliOptions.NoWorkspace(result);
        }

        if (FrameworksFor(result) is not { } frameworks)
        {
            return ExitCodes.Failed;
        }

        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
        {
            return ExitCodes.Failed;
        }

        var testimony = new TestimonyService(store, IdentityCommands.ProtectionFor(store, result));
        return await action(new CaseService(store, testimony, frameworks), principal);
    }
}
