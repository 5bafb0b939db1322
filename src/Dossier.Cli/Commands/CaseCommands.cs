using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Cases;
using Dossier.Application.Testimony;
using Dossier.Web.Reports;

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
        command.Subcommands.Add(Report());
        command.Subcommands.Add(Disclose());
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

    private static Command Report()
    {
        var id = new Argument<string>("case") { Description = "The case's record id." };
        var format = new Option<string>("--format") { Description = "html (one self-contained file) or pdf (printed by Chromium).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "pdf");
        var output = new Option<string>("--out", "-o") { Description = "The file to write (- for standard output).", Required = true };
        var checkpoint = new Option<long?>("--checkpoint") { Description = "The size of the kept checkpoint the exhibits' proofs lead to (default: the latest kept)." };
        var command = new Command("report", "The prosecutor's dossier: summary, chronology, the accused and their posts, the proof matrix, gaps, witnesses "
            + "(by pseudonym where protected), exhibits with SHA-256, custody and inclusion proofs to a kept checkpoint, disputed facts, estimates. "
            + "The same ledger state gives the same HTML, byte for byte.") { id, format, output, checkpoint };
        command.SetAction((result, cancellationToken) => WithCasesAsync(result, async (service, principal, store) =>
        {
            var target = result.GetValue(output)!;
            var pdf = result.GetValue(format) == "pdf";
            var made = await new CaseReports(store, service, CliOptions.Clock).MakeAsync(result.GetValue(id)!, principal, ReportScope.Reader, result.GetValue(checkpoint),
                pdf ? ReportFormat.Pdf : ReportFormat.Html, OutputFile.IsStandardOutput(target) ? "standard output" : Path.GetFileName(target), cancellationToken);
            if (made.Content is null)
            {
                Console.Error.WriteLine($"error: {made.Error}");
                return ExitCodes.Failed;
            }

            await OutputFile.WriteAsync(target, stream => stream.WriteAsync(made.Content, cancellationToken).AsTask(), text: !pdf, cancellationToken);
            var report = made.Report!;
            var summary = OutputFile.Summary(target);
            await summary.WriteLineAsync($"Wrote the report on {report.Case.Id} to {OutputFile.Describe(target)}: {report.View.Charges.Count} charge(s), {report.View.Gaps.Count} gap(s), "
                + $"{report.Witnesses.Count} witness(es), {report.Exhibits.Count} exhibit(s); "
                + (report.Checkpoint is { } kept ? $"proofs to the checkpoint of {kept.Size} entries." : "no checkpoint is kept, so the exhibits carry no proofs (run `dossier checkpoint`)."));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Disclose()
    {
        var id = new Argument<string>("case") { Description = "The case's record id." };
        var to = new Option<string>("--to") { Description = "Who receives the package (a unit, a court, a mechanism).", Required = true };
        var authority = new Option<string>("--authority") { Description = "What the disclosure is made under (court order, request number, agreement).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the ledger.", Required = true };
        var audience = new Option<string>("--audience") { Description = $"The recipient's consent audience ({string.Join(", ", Dossier.Domain.Records.Consent.Audiences)}): witnesses' words go only where their consent reaches.", DefaultValueFactory = _ => "prosecutors" };
        var upTo = new Option<string>("--up-to") { Description = "The highest classification the recipient may receive.", DefaultValueFactory = _ => "restricted" };
        upTo.AcceptOnlyFromAmong([.. Dossier.Domain.Records.Classifications.All]);
        var output = new Option<string>("--out", "-o") { Description = "The package to write (a ZIP).", Required = true };
        var checkpoint = new Option<long?>("--checkpoint") { Description = "The size of the kept checkpoint the report's proofs lead to (default: the latest kept)." };
        var command = new Command("disclose", "A disclosure package: the case report as the recipient may receive it, and a court bundle of its exhibits; "
            + "recorded first as a custody `disclose` event for every exhibit. A second disclosure to the same recipient says what is new.")
        { id, to, authority, reason, audience, upTo, output, checkpoint };
        command.SetAction((result, cancellationToken) => WithCasesAsync(result, async (service, principal, store) =>
        {
            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (!WorkspaceKey.Exists(workspace))
            {
                Console.Error.WriteLine($"error: no checkpoint key at {WorkspaceKey.PathIn(workspace)}: run `dossier init` in this workspace to create one.");
                return ExitCodes.Failed;
            }

            var target = result.GetValue(output)!;
            if (!Dossier.Domain.Records.Classifications.TryParse(result.GetValue(upTo), out var ceiling))
            {
                Console.Error.WriteLine($"error: --up-to is one of {string.Join(", ", Dossier.Domain.Records.Classifications.All)}");
                return ExitCodes.Usage;
            }

            using var signer = WorkspaceKey.Load(workspace);
            var (disclosure, error) = await new CaseDisclosure(store, service, CliOptions.Clock).DiscloseAsync(
                new DisclosureRequest(result.GetValue(id)!, result.GetValue(to)!, result.GetValue(authority)!, result.GetValue(reason)!, result.GetValue(audience)!, ceiling, result.GetValue(checkpoint)),
                principal, signer, cancellationToken);
            if (disclosure is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return ExitCodes.Failed;
            }

            await OutputFile.WriteAsync(target, stream => stream.WriteAsync(disclosure.Package, cancellationToken).AsTask(), text: false, cancellationToken);
            var summary = OutputFile.Summary(target);
            await summary.WriteLineAsync($"Wrote the disclosure package to {OutputFile.Describe(target)}: report sha256 {disclosure.ReportSha256}, "
                + $"{disclosure.Items.Count} exhibit(s) ({disclosure.Items.Count(i => i.New)} new to this recipient), {disclosure.Withheld} item(s) withheld"
                + (disclosure.CustodyEntry is { } entry ? $"; recorded as custody entry #{entry}; bundle at the checkpoint of {disclosure.BundleCheckpointSize} entries." : "; no exhibit, so no custody event and no bundle."));
            foreach (var item in disclosure.Items)
            {
                await summary.WriteLineAsync($"  {item.Label}	{item.Hash}	{(item.New ? "new" : $"disclosed before ({item.DisclosedBefore})")}	{item.OriginalName}");
            }

            if (disclosure.ReportChanged)
            {
                await summary.WriteLineAsync("  The report differs from the one disclosed to this recipient before.");
            }

            return ExitCodes.Ok;
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

    private static Task<int> WithCasesAsync(ParseResult result, Func<CaseService, Dossier.Application.Access.Principal, Task<int>> action, CancellationToken cancellationToken) =>
        WithCasesAsync(result, (service, principal, _) => action(service, principal), cancellationToken);

    private static async Task<int> WithCasesAsync(ParseResult result, Func<CaseService, Dossier.Application.Access.Principal, Dossier.Application.Workspace.IWorkspaceStore, Task<int>> action, CancellationToken cancellationToken)
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
        return await action(new CaseService(store, testimony, frameworks), principal, store);
    }
}
