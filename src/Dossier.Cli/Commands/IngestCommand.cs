using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Documents;
using Dossier.Web.Documents;
using Dossier.Domain.Records;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>dossier ingest FILE…</c>: each file is stored as an evidence item exactly as <c>evidence add</c> stores it,
/// its text is extracted (<see cref="DocumentExtractor"/>), and the extracted-text document is recorded as a
/// derivative item with an <c>analyse</c> event on the original naming the tools — all in one ledger append per
/// file (<see cref="EvidenceService.IngestAsync"/>). Then the known names and dates found in the text are printed.
/// </summary>
internal static class IngestCommand
{
    public const string DerivativeSuffix = DocumentIngest.DerivativeSuffix;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "The files to take in and read: PDF, PNG, JPEG, TIFF, DOCX, HTML, plain text (other files are stored, not read).", Arity = ArgumentArity.OneOrMore };
        var languages = new Option<string>("--lang") { Description = "OCR language models (Tesseract), in order: fas+eng reads Persian and English.", DefaultValueFactory = _ => "fas+eng" };
        var classification = new Option<string?>("--classification")
        {
            Description = "Who may see the files, their metadata and their extracted text: public, internal, restricted, protected-identity (default: restricted, printed). You must be able to write it.",
        };
        var reason = new Option<string?>("--reason") { Description = "Why the files are taken in (default: \"ingest of NAME\")." };
        var acquisition = AcquisitionOptions.WithDefaults("dossier ingest");
        var command = new Command("ingest", "Store files as evidence (as `evidence add` does), extract their text per page (text layer or OCR) as a derivative item with an `analyse` custody event, and print the names and dates found in it.")
        {
            files, languages, classification, reason,
        };
        foreach (var option in acquisition.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (ExtractionOptions.ParseLanguages(result.GetValue(languages)!, out var languageError) is not { } models)
            {
                Console.Error.WriteLine($"error: --lang: {languageError}");
                return ExitCodes.Usage;
            }

            var sensitivity = result.GetValue(classification);
            if (sensitivity is null)
            {
                sensitivity = "restricted";
                Console.Error.WriteLine("note: no --classification given: the files and their extracted text are restricted");
            }
            else if (!Classifications.All.Contains(sensitivity, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"error: --classification: '{sensitivity}' is not one of {string.Join(", ", Classifications.All)}");
                return ExitCodes.Usage;
            }

            foreach (var file in result.GetValue(files)!)
            {
                if (EvidenceCommands.Unreadable(file) is { } problem)
                {
                    Console.Error.WriteLine($"error: {file.FullName}: {problem}; nothing was added");
                    return ExitCodes.Failed;
                }
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var defaults = new AcquisitionOptions.Defaults(principal.Name, CliOptions.Clock.GetUtcNow(), "read from a local file by dossier ingest");
            if (acquisition.Read(result, defaults) is not { } read)
            {
                return ExitCodes.Usage;
            }

            // Checked against the names above.
            var request = read with { Classification = Classifications.TryParse(sensitivity, out var level) ? level : Classification.Restricted };

            var names = await DocumentIngest.NamesAsync(store, principal, cancellationToken);
            var options = new ExtractionOptions { Languages = models };
            var service = EvidenceService.For(store, CliOptions.Clock);
            var all = result.GetValue(files)!;
            for (var i = 0; i < all.Length; i++)
            {
                var file = all[i];
                DocumentIngestResult ingest;
                try
                {
                    await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    // OCR of a long scan takes minutes: its pages are shown as they are read (nothing is shown for a text layer).
                    // So is storing and hashing a file of gigabytes (a video), read once from start to end.
                    var which = all.Length == 1 ? file.Name : $"{file.Name} ({i + 1} of {all.Length})";
                    ingest = await StageProgress.RunAsync(report => DocumentIngest.IngestAsync(service, store,
                        stream.Length < ReadProgressStream.WorthShowing ? stream : new ReadProgressStream(stream, share => report($"{which}: storing", share)),
                        file.Name, request,
                        options with { Progress = new StageProgress.Relay<PagesRead>(p => report($"{which}: OCR", p.Of == 0 ? 1 : (double)p.Done / p.Of)) },
                        principal, result.GetValue(reason) ?? $"ingest of {file.Name}", CliOptions.Clock, cancellationToken, names));
                }
                catch (ToolMissingException missing)
                {
                    Console.Error.WriteLine($"error: {file.FullName}: {missing.Message}; it was not added");
                    return ExitCodes.Failed;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"error: {file.FullName}: could not be read to its end ({EvidenceCommands.Reason(exception, file.FullName)}); it was not added");
                    return ExitCodes.Failed;
                }

                var (ingested, extracted, found) = ingest;
                // A refusal (the role may not add evidence at this classification) carries its reasons as validation does.
                if (ingested.Status is EvidenceStatus.Invalid or EvidenceStatus.Refused || ingested.Original is null)
                {
                    foreach (var error in ingested.Errors)
                    {
                        Console.Error.WriteLine($"error: {file.FullName}: {error}");
                    }

                    Console.Error.WriteLine($"{file.Name} was not added.");
                    return ExitCodes.Failed;
                }

                Report(file, ingested, extracted!, request);
                for (var n = 0; n < found.Count; n++)
                {
                    Console.WriteLine(Describe(found[n]) + (ingested.SuggestionEntry is { } entry ? $" — suggestion {entry}.{n + 1}" : string.Empty));
                }

                if (ingested.SuggestionEntry is not null)
                {
                    Console.WriteLine("  review them: dossier suggestions list / accept ID / reject ID");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }


    private static void Report(FileInfo file, IngestResult ingested, ExtractedDocument extracted, AcquisitionRequest request)
    {
        var original = ingested.Original!;
        if (ingested.AlreadyAnalysed)
        {
            Console.WriteLine($"{original.Hash}  {file.Name}: already in the vault and read with these tools (text {ingested.Derivative!.Hash}); nothing recorded again");
            return;
        }

        Console.WriteLine(ingested.OriginalWasStored
            ? $"{original.Hash}  {file.Name}: already in the vault (acquired in entry #{original.AcquisitionEntry}); its text is recorded now"
            : $"{original.Hash}  {file.Name}: acquired, entry #{original.AcquisitionEntry}, collected at {CollectionTime.Describe(request.CollectedAt, request.Zone)}");
        Console.WriteLine($"{ingested.Derivative!.Hash}  {ingested.Derivative.OriginalName}: {extracted.Describe()}; analyse entry #{ingested.AnalysisEntry}");
        if (ingested.Note is { } note)
        {
            Console.Error.WriteLine($"note: {file.FullName}: {note}");
        }

        if (extracted.Status is ExtractionStatus.Failed or ExtractionStatus.Skipped)
        {
            Console.Error.WriteLine($"note: {file.FullName}: {extracted.Describe()} (the file itself is kept as evidence)");
        }
    }

    private static string Describe(Suggestion suggestion)
    {
        var pages = string.Join(", ", suggestion.Pages.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return suggestion.Kind == "date"
            ? $"  suggests date {suggestion.Target} ({suggestion.Label}) from \"{suggestion.Matched}\", page {pages}"
            : string.Create(CultureInfo.InvariantCulture, $"  suggests {suggestion.Kind} {suggestion.Target} ({suggestion.Label}) from \"{suggestion.Matched}\" (score {suggestion.Score:F2}), page {pages}");
    }
}
