using System.CommandLine;
using Dossier.Demo;
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
            using var signer = WorkspaceKey.Load(folder);
            var built = await DemoWorkspace.BuildAsync(store, CliOptions.Clock, Console.Out, cancellationToken, Application.Protection.MasterKeyStore.ForWorkspace(folder), signer);
            if (built != ExitCodes.Ok)
            {
                return built;
            }

            DemoAccounts.Print(await DemoAccounts.CreateAsync(AccountCommands.Service(store), cancellationToken), Console.Out);
            var head = await store.GetTreeHeadAsync(cancellationToken);
            Console.WriteLine($"Demo workspace ready in {folder}: {head.Size} ledger entries, root {head.RootHex}");
            return result.GetValue(noServe) ? ExitCodes.Ok : await ServeCommand.RunAsync(store, result.GetValue(ServeCommand.Port), Application.Protection.MasterKeyStore.ForWorkspace(folder), cancellationToken);
        });
        return command;
    }
}
