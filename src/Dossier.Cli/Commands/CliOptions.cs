using System.CommandLine;
using Dossier.Application.Workspace;
using Dossier.Storage;

namespace Dossier.Cli.Commands;

/// <summary>Exit codes every command uses.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Validation or verification failed: bad input, or the ledger does not verify.</summary>
    public const int Failed = 1;
    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}

/// <summary>Options shared by every command, and opening the workspace they name.</summary>
internal static class CliOptions
{
    public const string DatabaseVariable = "DOSSIER_DATABASE";

    public static readonly Option<DirectoryInfo> Workspace = new("--workspace", "-w")
    {
        Description = "The workspace folder (default: the current folder).",
        Recursive = true,
        DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = $"A PostgreSQL connection string (\"Host=...;Database=...;Username=...\" or postgres://...). Default: ${DatabaseVariable}, else the SQLite file dossier.db in the workspace.",
        Recursive = true,
    };

    public static readonly Option<string?> ActorName = new("--actor")
    {
        Description = "Who is making the change, recorded in the ledger (default: the login name).",
        Recursive = true,
    };

    public static string DatabaseOf(ParseResult result) =>
        result.GetValue(Database) ?? Environment.GetEnvironmentVariable(DatabaseVariable) ?? string.Empty;

    public static string ActorOf(ParseResult result) => result.GetValue(ActorName) ?? Environment.UserName;

    public static async Task<IWorkspaceStore> OpenStoreAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var directory = result.GetValue(Workspace)!;
        var database = DatabaseOf(result);
        return await WorkspaceStores.OpenAsync(directory.FullName, database.Length == 0 ? null : database, cancellationToken);
    }

    /// <summary>True when the workspace already holds a ledger this command can use without creating one.</summary>
    public static bool WorkspaceExists(ParseResult result) =>
        DatabaseOf(result).Length > 0 || File.Exists(Path.Combine(result.GetValue(Workspace)!.FullName, WorkspaceStores.SqliteFileName));

    public static int NoWorkspace(ParseResult result)
    {
        Console.Error.WriteLine($"error: no workspace in {result.GetValue(Workspace)!.FullName}: run `dossier init` there first, or pass --workspace DIR or --database.");
        return ExitCodes.Usage;
    }
}
