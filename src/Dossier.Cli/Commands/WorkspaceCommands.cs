using System.CommandLine;
using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Exchange.Sheets;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Cli.Commands;

/// <summary><c>init</c>, <c>import</c> and <c>export</c>: creating a workspace and moving records in and out of it.</summary>
internal static class WorkspaceCommands
{
    public static Command Init()
    {
        var command = new Command("init", "Create a workspace: the ledger database (SQLite in the folder, or PostgreSQL with --database) with its tables, "
            + $"and the checkpoint signing key in keys/ (set ${WorkspaceKey.PassphraseVariable} to protect it with a passphrase).");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (WorkspaceKey.EnsureCreated(workspace))
            {
                Console.WriteLine($"Created the checkpoint signing key {WorkspaceKey.PathIn(workspace)} (owner-only); `dossier key show` prints its public verifier key.");
            }
            var head = await store.GetTreeHeadAsync(cancellationToken);
            Console.WriteLine($"Workspace ready: {store.Describe}");
            Console.WriteLine($"Ledger: {head.Size} entries, root {head.RootHex}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "A workspace file (.yaml, .yml or .json; see docs/formats/workspace.md), or a spreadsheet of one kind of record (.csv or .xlsx, with --kind; docs/formats/spreadsheets.md)." };
        var reason = new Option<string?>("--reason") { Description = "Why these records are added; recorded in the ledger (default: \"import of FILE\")." };
        var kind = new Option<string?>("--kind") { Description = $"What each row of a spreadsheet is: {string.Join(", ", SheetFields.Kinds.Select(RecordKinds.Name))}." };
        var map = new Option<string[]>("--map")
        {
            Description = "COLUMN=FIELD: the field a spreadsheet column fills (repeatable); COLUMN= leaves it out. Columns not named are guessed from their header (English or Persian).",
            AllowMultipleArgumentsPerToken = false,
        };
        var sheet = new Option<string?>("--sheet") { Description = "The sheet of an XLSX workbook to read (default: the first)." };
        var synthetic = new Option<bool>("--synthetic") { Description = "Every record the spreadsheet creates is invented (SYNTHETIC) and labelled so everywhere." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the spreadsheet and say what it would create and update, writing nothing." };
        var command = new Command("import", "Import a workspace file or a spreadsheet. All or nothing: any error (named by file, line or row, and field) leaves the workspace untouched. "
            + "A spreadsheet row whose id names an existing record updates the fields its cells fill; any other row creates a record.")
        {
            file,
            reason,
            kind,
            map,
            sheet,
            synthetic,
            dryRun,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"error: {input.FullName}: no such file");
                return ExitCodes.Failed;
            }

            var spreadsheet = Path.GetExtension(input.Name).ToUpperInvariant() is ".CSV" or ".XLSX";
            if (spreadsheet != (result.GetValue(kind) is not null))
            {
                Console.Error.WriteLine(spreadsheet
                    ? $"usage error: a spreadsheet needs --kind: what each row is ({string.Join(", ", SheetFields.Kinds.Select(RecordKinds.Name))})"
                    : "usage error: --kind is for spreadsheets (.csv, .xlsx); a workspace file names each record's kind");
                return ExitCodes.Usage;
            }

            if (!spreadsheet && (result.GetValue(map) is { Length: > 0 } || result.GetValue(sheet) is not null || result.GetValue(synthetic) || result.GetValue(dryRun)))
            {
                Console.Error.WriteLine("usage error: --map, --sheet, --synthetic and --dry-run are for spreadsheets (.csv, .xlsx)");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            // The master key seals the file's protected identities and their witnesses' statements.
            var protection = IdentityCommands.ProtectionFor(store, result);
            var service = new WorkspaceService(store, CliOptions.Clock, protection: protection);
            var why = result.GetValue(reason) ?? $"import of {input.Name}";
            if (spreadsheet)
            {
                return await ImportSheetAsync(service, input, result.GetValue(kind)!, result.GetValue(map) ?? [], result.GetValue(sheet), result.GetValue(synthetic), result.GetValue(dryRun), principal, why, cancellationToken);
            }

            var before = await store.GetTreeHeadAsync(cancellationToken);
            var errors = await WorkspaceExchange.ImportAsync(service, input.FullName, principal, why, cancellationToken, protection);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                Console.Error.WriteLine($"{errors.Count} error(s); nothing was imported.");
                return ExitCodes.Failed;
            }

            var after = await store.GetTreeHeadAsync(cancellationToken);
            Console.WriteLine($"Imported {after.Size - before.Size} records from {input.Name}. Ledger: {after.Size} entries, root {after.RootHex}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ImportSheetAsync(WorkspaceService service, FileInfo input, string kindName, string[] maps, string? sheet, bool synthetic, bool dryRun,
        Principal principal, string reason, CancellationToken cancellationToken)
    {
        if (!RecordKinds.TryParse(kindName, out var kind) || !SheetFields.Kinds.Contains(kind))
        {
            Console.Error.WriteLine($"usage error: --kind: '{kindName}' is not one of {string.Join(", ", SheetFields.Kinds.Select(RecordKinds.Name))}");
            return ExitCodes.Usage;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in maps)
        {
            var equals = pair.LastIndexOf('=');
            if (equals <= 0)
            {
                Console.Error.WriteLine($"usage error: --map {pair}: write COLUMN=FIELD (COLUMN= leaves the column out); fields of a {kindName}: {string.Join(", ", SheetFields.For(kind).Select(f => f.Path))}");
                return ExitCodes.Usage;
            }

            map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        if (input.Length > SheetBook.MaxBytes)
        {
            Console.Error.WriteLine($"error: {input.Name}: the file is larger than {SheetBook.MaxBytes / (1024 * 1024)} MiB; split it. Nothing was imported.");
            return ExitCodes.Failed;
        }

        var request = new SheetImportRequest
        {
            Content = await File.ReadAllBytesAsync(input.FullName, cancellationToken),
            FileName = input.Name,
            Sheet = sheet,
            Kind = kind,
            Map = map,
            Synthetic = synthetic,
        };
        if (dryRun)
        {
            var plan = await SheetImport.PlanAsync(service, request, principal, cancellationToken);
            Console.WriteLine($"Columns: {string.Join(", ", plan.Sheet.Header.Select(h => plan.Map.TryGetValue(h, out var f) ? $"{h} → {f}" : $"{h} (left out)"))}");
            if (plan.Problems.Count > 0)
            {
                return Problems(plan.Problems);
            }

            Console.WriteLine($"Would create {plan.Creates} and update {plan.Updates} {kindName} record(s) from {input.Name}; nothing was written (--dry-run).");
            return ExitCodes.Ok;
        }

        var before = await service.Store.GetTreeHeadAsync(cancellationToken);
        var imported = await SheetImport.ImportAsync(service, request, principal, reason, cancellationToken);
        if (!imported.Ok)
        {
            return Problems(imported.Problems);
        }

        var after = await service.Store.GetTreeHeadAsync(cancellationToken);
        Console.WriteLine($"Imported {input.Name}: created {imported.Created} and updated {imported.Updated} {kindName} record(s) in {after.Size - before.Size} ledger entries. Ledger: {after.Size} entries, root {after.RootHex}");
        return ExitCodes.Ok;
    }

    private static int Problems(IReadOnlyList<SheetProblem> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        Console.Error.WriteLine($"{problems.Count} error(s){(problems.Count >= SheetImport.MaxProblems ? " (the first ones)" : string.Empty)}; nothing was imported.");
        return ExitCodes.Failed;
    }

    public static Command Export()
    {
        var output = new Option<string>("--out", "-o") { Description = "The file to write: .yaml/.yml for YAML, anything else JSON; - for JSON on standard output.", Required = true };
        var includeSynthetic = new Option<bool>("--include-synthetic") { Description = "Also export synthetic records (demo lists, test data). They stay labelled synthetic." };
        var upTo = new Option<string>("--up-to")
        {
            Description = "The most sensitive classification to include: public, internal, restricted or protected-identity (the default: everything). Use public to share.",
            DefaultValueFactory = _ => "protected-identity",
        };
        var audience = new Option<string?>("--audience")
        {
            Description = $"Who receives the export ({string.Join(", ", Consent.Audiences)}); with --purpose, statements whose witness did not consent to it are left out.",
        };
        var purpose = new Option<string?>("--purpose") { Description = $"What the export is for ({string.Join(", ", Consent.Purposes)}); given with --audience." };
        var command = new Command("export", "Export every current record as a workspace file (docs/formats/workspace.md); `export bundle` writes a court bundle. Not a backup: lists, linkage, estimates, evidence, custody and accounts are left out; use `dossier backup`.")
        {
            output,
            includeSynthetic,
            upTo,
            audience,
            purpose,
        };
        command.Subcommands.Add(EvidenceCommands.ExportBundle());
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var target = result.GetValue(output)!;
            var yaml = Path.GetExtension(target) is ".yaml" or ".yml";
            var synthetic = result.GetValue(includeSynthetic);
            if (!Enum.TryParse<Classification>(result.GetValue(upTo)!.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var ceiling))
            {
                Console.Error.WriteLine($"error: --up-to: '{result.GetValue(upTo)}' is not a classification (public, internal, restricted, protected-identity)");
                return ExitCodes.Usage;
            }

            if (SharingOf(result.GetValue(audience), result.GetValue(purpose)) is not { } sharing)
            {
                return ExitCodes.Usage;
            }

            if (target != OutputFile.StandardOutput && Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
            {
                Console.Error.WriteLine($"error: --out {target}: the folder {folder} does not exist; nothing was exported");
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, Operation.Export, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            // Only what this principal may read is exported, whatever --up-to asks for.
            if (AccessPolicy.HighestReadable(principal.Role) < ceiling)
            {
                ceiling = AccessPolicy.HighestReadable(principal.Role);
            }

            // A file is written beside itself and renamed (a failed export never leaves half a file); a pipe or
            // device is written in place; - is standard output (docs/user-guide.md, "Output files").
            var summary = new ExportSummary(0, 0);
            await OutputFile.WriteTextAsync(target, async writer =>
                summary = await WorkspaceExchange.ExportAsync(store, writer, yaml, r => (synthetic || !r.Synthetic) && r.Classification <= ceiling, cancellationToken, sharing.Scope),
                cancellationToken);
            var shared = sharing.Scope is { } scope ? $" for {scope.Audience} ({scope.Purpose})" : string.Empty;
            await new AuditTrail(store, CliOptions.Clock).ExportedAsync(principal.Name, principal.Role, "workspace export",
                $"{summary.Written} records up to {result.GetValue(upTo)}{shared} to {(target == OutputFile.StandardOutput ? "standard output" : Path.GetFileName(target))}", cancellationToken);
            await OutputFile.Summary(target).WriteLineAsync($"Exported {summary.Written} records to {OutputFile.Describe(target)}");
            if (summary.WithheldStatements > 0)
            {
                await OutputFile.Summary(target).WriteLineAsync(
                    $"Left out {summary.WithheldStatements} statement(s) whose witness withdrew consent{(sharing.Scope is null ? string.Empty : " or did not consent to this sharing")}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Sharing(ConsentScope? Scope);

    // Both or neither: an audience without a purpose (or the reverse) is not a consent anyone gave.
    private static Sharing? SharingOf(string? audience, string? purpose)
    {
        if (audience is null && purpose is null)
        {
            return new Sharing(null);
        }

        if (audience is null || purpose is null)
        {
            Console.Error.WriteLine("error: --audience and --purpose go together: consent is given to someone for something");
            return null;
        }

        if (!Consent.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"error: --audience: '{audience}' is not one of {string.Join(", ", Consent.Audiences)}");
            return null;
        }

        if (!Consent.Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"error: --purpose: '{purpose}' is not one of {string.Join(", ", Consent.Purposes)}");
            return null;
        }

        return new Sharing(new ConsentScope(audience, purpose));
    }
}
