using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Bundles;

namespace Dossier.Cli.Commands;

/// <summary>
/// Evidence files in the workspace vault (content-addressed under blobs/), their acquisition and chain of
/// custody recorded in the ledger, and court bundles a third party verifies offline. The work is done by
/// <see cref="EvidenceService"/>; this is the command-line glue.
/// </summary>
internal static class EvidenceCommands
{
    public static Command Evidence() => new("evidence", "Evidence files and their chain of custody.") { Add(), Custody(), Redact(), EvidenceLinkCommand.Create(), List(), Show(), EraseMetadata(), Classify() };

    private static Command Classify()
    {
        var item = new Argument<string>("item") { Description = "The item's SHA-256." };
        var classification = new Option<string>("--classification")
        {
            Description = $"Who may see the item from now on, as for records: {string.Join(", ", Classifications.All)}. You must be able to write both the old and the new one.",
            Required = true,
        };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger. Required. Do not write a protected name into it." };
        var command = new Command("classify", "Change an item's classification: raise it at once (a photo turns out to identify a witness) or lower it for disclosure. One evidence.classified entry; the item's page, list, file, links and the search in its text follow. Its derivatives keep theirs (named when they stay lower). Asking for the classification it has records nothing.")
        {
            item, classification, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (!Classifications.TryParse(result.GetValue(classification), out var level))
            {
                Console.Error.WriteLine($"error: --classification: '{result.GetValue(classification)}' is not one of {string.Join(", ", Classifications.All)}");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var classified = await EvidenceService.For(store, CliOptions.Clock).ClassifyAsync(result.GetValue(item)!, level, principal, result.GetValue(reason), cancellationToken);
            if (!classified.Ok)
            {
                foreach (var error in classified.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                Console.Error.WriteLine("Nothing was recorded.");
                return ExitCodes.Failed;
            }

            var name = Classifications.Name(level);
            Console.WriteLine(classified.Status == EvidenceStatus.Unchanged
                ? $"{classified.Item!.Hash} ({classified.Item.OriginalName}) is {name} already; nothing was recorded."
                : $"{classified.Item!.Hash} ({classified.Item.OriginalName}) is {name} from entry #{classified.Entry!.Value.ToString(CultureInfo.InvariantCulture)} on.");
            if (classified.Status == EvidenceStatus.Recorded && classified.Note is { } note)
            {
                Console.WriteLine($"note: {note}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command EraseMetadata()
    {
        var item = new Argument<string>("item") { Description = "The item's SHA-256." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger. Required. Do not write what the metadata said into it." };
        var command = new Command("erase-metadata", "Destroy what an item's own headers say (EXIF/XMP/GPS: names, places), kept beside the ledger since acquisition: the entry keeps only its digest, and the item, its file and its custody stay. Needs the investigator or legal role.")
        {
            item, reason,
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

            var erased = await EvidenceService.For(store, CliOptions.Clock).EraseMetadataAsync(result.GetValue(item)!, principal, result.GetValue(reason), cancellationToken);
            if (!erased.Ok)
            {
                foreach (var error in erased.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                return ExitCodes.Failed;
            }

            Console.WriteLine($"Erased the metadata of {erased.Item!.Hash} ({erased.Item.OriginalName}); the ledger records the erasure with the digest it had.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "The files to take into the vault. They are read, never altered.", Arity = ArgumentArity.OneOrMore };
        var acquisition = AcquisitionOptions.Required("dossier evidence add");
        var derivedFrom = new Option<string?>("--derived-from") { Description = "The SHA-256 of the item this file was made from (a redacted copy, transcript or translation). The original is not altered." };
        var derivation = new Option<string?>("--derivation") { Description = $"How it was made from --derived-from: {string.Join(", ", CustodyNames.DerivationNames)}." };
        var reason = new Option<string?>("--reason") { Description = "Why the files are taken in (default: \"acquisition of NAME\")." };
        var classification = new Option<string>("--classification")
        {
            Description = $"Who may see the items, their metadata and files, as for records: {string.Join(", ", Classifications.All)}. You must be able to write it.",
            DefaultValueFactory = _ => "internal",
        };
        var add = new Command("add", "Store files in the vault (SHA-256, fsync, atomic rename; a duplicate is recognised), read their metadata (EXIF/XMP/GPS), and record each acquisition in the ledger.")
        {
            files, derivedFrom, derivation, reason, classification,
        };
        foreach (var option in acquisition.All)
        {
            add.Options.Add(option);
        }

        add.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (acquisition.Read(result) is not { } acquired)
            {
                return ExitCodes.Usage;
            }

            Derivation? how = null;
            if (result.GetValue(derivation) is { } derivationName)
            {
                if (!CustodyNames.TryParse(derivationName, out Derivation parsed))
                {
                    Console.Error.WriteLine($"error: --derivation: '{derivationName}' is not one of {string.Join(", ", CustodyNames.DerivationNames)}");
                    return ExitCodes.Usage;
                }

                how = parsed;
            }

            // Every file is opened before any is taken in, so a missing or unreadable one stops the command before it starts.
            foreach (var file in result.GetValue(files)!)
            {
                if (Unreadable(file) is { } problem)
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

            var service = EvidenceService.For(store, CliOptions.Clock);
            if (!Classifications.TryParse(result.GetValue(classification), out var level))
            {
                Console.Error.WriteLine($"error: --classification: '{result.GetValue(classification)}' is not one of {string.Join(", ", Classifications.All)}");
                return ExitCodes.Usage;
            }

            var request = acquired with { DerivedFrom = result.GetValue(derivedFrom), Derivation = how, Classification = level };
            foreach (var file in result.GetValue(files)!)
            {
                EvidenceResult added;
                try
                {
                    await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    added = stream.Length < ReadProgressStream.WorthShowing
                        ? await service.AddAsync(stream, file.Name, request, principal, result.GetValue(reason) ?? $"acquisition of {file.Name}", cancellationToken)
                        : await StageProgress.RunAsync(report => service.AddAsync(new ReadProgressStream(stream, share => report($"{file.Name}: storing", share)),
                            file.Name, request, principal, result.GetValue(reason) ?? $"acquisition of {file.Name}", cancellationToken));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The vault keeps nothing of a failed read; files listed above this one were recorded.
                    Console.Error.WriteLine($"error: {file.FullName}: could not be read to its end ({Reason(exception, file.FullName)}); it was not added");
                    return ExitCodes.Failed;
                }

                switch (added.Status)
                {
                    case EvidenceStatus.Added:
                        Console.WriteLine($"{added.Item!.Hash}  {file.Name}: acquired, entry #{added.Entry}, collected at {CollectionTime.Describe(request.CollectedAt, request.Zone)}");
                        if (added.Note is { } note)
                        {
                            Console.Error.WriteLine($"note: {file.FullName}: {note}");
                        }

                        break;
                    case EvidenceStatus.AlreadyStored:
                        Console.WriteLine($"{added.Item!.Hash}  {file.Name}: already in the vault (acquired in entry #{added.Entry}); not recorded again");
                        break;
                    default:
                        foreach (var error in added.Errors)
                        {
                            Console.Error.WriteLine($"error: {error}");
                        }

                        Console.Error.WriteLine($"{file.Name} was not added.");
                        return ExitCodes.Failed;
                }
            }

            return ExitCodes.Ok;
        });
        return add;
    }

    private static Command Custody()
    {
        var items = new Argument<string[]>("items") { Description = "SHA-256 hashes of the items concerned.", Arity = ArgumentArity.OneOrMore };
        var action = new Option<string>("--action") { Description = $"What happened: {string.Join(", ", CustodyNames.ActionNames)}.", Required = true };
        var to = new Option<string?>("--to") { Description = "Who receives the items (required for transfer, copy, disclose, return)." };
        var from = new Option<string?>("--from") { Description = "Who hands them over (default: the current holder)." };
        var authority = new Option<string?>("--authority") { Description = "Under what authority (required for disclose: court order, request number, agreement)." };
        var location = new Option<string?>("--location") { Description = "Where it happened." };
        var tool = new Option<string?>("--tool") { Description = "The tool used (analysis, redaction, copy)." };
        var resultItem = new Option<string?>("--result") { Description = "For redact: the SHA-256 of the redacted copy (added with --derived-from)." };
        var at = new Option<string?>("--at") { Description = "When it happened, with its offset (default: now)." };
        var note = new Option<string?>("--note") { Description = "Anything else a court should know." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the ledger).", Required = true };
        var command = new Command("custody", "Record a custody event — transfer, copy, analyse, redact, disclose or return — for one or more items.")
        {
            items, action, to, from, authority, location, tool, resultItem, at, note, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (!CustodyNames.TryParse(result.GetValue(action), out CustodyAction parsed))
            {
                Console.Error.WriteLine($"error: --action: '{result.GetValue(action)}' is not one of {string.Join(", ", CustodyNames.ActionNames)}");
                return ExitCodes.Usage;
            }

            DateTimeOffset? when = null;
            if (result.GetValue(at) is { } atText)
            {
                if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedAt))
                {
                    Console.Error.WriteLine("error: --at: not a date and time such as 2021-11-12T14:05:00+01:00");
                    return ExitCodes.Usage;
                }

                when = parsedAt;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = EvidenceService.For(store, CliOptions.Clock);
            var recorded = await service.RecordCustodyAsync(new CustodyRequest
            {
                Action = parsed,
                Items = result.GetValue(items)!,
                To = result.GetValue(to),
                From = result.GetValue(from),
                Authority = result.GetValue(authority),
                Location = result.GetValue(location),
                Tool = result.GetValue(tool),
                Result = result.GetValue(resultItem),
                At = when,
                Note = result.GetValue(note),
            }, principal, result.GetValue(reason), cancellationToken);
            if (!recorded.Ok)
            {
                foreach (var error in recorded.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                Console.Error.WriteLine("Nothing was recorded.");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{CustodyNames.Name(parsed)} of {result.GetValue(items)!.Length} item(s) recorded, entry #{recorded.Entry}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Redact()
    {
        var item = new Argument<string>("item") { Description = "The SHA-256 of the image or PDF to redact. Its file is only read." };
        var regions = new Option<string[]>("--region")
        {
            Description = "A box to black out, PAGE:X,Y,WIDTH,HEIGHT in pixels of the page's picture (an image as shown, a TIFF frame, a PDF page at 80 dpi as /api/v1/evidence/HASH/pages/N.png serves it); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the ledger). Do not write what is hidden into it.", Required = true };
        var classification = new Option<string?>("--classification") { Description = $"Who may see the copy: {string.Join(", ", Classifications.All)} (default: the original's)." };
        var command = new Command("redact", "Black out boxes in a copy of an image or PDF (all metadata removed; a PDF becomes an image-only PDF), add it as an item derived from the original, and record a redact custody event on the original, in one ledger append (ADR 1814).")
        {
            item, regions, reason, classification,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var boxes = new List<Dossier.Documents.RedactionRegion>();
            foreach (var text in result.GetValue(regions) ?? [])
            {
                if (Dossier.Documents.RedactionRegion.Parse(text) is not { } box)
                {
                    Console.Error.WriteLine($"error: --region: '{text}' is not PAGE:X,Y,WIDTH,HEIGHT (e.g. 1:120,40,200,30)");
                    return ExitCodes.Usage;
                }

                boxes.Add(box);
            }

            Classification? level = null;
            if (result.GetValue(classification) is { } name)
            {
                if (!Classifications.TryParse(name, out var parsed))
                {
                    Console.Error.WriteLine($"error: --classification: '{name}' is not one of {string.Join(", ", Classifications.All)}");
                    return ExitCodes.Usage;
                }

                level = parsed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            EvidenceResult redacted;
            try
            {
                redacted = await Dossier.Web.Documents.EvidenceRedaction.RedactAsync(EvidenceService.For(store, CliOptions.Clock), result.GetValue(item)!, boxes, level,
                    principal, result.GetValue(reason), cancellationToken);
            }
            catch (Dossier.Documents.ToolMissingException missing)
            {
                Console.Error.WriteLine($"error: {missing.Message}");
                return ExitCodes.Failed;
            }

            if (!redacted.Ok)
            {
                foreach (var error in redacted.Errors)
                {
                    Console.Error.WriteLine($"error: {error.Field}: {error.Message}");
                }

                Console.Error.WriteLine("Nothing was recorded.");
                return ExitCodes.Failed;
            }

            Console.WriteLine(redacted.Status == EvidenceStatus.AlreadyStored
                ? $"The same redacted copy is already item {redacted.Item!.Hash}; nothing was recorded."
                : $"Redacted copy {redacted.Item!.Hash} ({redacted.Item.OriginalName}, {redacted.Item.MediaType}) derived from {redacted.Item.DerivedFrom}; redact event entry #{redacted.Entry}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the evidence items: hash, size, media type, holder, original name.");
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

            var service = EvidenceService.For(store, CliOptions.Clock);
            for (var offset = 0; ; offset += 1000)
            {
                var page = await service.Evidence.ListItemsAsync(offset, 1000, cancellationToken);
                // Items above the principal's classification are left out, as the API leaves them out (ADR 1817).
                foreach (var item in page.Where(i => AccessPolicy.CanRead(principal.Role, i.Classification)))
                {
                    Console.WriteLine($"{item.Hash}  {item.Size,12}  {item.MediaType,-24}  {item.Holder}  {item.OriginalName}"
                        + (item.DerivedFrom is null ? string.Empty : $"  ({item.Derivation} of {item.DerivedFrom[..12]}…)"));
                }

                if (page.Count < 1000)
                {
                    return ExitCodes.Ok;
                }
            }
        });
        return command;
    }

    private static Command Show()
    {
        var item = new Argument<string>("item") { Description = "The item's SHA-256, or a unique prefix of it (at least 4 hexadecimal digits)." };
        var command = new Command("show", "Show an item: its acquisition, metadata, custody chain, derivatives, and whether its stored file still has its hash.") { item };
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

            var service = EvidenceService.For(store, CliOptions.Clock);
            var (hash, problem) = await ResolveAsync(service, result.GetValue(item)!, cancellationToken);
            // An item above the principal's classification does not exist for them; nor do such derivatives (as RecordAccess.Keep).
            var detail = hash is null ? null : await service.GetAsync(hash, rehash: true, cancellationToken);
            detail = detail is null || !AccessPolicy.CanRead(principal.Role, detail.Item.Classification) ? null
                : detail with { Derivatives = [.. detail.Derivatives.Where(d => AccessPolicy.CanRead(principal.Role, d.Classification))] };
            if (detail is null)
            {
                Console.Error.WriteLine($"error: {problem ?? $"no evidence item {result.GetValue(item)} in this workspace"}");
                return ExitCodes.Failed;
            }

            var shown = new
            {
                detail.Item,
                Integrity = detail.Integrity.ToString().ToLowerInvariant(),
                detail.ActualHash,
                Custody = detail.Custody.Select(c => new { c.Sequence, c.Action, c.Actor, c.RecordedAt, c.Reason, c.Body }),
                Derivatives = detail.Derivatives.Select(d => new { d.Hash, d.Derivation, d.OriginalName }),
            };
            Console.WriteLine(JsonSerializer.Serialize(shown, ShowJson));
            return detail.Integrity == IntegrityStatus.Intact ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    public static Command ExportBundle()
    {
        var items = new Option<string[]>("--items") { Description = "SHA-256 hashes of the evidence items to include.", Required = true, AllowMultipleArgumentsPerToken = true };
        var since = new Option<FileInfo?>("--since") { Description = "An earlier signed checkpoint: include the consistency proof from it to today's ledger." };
        var output = new Option<string>("--out", "-o") { Description = "The bundle to write (.zip); never overwritten. A pipe or device is written in place; - is standard output.", Required = true };
        var checkpoint = new Option<long?>("--checkpoint") { Description = "Prove into the kept checkpoint of this many entries instead of signing a new one (the bundle that matches a case report made at it)." };
        var command = new Command("bundle", "Write a court bundle: the files, their acquisition and custody entries with inclusion proofs to one signed checkpoint, and the verifier key (docs/formats/bundle.md).")
        {
            items, since, output, checkpoint,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (!WorkspaceKey.Exists(workspace))
            {
                Console.Error.WriteLine("error: this workspace has no checkpoint key: run `dossier init` first");
                return ExitCodes.Failed;
            }

            string? oldNote = null;
            if (result.GetValue(since) is { } old)
            {
                if (!old.Exists)
                {
                    Console.Error.WriteLine($"error: --since {old.FullName}: no such file; nothing was written");
                    return ExitCodes.Failed;
                }

                oldNote = await File.ReadAllTextAsync(old.FullName, cancellationToken);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            using var signer = WorkspaceKey.Load(workspace);
            var target = result.GetValue(output)!;
            var special = target == OutputFile.StandardOutput || !OutputFile.IsRegularOrAbsent(target);
            if (!special && File.Exists(target))
            {
                Console.Error.WriteLine($"error: --out {Path.GetFullPath(target)}: already exists, and a bundle is never overwritten; nothing was written");
                return ExitCodes.Failed;
            }

            if (!special && Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
            {
                Console.Error.WriteLine($"error: --out {target}: the folder {folder} does not exist; nothing was written");
                return ExitCodes.Failed;
            }

            // A pipe, a device or standard output gets the finished bundle copied in place, from a temporary file.
            var path = special ? Path.Combine(Path.GetTempPath(), $"dossier-bundle-{Guid.NewGuid():N}.zip") : Path.GetFullPath(target);
            var shownName = target == OutputFile.StandardOutput ? "standard output" : Path.GetFileName(target);
            try
            {
                var (export, errors) = await EvidenceService.For(store, CliOptions.Clock)
                    .ExportBundleAsync(result.GetValue(items)!, signer, oldNote, path, principal, cancellationToken, shownName, result.GetValue(checkpoint));
                if (export is null)
                {
                    foreach (var error in errors)
                    {
                        Console.Error.WriteLine($"error: --{(error.Field == "since" ? "since" : "items")}: {error.Message}");
                    }

                    Console.Error.WriteLine("Nothing was written.");
                    return ExitCodes.Failed;
                }

                if (special)
                {
                    await OutputFile.WriteAsync(target, async stream =>
                    {
                        await using var bundle = File.OpenRead(path);
                        await bundle.CopyToAsync(stream, cancellationToken);
                    }, text: false, cancellationToken);
                }

                await OutputFile.Summary(target).WriteLineAsync($"Wrote {OutputFile.Describe(target)}: {export.Items} item(s), checkpoint at {export.CheckpointSize} entries"
                    + (export.WithConsistency ? ", with the consistency proof from the older checkpoint" : string.Empty)
                    + $". Verify anywhere with `dossier verify {(special ? "BUNDLE.zip" : Path.GetFileName(target))}`.");
                return ExitCodes.Ok;
            }
            finally
            {
                if (special)
                {
                    File.Delete(path);
                }
            }
        });
        return command;
    }

    /// <summary>Checks a court bundle offline: no workspace, no database, only the bundle (and optionally the key to trust).</summary>
    public static async Task<int> VerifyBundleAsync(FileInfo bundle, string? trustedKey, CancellationToken cancellationToken)
    {
        await using var stream = bundle.OpenRead();
        var report = BundleVerifier.Verify(stream, trustedKey);
        await Console.Out.WriteLineAsync(report.ToString());
        return report.IsVerified ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static readonly JsonSerializerOptions ShowJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Classifications by their names (protected-identity), as the ledger and the API write them, not as numbers.
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter<Classification>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>A full hash as it is; a prefix of at least 4 hex digits to the one item whose hash starts with it.</summary>
    private static async Task<(string? Hash, string? Problem)> ResolveAsync(EvidenceService service, string given, CancellationToken cancellationToken)
    {
        var prefix = given.Trim().ToLowerInvariant();
        if (prefix.Length == 64)
        {
            return (prefix, null);
        }

        if (prefix.Length < 4 || prefix.Length > 64 || !prefix.All(char.IsAsciiHexDigit))
        {
            return (null, $"'{given}' is neither a SHA-256 nor a prefix of one (at least 4 hexadecimal digits)");
        }

        var matches = new List<string>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await service.Evidence.ListItemsAsync(offset, 1000, cancellationToken);
            matches.AddRange(page.Select(i => i.Hash).Where(h => h.StartsWith(prefix, StringComparison.Ordinal)));
            if (page.Count < 1000)
            {
                break;
            }
        }

        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, $"no evidence item in this workspace has a hash starting with {prefix}"),
            _ => (null, $"{prefix} is the start of {matches.Count} items' hashes ({string.Join(", ", matches.Take(5).Select(h => h[..16] + "…"))}): give more digits"),
        };
    }

    /// <summary>Why a file could not be read, without naming it again: the error line already starts with its path.</summary>
    internal static string Reason(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "no such file",
            _ => exception.Message.Replace($"'{path}'", "it", StringComparison.Ordinal).Replace(path, "it", StringComparison.Ordinal),
        };
    }

    internal static string? Unreadable(FileInfo file)
    {
        if (!file.Exists)
        {
            return Directory.Exists(file.FullName) ? "a folder, not a file" : "no such file";
        }

        try
        {
            using var probe = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            _ = probe.ReadByte();
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({Reason(exception, file.FullName)})";
        }
    }
}
