using System.CommandLine;
using Dossier.Cli.Commands;
using Dossier.Storage;

namespace Dossier.Cli;

/// <summary>The root <c>dossier</c> command: every subcommand is registered here.</summary>
internal static class DossierCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Dossier: evidence records for atrocity documentation and universal-jurisdiction cases.\n"
            + "Every change is a ledger entry; `dossier verify` proves nothing was altered.");
        root.Options.Add(CliOptions.Workspace);
        root.Options.Add(CliOptions.Database);
        root.Subcommands.Add(WorkspaceCommands.Init());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WorkspaceCommands.Import());
        root.Subcommands.Add(WorkspaceCommands.Export());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        root.Subcommands.Add(QueryCommands.Search());
        root.Subcommands.Add(QueryCommands.Show());
        root.Subcommands.Add(LedgerCommands.Verify());
        root.Subcommands.Add(LedgerCommands.Rebuild());
        root.Subcommands.Add(CheckpointCommands.Checkpoint());
        root.Subcommands.Add(KeyCustodyCommands.WithCustody(IdentityCommands.WithRotate(CheckpointCommands.Key())));
        root.Subcommands.Add(EvidenceCommands.Evidence());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(SuggestionCommands.Create());
        root.Subcommands.Add(EstimateCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(LinkCommand.Create());
        root.Subcommands.Add(DedupeCommand.Create());
        root.Subcommands.Add(TestimonyCommand.Create());
        root.Subcommands.Add(CaseCommands.Create());
        root.Subcommands.Add(PersonFileCommand.Create());
        root.Options.Add(AccountCommands.Token);
        root.Subcommands.Add(AccountCommands.User());
        root.Subcommands.Add(AccountCommands.Tokens());
        root.Subcommands.Add(AccountCommands.Audit());
        root.Subcommands.Add(IdentityCommands.Identity());
        root.Subcommands.Add(IdentityCommands.EraseIdentity());
        root.Subcommands.Add(ListCommands.Create());
        HelpNotes.Install(root);
        return root;
    }

    public static int Run(string[] args)
    {
        var result = Create().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Try `dossier --help`.");
            return ExitCodes.Usage;
        }

        try
        {
            return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (DatabaseUnavailableException exception)
        {
            // Not a bug: the server is down, the port closed, or the user or database refused. Say which.
            Console.Error.WriteLine($"error: {exception.Message}");
            Console.Error.WriteLine("Nothing was done. Check --database (or $" + CliOptions.DatabaseVariable + ").");
            return ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A file or folder the command needed was missing, full or not allowed: the environment, not a bug.
            Console.Error.WriteLine($"error: {exception.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stopped on request (128 + SIGINT, as a shell reports it).
            return 130;
        }
        catch (Exception exception)
        {
            // What System.CommandLine's default handler printed: a real bug keeps its stack trace.
            Console.Error.WriteLine($"Unhandled exception: {exception}");
            return ExitCodes.Failed;
        }
    }
}
