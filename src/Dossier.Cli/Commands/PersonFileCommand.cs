using System.CommandLine;
using Dossier.Web.Reports;

namespace Dossier.Cli.Commands;

/// <summary><c>dossier person-file ID --format html|pdf --out FILE</c>: a person's file to print or send (issue 18 §9). Thin glue over <see cref="PersonFiles"/>.</summary>
internal static class PersonFileCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("person") { Description = "The person's record id." };
        var format = new Option<string>("--format") { Description = "html (one self-contained, printable file) or pdf (printed by Chromium).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "pdf");
        var output = new Option<string>("--out", "-o") { Description = "The file to write (- for standard output).", Required = true };
        var command = new Command("person-file", "A person's file: names in every script, claims side by side with their sources and grades, posts over time, "
            + "acts, the victim lists they stand on, and evidence with SHA-256. An export: it needs a role that may export, and is audited.") { id, format, output };
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

            var target = result.GetValue(output)!;
            var pdf = result.GetValue(format) == "pdf";
            var made = await new PersonFiles(store, CliOptions.Clock).MakeAsync(result.GetValue(id)!, principal, pdf ? ReportFormat.Pdf : ReportFormat.Html,
                OutputFile.IsStandardOutput(target) ? "standard output" : Path.GetFileName(target), cancellationToken);
            if (made.Content is null)
            {
                Console.Error.WriteLine($"error: {made.Error}");
                return ExitCodes.Failed;
            }

            await OutputFile.WriteAsync(target, stream => stream.WriteAsync(made.Content, cancellationToken).AsTask(), text: !pdf, cancellationToken);
            await OutputFile.Summary(target).WriteLineAsync($"Wrote the file of {result.GetValue(id)} to {OutputFile.Describe(target)} ({made.Content.Length:N0} bytes).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
