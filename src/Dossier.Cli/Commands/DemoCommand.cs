using System.CommandLine;
using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Domain;
using Dossier.Storage;
using Dossier.Synthesis;
using Dossier.Text;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>demo</c>: builds a fresh workspace holding the Noury case (demo/noury-case.yaml, from FACTS.md) and
/// synthetic victim lists, then serves it.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultFolder = "demo-workspace";

    /// <summary>Marks a folder as a demo workspace, whose database and vault `dossier demo` may delete and rebuild.</summary>
    public const string MarkerFile = ".dossier-demo";

    public static Command Create()
    {
        var noServe = new Option<bool>("--no-serve") { Description = "Build the demo workspace and exit." };
        var command = new Command("demo", $"Build a demo workspace (the Noury case and clearly labelled synthetic victim lists) in ./{DefaultFolder} or --workspace, then serve it on 127.0.0.1.")
        {
            noServe,
            ServeCommand.Port,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var explicitFolder = result.GetResult(CliOptions.Workspace) is { Implicit: false };
            var folder = explicitFolder ? result.GetValue(CliOptions.Workspace)!.FullName : Path.GetFullPath(DefaultFolder);
            var database = CliOptions.DatabaseOf(result);
            if (database.Length > 0)
            {
                Console.Error.WriteLine("error: the demo builds its own SQLite workspace; leave out --database and DOSSIER_DATABASE.");
                return ExitCodes.Usage;
            }

            // Only a new or empty folder, or one an earlier `dossier demo` made (it holds the marker), is built in.
            var marked = File.Exists(Path.Combine(folder, MarkerFile));
            if (!marked && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Console.Error.WriteLine($"error: {folder} is not empty and was not made by `dossier demo`, so the demo will not build there "
                    + "(it never replaces a workspace or files it did not make). Choose a new or empty folder with --workspace.");
                return ExitCodes.Usage;
            }

            if (marked)
            {
                Console.WriteLine($"Rebuilding the demo workspace in {folder} (made by an earlier `dossier demo`): its database and evidence files are replaced; other files there are left alone.");
                // Pooled connections would keep the old file alive under the new one.
                WorkspaceStores.ReleaseSqliteFiles();
                var sqlite = Path.Combine(folder, WorkspaceStores.SqliteFileName);
                foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                {
                    File.Delete(sqlite + suffix);
                }

                var blobs = Path.Combine(folder, "blobs");
                if (Directory.Exists(blobs))
                {
                    // Vault files are read-only by design; the demo's own may go with its database.
                    foreach (var file in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
                    {
                        File.SetAttributes(file, FileAttributes.Normal);
                    }

                    Directory.Delete(blobs, recursive: true);
                }
            }

            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, MarkerFile), "This folder was made by `dossier demo` and is rebuilt by it.\n", cancellationToken);
            await using var store = await WorkspaceStores.OpenAsync(folder, null, cancellationToken);
            WorkspaceKey.EnsureCreated(folder);
            var built = await DemoWorkspace.BuildAsync(store, TimeProvider.System, Console.Out, cancellationToken, Application.Protection.MasterKeyStore.ForWorkspace(folder));
            if (built != ExitCodes.Ok)
            {
                return built;
            }

            DemoAccounts.Print(await DemoAccounts.CreateAsync(store, cancellationToken), Console.Out);
            var head = await store.GetTreeHeadAsync(cancellationToken);
            Console.WriteLine($"Demo workspace ready in {folder}: {head.Size} ledger entries, root {head.RootHex}");
            return result.GetValue(noServe) ? ExitCodes.Ok : await ServeCommand.RunAsync(store, result.GetValue(ServeCommand.Port), Application.Protection.MasterKeyStore.ForWorkspace(folder), cancellationToken);
        });
        return command;
    }
}

/// <summary>Fills a workspace with the demo case. Shared by the command and the tests.</summary>
internal static class DemoWorkspace
{
    public const string CaseResource = "Dossier.Demo.noury-case.yaml";

    /// <remarks>The case file's invented protected witnesses are sealed under <paramref name="keys"/> (default: a key held only in memory).</remarks>
    public static async Task<int> BuildAsync(IWorkspaceStore store, TimeProvider time, TextWriter log, CancellationToken cancellationToken, Application.Protection.MasterKeyStore? keys = null)
    {
        var service = new WorkspaceService(store, time);
        // The demo builder seals its invented witnesses, which takes a role that may write protected-identity
        // records; it is named "dossier demo" (not an account name: those have no spaces).
        var builder = new Principal("dossier demo", Role.Investigator);
        await using var stream = typeof(DemoWorkspace).Assembly.GetManifestResourceStream(CaseResource)
            ?? throw new InvalidOperationException($"The demo case {CaseResource} is missing from this build.");
        var temporary = Path.Combine(Path.GetTempPath(), $"dossier-demo-{Guid.NewGuid():N}.yaml");
        try
        {
            await using (var file = File.Create(temporary))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            var errors = await WorkspaceExchange.ImportAsync(service, temporary, builder, "demo case built from FACTS.md", cancellationToken, DemoProtection(store, time, keys));
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"error: demo case: {error}");
            }

            if (errors.Count > 0)
            {
                return ExitCodes.Failed;
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        await log.WriteLineAsync("Imported the Noury case.");
        var lists = await SyntheticListsAsync(service, cancellationToken);
        if (lists.Count > 0)
        {
            foreach (var error in lists)
            {
                await Console.Error.WriteLineAsync($"error: synthetic lists: {error}");
            }

            return ExitCodes.Failed;
        }

        await log.WriteLineAsync("Added three SYNTHETIC victim lists (invented people, for linkage and estimation).");
        return await LinkedListsAsync(store, time, log, cancellationToken);
    }

    /// <summary>The same lists as workspace lists: imported, linked (review queue left open) and estimated from (docs/user-guide.md).</summary>
    private static async Task<int> LinkedListsAsync(IWorkspaceStore store, TimeProvider time, TextWriter log, CancellationToken cancellationToken)
    {
        var problems = await DemoLists.BuildAsync(store, time, ListSourceId, log, cancellationToken);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"error: demo lists: {problem}");
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static Application.Protection.ProtectionService DemoProtection(IWorkspaceStore store, TimeProvider time, Application.Protection.MasterKeyStore? keys) =>
        new(store, keys ?? Application.Protection.MasterKeyStore.InMemory(Application.Protection.MasterKey.Generate()), time);

    /// <summary>The massacre event the synthetic list rows are attached to (from demo/noury-case.yaml).</summary>
    public const string MassacreEventId = "massacre-1988";

    /// <summary>
    /// Three overlapping lists of invented victims, generated with a fixed seed so every demo is the same.
    /// Each list is a synthetic source; each row a synthetic person with a killing act on the massacre
    /// event. Nothing here is a real person, and every record says so.
    /// </summary>
    private static async Task<IReadOnlyList<ValidationError>> SyntheticListsAsync(WorkspaceService service, CancellationToken cancellationToken)
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 600 }, seed: 1367);
        var records = new List<Record>();
        foreach (var list in SyntheticPresets.ThreeLists)
        {
            records.Add(new Source
            {
                Id = ListSourceId(list.ListId),
                Title = $"SYNTHETIC victim list “{list.ListId}” (generated for the demo)",
                Type = "victim-list",
                Provenance = "Generated by `dossier demo` from invented names; not a real list and not real people.",
                Reliability = Reliability.F,
                Synthetic = true,
            });
        }

        foreach (var row in ListSampler.Sample(population, SyntheticPresets.ThreeLists, seed: 1988))
        {
            var personId = $"syn-{row.RecordId}";
            var names = new List<PersonName>();
            void Add(string text, NameKind kind)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    names.Add(new PersonName(text, NameNormalizer.DetectScript(text) == Script.Latin ? "Latn" : "Arab", kind));
                }
            }

            Add($"{row.GivenName} {row.FamilyName}".Trim(), NameKind.Full);
            Add(row.GivenName, NameKind.Given);
            Add(row.FamilyName, NameKind.Family);
            Add(row.FatherName, NameKind.Father);
            FuzzyDate? born = FuzzyDate.TryParse(row.BirthYear, out var birthYear, out _) ? birthYear : null;
            var diedKnown = FuzzyDate.TryParse(row.DeathDate, out var died, out _);
            var notes = $"SYNTHETIC row {row.RecordId} of list “{row.ListId}”; city {Or(row.City)}, prison {Or(row.Prison)}, date of death as listed: {Or(row.DeathDate)}.";
            records.Add(new Person
            {
                Id = personId,
                Names = names.Count > 0 ? names : [new PersonName("(name not listed)", "Latn", NameKind.Full)],
                Sex = row.Sex switch { "f" or "F" or "female" => Sex.Female, "m" or "M" or "male" => Sex.Male, _ => Sex.Unknown },
                Born = born,
                Died = diedKnown ? died : null,
                Sources = [ListSourceId(row.ListId)],
                Synthetic = true,
                Notes = notes,
            });
            records.Add(new Act
            {
                Id = personId + "-killing",
                VictimId = personId,
                Violation = "killing",
                EventId = MassacreEventId,
                Date = diedKnown ? died : null,
                Sources = [ListSourceId(row.ListId)],
                Synthetic = true,
            });
        }

        return await service.CreateManyAsync(records, new Actor("dossier demo", "SYNTHETIC victim lists for the demo (invented people)"), 500, cancellationToken);
    }

    private static string ListSourceId(string listId) => $"syn-list-{listId}";

    private static string Or(string text) => text.Length == 0 ? "not listed" : text;
}
