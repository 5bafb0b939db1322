using System.CommandLine;
using Dossier.Application.Access;
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

    public static string DatabaseOf(ParseResult result) =>
        result.GetValue(Database) ?? Environment.GetEnvironmentVariable(DatabaseVariable) ?? string.Empty;

    /// <summary>
    /// The one clock of the CLI: every command hands it to the services it calls (the web app registers its own
    /// TimeProvider; tests of the services pass fixed ones).
    /// </summary>
    public static TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>Whoever runs the CLI on the workspace files without a token: <c>local:LOGIN@HOST</c>.</summary>
    public static Principal LocalOperator { get; } = Principal.LocalOperator(Environment.UserName, Environment.MachineName);

    /// <summary>
    /// Who this command acts as: the account behind --token / DOSSIER_TOKEN, or else the local operator.
    /// Null, after printing why, when a token was given and refused.
    /// </summary>
    public static async Task<Principal?> PrincipalAsync(ParseResult result, IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var token = result.GetValue(AccountCommands.Token) ?? Environment.GetEnvironmentVariable(AccountCommands.TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            return LocalOperator;
        }

        var principal = await AccountCommands.Service(store).AuthenticateTokenAsync(token.Trim(), cancellationToken);
        if (principal is null)
        {
            Console.Error.WriteLine("error: the token was not accepted (unknown, revoked, expired, or its account is disabled)");
        }

        return principal;
    }

    /// <summary>
    /// The principal, if it may <paramref name="allowed"/>; else prints the refusal (naming what would
    /// allow it), writes an access.denied entry, and returns null.
    /// </summary>
    public static async Task<Principal?> PrincipalAsync(ParseResult result, IWorkspaceStore store, string what, Func<Principal, bool> allowed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (await PrincipalAsync(result, store, cancellationToken) is not { } principal)
        {
            return null;
        }

        if (allowed(principal))
        {
            return principal;
        }

        await new AuditTrail(store, CliOptions.Clock).DeniedAsync(principal, what, null, cancellationToken);
        Console.Error.WriteLine(principal.IsLocalOperator
            ? $"error: {what} needs an account with a role that may do it: pass --token or set {AccountCommands.TokenVariable} (docs/access-control.md)"
            : $"error: {what} is refused for the role {AccessPolicy.Name(principal.Role)} of '{principal.Name}' (docs/access-control.md)");
        return null;
    }

    /// <summary><see cref="PrincipalAsync(ParseResult, IWorkspaceStore, string, Func{Principal, bool}, CancellationToken)"/> for one operation of the policy table.</summary>
    public static Task<Principal?> PrincipalAsync(ParseResult result, IWorkspaceStore store, Operation operation, CancellationToken cancellationToken) =>
        PrincipalAsync(result, store, operation.ToString(), p => AccessPolicy.Can(p.Role, operation), cancellationToken);

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
