using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Spectre.Console;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>dossier list import|link|decide|status</c>: victim lists as sources in the workspace, linkage runs and
/// review decisions recorded in the ledger. Thin glue over <see cref="ListService"/>.
/// </summary>
internal static class ListCommands
{
    public static Command Create()
    {
        var command = new Command("list", "Victim lists in the workspace: import them as sources, link them (runs recorded in the ledger), decide uncertain pairs.")
        {
            Import(),
            Link(),
            Decide(),
            Status(),
            Roles(),
            Identify(),
        };
        return command;
    }

    private static Command Roles()
    {
        var list = new Argument<string>("LIST") { Description = "The list (its source id)." };
        var fields = new Option<string>("--fields") { Description = "The columns' linkage roles, as for import: ROLE=COLUMN,… e.g. given=first,family=surname,death-date=executed. Columns not named are ignored by linkage.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger (default: \"roles of LIST changed\")." };
        var command = new Command("roles", "Change the linkage roles of a list's columns after its import (a ledger entry); the rows stay as imported and the next `list link` uses the new roles.")
        {
            list, fields, reason,
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

            var id = result.GetValue(list)!;
            var changed = await new ListService(store, CliOptions.Clock).ChangeFieldsAsync(id, result.GetValue(fields)!, principal, result.GetValue(reason) ?? $"roles of {id} changed", cancellationToken);
            if (!changed.Ok)
            {
                return Problems(changed.Problems, "nothing was written");
            }

            Console.WriteLine($"Roles of {id}: {string.Join(", ", changed.Value!.Fields.Select(f => $"{f.Column} → {f.Role}"))}. Run `dossier list link` to link with them.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The list as CSV (UTF-8, header row, one row per person as listed) or an XLSX workbook (one sheet: --sheet)." };
        var sheet = new Option<string?>("--sheet") { Description = "The sheet of an XLSX workbook to read (default: the first)." };
        var source = new Option<string>("--source") { Description = "Id of the Source record this list comes from (created if absent); also the list's id.", Required = true };
        var name = new Option<string?>("--name") { Description = "The list's name (default: the source's title or the file name)." };
        var fields = new Option<string?>("--fields") { Description = "Linkage roles of columns: ROLE=COLUMN,… e.g. given=first,family=surname,birth-date=born. Default: detected from column names." };
        var id = new Option<string?>("--id") { Description = "The column holding each row's id (default: record_id, row_id or id; else the line number)." };
        var synthetic = new Option<bool>("--synthetic") { Description = "The list is invented (SYNTHETIC): every row is labelled so. Rows whose 'synthetic' column says SYNTHETIC are labelled anyway." };
        var reason = new Option<string?>("--reason") { Description = "Why the list is added; recorded in the ledger (default: \"import of FILE\")." };
        var command = new Command("import", "Import a victim list: a Source record (if new) and the list's rows as ledger entries, all or nothing. Bad input is named by file, line and column.")
        {
            file, source, name, fields, id, synthetic, sheet, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"error: {input.FullName}: no such file");
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = new ListService(store, CliOptions.Clock);
            var imported = await service.ImportAsync(new ListImportRequest
            {
                Csv = await File.ReadAllBytesAsync(input.FullName, cancellationToken),
                FileName = input.Name,
                Sheet = result.GetValue(sheet),
                SourceId = result.GetValue(source)!,
                Name = result.GetValue(name),
                Fields = result.GetValue(fields),
                IdColumn = result.GetValue(id),
                Synthetic = result.GetValue(synthetic),
            }, principal, result.GetValue(reason) ?? $"import of {input.Name}", cancellationToken);
            if (!imported.Ok)
            {
                return Problems(imported.Problems, "nothing was written");
            }

            var list = imported.Value!;
            Console.WriteLine($"Imported list '{list.ListId}' ({list.Name}): {list.RowCount:N0} rows{(list.Synthetic ? ", SYNTHETIC" : string.Empty)}, ledger entry #{list.ImportedSequence}.");
            Console.WriteLine($"Linkage fields: {string.Join(", ", list.Fields.Where(f => f.Role != "ignore").Select(f => $"{f.Column} ({f.Role})"))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Link()
    {
        var lists = new Option<string?>("--lists") { Description = "Comma-separated list ids to link (default: every list in the workspace)." };
        var threshold = new Option<double>("--threshold") { Description = "Match probability at or above which two rows are one person (0–1).", DefaultValueFactory = _ => 0.5 };
        var review = new Option<string>("--review") { Description = "LOW,HIGH: pairs with a probability in [LOW, HIGH) go to the review queue.", DefaultValueFactory = _ => "0.1,0.9" };
        var seed = new Option<int>("--seed") { Description = "Seed for the random pairs that estimate u.", DefaultValueFactory = _ => new LinkRequest().Seed };
        var reason = new Option<string?>("--reason") { Description = "Why the lists are linked; recorded in the ledger." };
        var noListGuard = new Option<bool>("--no-list-guard")
        {
            Description = "Pool the lists as one file: do not compare which list a row is on, and let one person hold two rows of one list when the two do not match as a pair (ADR 1827, 1832).",
        };
        var command = new Command("link", "Link the workspace's lists with the Fellegi–Sunter engine and record the run (parameters, m/u, EM, clusters, review queue) in the ledger.")
        {
            lists, threshold, review, seed, reason, noListGuard,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var band = (result.GetValue(review) ?? string.Empty).Split(',');
            if (band.Length != 2
                || !double.TryParse(band[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(band[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
            {
                Console.Error.WriteLine("usage error: --review takes LOW,HIGH, e.g. 0.1,0.9");
                return ExitCodes.Usage;
            }

            var t = result.GetValue(threshold);
            if (t is <= 0 or > 1 || low < 0 || high > 1 || low > high)
            {
                Console.Error.WriteLine("usage error: need 0 < --threshold ≤ 1 and 0 ≤ LOW ≤ HIGH ≤ 1");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = new ListService(store, CliOptions.Clock);
            var request = new LinkRequest
            {
                Lists = result.GetValue(lists)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Threshold = t,
                ReviewLower = low,
                ReviewUpper = high,
                Seed = result.GetValue(seed),
                ListGuard = !result.GetValue(noListGuard),
            };
            var run = await StageProgress.RunAsync(report => service.LinkAsync(request, principal, result.GetValue(reason) ?? "linkage of the workspace's lists",
                new StageProgress.Relay<Dossier.Linkage.LinkageProgress>(p => report(p.Stage, p.Fraction)), cancellationToken));
            if (!run.Ok)
            {
                return Problems(run.Problems, "no run was recorded");
            }

            var r = run.Value!;
            Console.WriteLine($"Linkage run recorded as ledger entry #{r.Sequence}: {r.Rows:N0} rows of {string.Join(", ", r.Lists)} → {r.Clusters:N0} people; {r.ReviewPairs:N0} uncertain pair(s) in the review queue{(r.Synthetic ? " (SYNTHETIC rows)" : string.Empty)}.");
            if (r.Rows > 1 && r.Clusters == r.Rows && r.ReviewPairs == 0)
            {
                // Nothing linked at all is rarely the truth about real lists; most often the lists share no compared field.
                Console.Error.WriteLine("warning: this run linked no two rows and left nothing to review. Check that the lists share a compared field "
                    + "(`dossier list status` shows each column's role).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // Lists and linkage runs are internal working material: whoever may write internal records may add them.
    private static Command Decide()
    {
        var a = new Argument<string>("ROW_A") { Description = "A row as LIST/ROW." };
        var b = new Argument<string>("ROW_B") { Description = "The other row as LIST/ROW." };
        var verdict = new Argument<string>("DECISION") { Description = "accept (same person) or reject (different people)." };
        var reason = new Option<string>("--reason") { Description = "Why: required, recorded in the ledger.", Required = true };
        var command = new Command("decide", "Decide whether two rows are the same person; the decision is a ledger entry and changes the current clusters.")
        {
            a, b, verdict, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            LinkageVerdict? chosen = result.GetValue(verdict) switch { "accept" => LinkageVerdict.Accept, "reject" => LinkageVerdict.Reject, _ => null };
            if (chosen is null)
            {
                Console.Error.WriteLine("usage error: DECISION is accept or reject");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var service = new ListService(store, CliOptions.Clock);
            var decided = await service.DecideAsync(result.GetValue(a)!, result.GetValue(b)!, chosen.Value, principal, result.GetValue(reason), cancellationToken);
            if (!decided.Ok)
            {
                return Problems(decided.Problems, "nothing was written");
            }

            var cluster = await service.Lists.ClusterOfAsync(decided.Value!.A, cancellationToken);
            Console.WriteLine($"Decision recorded as ledger entry #{decided.Value.Sequence}. {decided.Value.A} is now in a cluster of {cluster?.Rows.Count ?? 1} row(s): {string.Join(", ", cluster?.Rows.Select(r => r.Key) ?? [])}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Identify()
    {
        var row = new Argument<string?>("ROW") { Description = "A row as LIST/ROW; its whole current cluster becomes the person.", Arity = ArgumentArity.ZeroOrOne };
        var settled = new Option<bool>("--settled") { Description = "Instead of ROW: make every settled cluster a new person, in one append (not those with a pair still in the review queue, nor rows already identified)." };
        var person = new Option<string?>("--person") { Description = "Join the rows to this existing person record instead of creating one." };
        var id = new Option<string?>("--id") { Description = "Id of the new person record (default: victim-LIST-ROW, syn-victim-… for invented rows)." };
        var classification = new Option<string>("--classification") { Description = "Classification of the new record: public, internal or restricted.", DefaultValueFactory = _ => "internal" };
        var reason = new Option<string>("--reason") { Description = "Why: required, recorded in the ledger.", Required = true };
        var command = new Command("identify", "Make a linked cluster of list rows one person record (new, or joined to --person), or every settled cluster (--settled); every row stays a source of that person.")
        {
            row, settled, person, id, classification, reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (!Classifications.TryParse(result.GetValue(classification), out var chosen))
            {
                Console.Error.WriteLine($"usage error: --classification is one of {string.Join(", ", Classifications.All)}");
                return ExitCodes.Usage;
            }

            var all = result.GetValue(settled);
            if (all == (result.GetValue(row) is not null) || (all && (result.GetValue(person) is not null || result.GetValue(id) is not null)))
            {
                Console.Error.WriteLine("usage error: give either ROW (with --person or --id if wanted) or --settled");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            if (all)
            {
                var made = await new ListService(store, CliOptions.Clock).IdentifySettledAsync(chosen, principal, result.GetValue(reason), cancellationToken);
                if (!made.Ok)
                {
                    return Problems(made.Problems, "nothing was written");
                }

                var value = made.Value!;
                Console.WriteLine($"Created {value.Made.Count:N0} person record(s) from settled clusters ({value.Made.Count(m => m.Rows[0].Synthetic):N0} SYNTHETIC). " +
                    $"Left alone: {value.LeftUncertain:N0} with a pair still to review, {value.LeftIdentified:N0} already identified, {value.LeftMixed:N0} mixing invented and real rows.");
                foreach (var cluster in value.Made.Take(10))
                {
                    Console.WriteLine($"  {cluster.PersonId}: {string.Join(", ", cluster.Rows.Select(r => r.Key))}");
                }

                return ExitCodes.Ok;
            }

            var request = new IdentifyRequest(result.GetValue(row)!) { PersonId = result.GetValue(person), NewPersonId = result.GetValue(id), Classification = chosen };
            var identified = await new ListService(store, CliOptions.Clock).IdentifyAsync(request, principal, result.GetValue(reason), cancellationToken);
            if (!identified.Ok)
            {
                return Problems(identified.Problems, "nothing was written");
            }

            var done = identified.Value!;
            var synthetic = done.Person.Record.Synthetic ? " (SYNTHETIC)" : string.Empty;
            Console.WriteLine($"{(done.Created ? "Created" : "Joined")} the person {done.Person.Id}{synthetic}, \"{done.Person.Record.Label}\", from {done.Rows.Count} row(s): " +
                $"{string.Join(", ", done.Rows.Select(r => r.Key))} (ledger entry #{done.Sequence}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Show the workspace's lists, the current linkage run and the open review queue.");
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var service = new ListService(store, CliOptions.Clock);
            var table = new Table().AddColumns("list", "name", "rows", "source", "synthetic");
            foreach (var list in await service.Lists.ListsAsync(cancellationToken))
            {
                table.AddRow(Markup.Escape(list.ListId), Markup.Escape(list.Name), list.RowCount.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(list.SourceId), list.Synthetic ? "SYNTHETIC" : "");
            }

            Terminal.Out.Write(table);
            var run = await service.Lists.LatestRunAsync(cancellationToken);
            if (run is null)
            {
                Console.WriteLine("No linkage run yet: `dossier list link`.");
                return ExitCodes.Ok;
            }

            var open = await service.ReviewQueueAsync(includeDecided: false, cancellationToken);
            var decisions = await service.Lists.DecisionsAsync(cancellationToken);
            var clusters = (await service.Lists.ClustersAsync(cancellationToken)).Values.Distinct(StringComparer.Ordinal).Count();
            Console.WriteLine($"Current linkage run #{run.Sequence} ({string.Join(", ", run.Lists)}): {run.Rows:N0} rows → {clusters:N0} people now ({run.Clusters:N0} as run), {decisions.Count} decision(s), {open.Count} pair(s) still to review.");
            foreach (var item in open.Take(10))
            {
                Console.WriteLine($"  {item.Pair.A} ~ {item.Pair.B}  p = {item.Pair.Probability.ToString("0.000", CultureInfo.InvariantCulture)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Problems(IReadOnlyList<ListProblem> problems, string outcome)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        Console.Error.WriteLine($"({outcome})");
        return ExitCodes.Failed;
    }
}

/// <summary>Capture histories for <c>dossier estimate</c> without --input: the workspace's current clusters × lists.</summary>
internal static class WorkspaceEstimate
{
    public static async Task<WorkspaceHistories?> HistoriesAsync(ParseResult result, string? lists, string? strata, CancellationToken cancellationToken)
    {
        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        var service = new ListService(store, CliOptions.Clock);
        var derived = await service.HistoriesAsync(lists?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), strata, cancellationToken);
        if (!derived.Ok)
        {
            foreach (var problem in derived.Problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return null;
        }

        var h = derived.Value!;
        Console.WriteLine($"Capture histories from the workspace: {h.People:N0} people (clusters of linkage run #{h.LinkageRun} with {h.Decisions} decision(s)) on lists {string.Join(", ", h.Lists)}{(h.Synthetic ? " — SYNTHETIC rows: the figures describe invented people" : string.Empty)}.");
        foreach (var group in h.StrataGroups)
        {
            // Read across scripts and spellings, as names are: say which values were taken as one stratum.
            Console.WriteLine($"Stratum '{group.Stratum}' ({h.StrataColumn}) groups the spellings {string.Join(", ", group.Spellings.Select(s => $"'{s}'"))}.");
        }
        return h;
    }

    /// <summary>Draws clusterings from the linkage run the histories came from and estimates each (progress on stderr); null when the run cannot be read.</summary>
    public static async Task<LinkagePropagationResult?> PropagateAsync(ParseResult result, WorkspaceHistories histories, Dossier.Estimation.EstimationReport plugIn,
        Dossier.Estimation.EstimationRequest request, int samples, ulong seed, TimeSpan budget, CancellationToken cancellationToken)
    {
        LinkageSpace? space;
        await using (var store = await CliOptions.OpenStoreAsync(result, cancellationToken))
        {
            space = await LinkagePropagation.SpaceAsync(store, histories.Lists, histories.LinkageRun, histories.LedgerSize, ClusteringDraw.Guarded, histories.StrataColumn, cancellationToken);
        }

        if (space is null)
        {
            Console.Error.WriteLine($"error: linkage run #{histories.LinkageRun} cannot be read from the ledger");
            return null;
        }

        Console.Error.WriteLine($"Linkage uncertainty: drawing up to {samples} clusterings from {space.Sampler.Uncertain:N0} uncertain pair(s) of linkage run #{histories.LinkageRun} ({space.Sampler.Decided} decision(s) fixed), within {budget.TotalSeconds:N0} s…");
        return LinkagePropagation.Run(space, plugIn.Overall, histories.People, plugIn.Strata, plugIn.StratifiedTotal, request, plugIn.Source, samples, seed, budget, CliOptions.Clock,
            (done, of) => Console.Error.WriteLine($"  sample {done}/{of}"), cancellationToken);
    }
}
