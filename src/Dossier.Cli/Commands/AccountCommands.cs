using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Web.Security;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>user</c>, <c>token</c> and <c>audit</c>: accounts for the web app and the API. Without a token the
/// CLI acts as the local operator of the workspace files, who may make the first admin; after that,
/// accounts are managed with an admin's API token.
/// </summary>
internal static class AccountCommands
{
    public const string TokenVariable = "DOSSIER_TOKEN";

    public static readonly Option<string?> Token = new("--token")
    {
        Description = $"An API token of the account you act as (default: ${TokenVariable}). Needed where a role is required.",
        Recursive = true,
    };

    /// <summary>The account behind --token / DOSSIER_TOKEN, or an error message.</summary>
    public static async Task<(Principal? Principal, string? Error)> ResolvePrincipalAsync(ParseResult result, IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var token = result.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, $"this command acts with a role: pass --token or set {TokenVariable} to an API token of your account (`dossier token add NAME`)");
        }

        var principal = await Service(store).AuthenticateTokenAsync(token.Trim(), cancellationToken);
        return principal is null ? (null, "the token was not accepted (unknown, revoked, expired, or its account is disabled)") : (principal, null);
    }

    public static AccountService Service(IWorkspaceStore store) =>
        new(store.Accounts, store, new IdentityPasswordHashing(), CliOptions.Clock);

    public static Command User()
    {
        var command = new Command("user", "Accounts of the web app and API: add, list, disable, enable, reset a second factor, change role.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Disable());
        command.Subcommands.Add(Enable());
        command.Subcommands.Add(ResetSecondFactor());
        command.Subcommands.Add(ChangeRole());
        return command;
    }

    public static Command Tokens()
    {
        var command = new Command("token", "API tokens for the CLI and API clients (shown once; only their hashes are kept).");
        var name = new Argument<string>("NAME") { Description = "The account." };
        var label = new Option<string>("--label") { Description = "What the token is for.", DefaultValueFactory = _ => "cli" };
        var days = new Option<int>("--days") { Description = "Days until it expires.", DefaultValueFactory = _ => 90 };
        var add = new Command("add", "Issue an API token for an account and print it once.") { name, label, days };
        add.SetAction((result, cancellationToken) => AsManagerAsync(result, "token add", async (store, by) =>
        {
            if (result.GetValue(days) is < 1 or > 3650)
            {
                Console.Error.WriteLine("error: --days must be between 1 and 3650");
                return ExitCodes.Usage;
            }

            var (token, error) = await Service(store).CreateTokenAsync(result.GetValue(name)!, result.GetValue(label)!, TimeSpan.FromDays(result.GetValue(days)), by.Name, cancellationToken);
            if (token is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(token);
            Console.Error.WriteLine($"This token is shown only now. Use it with --token or {TokenVariable}, or as 'Authorization: Bearer …' with the API.");
            return ExitCodes.Ok;
        }, cancellationToken));
        var prefix = new Argument<string>("TOKEN-ID") { Description = "The token's id (the first characters of its hash, as `token list` shows)." };
        var revoke = new Command("revoke", "Revoke one of an account's tokens.") { name, prefix };
        revoke.SetAction((result, cancellationToken) => AsManagerAsync(result, "token revoke", async (store, by) =>
            await ReportAsync(store, await Service(store).RevokeTokenAsync(result.GetValue(name)!, result.GetValue(prefix)!, by.Name, cancellationToken),
                $"Revoked token {result.GetValue(prefix)} of account '{result.GetValue(name)}'", cancellationToken), cancellationToken));
        var list = new Command("list", "List an account's tokens (ids, labels, dates; never the tokens).") { name };
        list.SetAction((result, cancellationToken) => AsAuditorAsync(result, async store =>
        {
            foreach (var token in await store.Accounts.ListTokensAsync(result.GetValue(name)!, cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{token.Digest[..12]}  {token.Label,-16} created {token.CreatedAt:yyyy-MM-dd}  {(token.Revoked ? "revoked" : token.ExpiresAt is { } e ? $"expires {e:yyyy-MM-dd}" : "no expiry")}"));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    public static Command Audit()
    {
        var by = new Option<string?>("--by") { Description = "Only entries by this actor: an account name, or local:LOGIN@HOST for the local operator." };
        var type = new Option<string?>("--type") { Description = "Only this entry type, or a family: access, access.read, access.denied, account, token, identity." };
        var target = new Option<string?>("--target") { Description = "Only entries about this record id, pseudonym or account." };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this UTC date or time (e.g. 2026-11-01)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "List the audit trail: reads of restricted and protected records, exports, refusals, sign-ins, account and identity changes.") { by, type, target, since, limit };
        command.SetAction((result, cancellationToken) => AsAuditorAsync(result, async store =>
        {
            DateTimeOffset? from = null;
            if (result.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    Console.Error.WriteLine($"error: --since: '{text}' is not a date or time (use e.g. 2026-11-01 or 2026-11-01T12:00Z)");
                    return ExitCodes.Usage;
                }

                from = parsed;
            }

            var rows = await store.Audit.QueryAuditAsync(
                new AuditFilter(result.GetValue(by), result.GetValue(type), from, null, result.GetValue(target), result.GetValue(limit)), cancellationToken);
            foreach (var row in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Sequence,8}  {row.Time:yyyy-MM-dd HH:mm:ss}Z  {row.Type,-22} {row.Actor,-16} {row.Target ?? "-",-24} {row.Reason}"));
            }

            Console.Error.WriteLine($"{rows.Count} entries");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "Account name: lower-case letters, digits, '.', '_', '-'." };
        var role = RoleOption();
        var reason = new Option<string>("--reason") { Description = "Why the account is made (kept in the ledger).", DefaultValueFactory = _ => "account added" };
        var withToken = new Option<bool>("--with-token") { Description = "Also issue an API token for the new account and print it once (how the first admin gets one for the CLI)." };
        var command = new Command("add", "Add an account; its one-time password is printed once. At first sign-in the person replaces it with their own and sets up a TOTP authenticator. "
            + "Without --token this works only while the workspace has no active admin: it makes the first one.") { name, role, reason, withToken };
        command.SetAction((result, cancellationToken) => AsManagerAsync(result, "user add", async (store, by) =>
        {
            if (!AccessPolicy.TryParse(result.GetValue(role), out var parsed))
            {
                return BadRole(result.GetValue(role));
            }

            var (account, password, error) = await Service(store).AddAsync(result.GetValue(name)!, parsed, by.Name, result.GetValue(reason)!, cancellationToken);
            if (account is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{account.Name} ({AccessPolicy.Name(account.Role)}) one-time password: {password}");
            if (result.GetValue(withToken))
            {
                var (token, tokenError) = await Service(store).CreateTokenAsync(account.Name, "cli", TimeSpan.FromDays(90), by.Name, cancellationToken);
                Console.WriteLine(token is null ? $"no token: {tokenError}" : $"{account.Name} API token: {token}");
            }

            Console.Error.WriteLine("The password is shown only now. Give it by a safe channel; at first sign-in the person enrols an authenticator app.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List accounts with their roles and state.");
        command.SetAction((result, cancellationToken) => AsAuditorAsync(result, async store =>
        {
            foreach (var account in await store.Accounts.ListAccountsAsync(cancellationToken))
            {
                Console.WriteLine($"{account.Name,-20} {AccessPolicy.Name(account.Role),-12} {(account.TotpSecret is null ? "no second factor yet" : "TOTP enrolled"),-20} {(account.Disabled ? "disabled" : "active")}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Disable()
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("disable", "Disable an account: no more sign-ins or token use. The account and its history are kept.") { name, reason };
        command.SetAction((result, cancellationToken) => AsManagerAsync(result, "user disable", async (store, by) =>
        {
            var account = result.GetValue(name)!;
            var error = await Service(store).DisableAsync(account, by.Name, result.GetValue(reason)!, cancellationToken);
            return await ReportAsync(store, error, $"Disabled account '{account}': it can no longer sign in or use its API tokens; its history is kept", cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static Command Enable()
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("enable", "Enable a disabled account again (its tokens work again unless revoked or expired).") { name, reason };
        command.SetAction((result, cancellationToken) => AsManagerAsync(result, "user enable", async (store, by) =>
            await ReportAsync(store, await Service(store).EnableAsync(result.GetValue(name)!, by.Name, result.GetValue(reason)!, cancellationToken),
                $"Enabled account '{result.GetValue(name)}' again", cancellationToken), cancellationToken));
        return command;
    }

    private static Command ResetSecondFactor()
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("reset-second-factor", "Remove an account's authenticator and recovery codes (a lost phone); it enrols again at the next sign-in. Its sessions end.") { name, reason };
        command.SetAction((result, cancellationToken) => AsManagerAsync(result, "user reset-totp", async (store, by) =>
            await ReportAsync(store, await Service(store).ResetSecondFactorAsync(result.GetValue(name)!, by.Name, result.GetValue(reason)!, cancellationToken),
                $"Reset the second factor of account '{result.GetValue(name)}': it enrols again at the next sign-in", cancellationToken), cancellationToken));
        return command;
    }

    private static Command ChangeRole()
    {
        var name = new Argument<string>("NAME");
        var role = RoleOption();
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("role", "Change an account's role.") { name, role, reason };
        command.SetAction((result, cancellationToken) => AsManagerAsync(result, "user role", async (store, by) =>
        {
            if (!AccessPolicy.TryParse(result.GetValue(role), out var parsed))
            {
                return BadRole(result.GetValue(role));
            }

            var account = result.GetValue(name)!;
            var before = await store.Accounts.GetAccountAsync(account, cancellationToken);
            var error = await Service(store).ChangeRoleAsync(account, parsed, by.Name, result.GetValue(reason)!, cancellationToken);
            var change = before is null || before.Role == parsed
                ? $"is {AccessPolicy.Name(parsed)} (it already was)"
                : $"changed from {AccessPolicy.Name(before.Role)} to {AccessPolicy.Name(parsed)}";
            return await ReportAsync(store, error, $"Role of account '{account}' {change}", cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static Option<string> RoleOption() => new("--role")
    {
        Description = "viewer, analyst, investigator, legal or admin (docs/access-control.md says what each may do).",
        Required = true,
    };

    private static int BadRole(string? role)
    {
        Console.Error.WriteLine($"error: --role: '{role}' is not a role; use one of {string.Join(", ", AccessPolicy.AccountRoles.Select(AccessPolicy.Name))}");
        return ExitCodes.Usage;
    }

    /// <summary>Says what was done and in which ledger entry, or the error.</summary>
    private static async Task<int> ReportAsync(IWorkspaceStore store, string? error, string done, CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            return Report(error);
        }

        var head = await store.GetTreeHeadAsync(cancellationToken);
        Console.WriteLine($"{done} (ledger entry #{head.Size - 1}).");
        return ExitCodes.Ok;
    }

    private static int Report(string? error)
    {
        if (error is null)
        {
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"error: {error}");
        return ExitCodes.Failed;
    }

    private static async Task<int> WithStoreAsync(ParseResult result, Func<IWorkspaceStore, Task<int>> action, CancellationToken cancellationToken)
    {
        if (!CliOptions.WorkspaceExists(result))
        {
            return CliOptions.NoWorkspace(result);
        }

        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        return await action(store);
    }

    /// <summary>
    /// Runs an account-management action as the command's principal, if it may manage accounts: an admin's
    /// token, or the local operator while the workspace has no active admin (making the first one).
    /// </summary>
    private static Task<int> AsManagerAsync(ParseResult result, string what, Func<IWorkspaceStore, Principal, Task<int>> action, CancellationToken cancellationToken) =>
        WithStoreAsync(result, async store =>
        {
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            if (!await Service(store).MayManageAsync(principal, cancellationToken))
            {
                await new AuditTrail(store, CliOptions.Clock).DeniedAsync(principal, what, null, cancellationToken);
                Console.Error.WriteLine(principal.IsLocalOperator
                    ? $"error: {what}: this workspace has an admin, so accounts are managed with an admin's API token (--token or {TokenVariable}); "
                        + "without one the CLI may only make the first admin"
                    : $"error: {what} needs the admin role; '{principal.Name}' is {AccessPolicy.Name(principal.Role)}");
                return ExitCodes.Failed;
            }

            return await action(store, principal);
        }, cancellationToken);

    /// <summary>Runs a read of accounts or the audit trail as the command's principal, if it may read the audit trail.</summary>
    private static Task<int> AsAuditorAsync(ParseResult result, Func<IWorkspaceStore, Task<int>> action, CancellationToken cancellationToken) =>
        WithStoreAsync(result, async store =>
            await CliOptions.PrincipalAsync(result, store, Operation.ReadAudit, cancellationToken) is null ? ExitCodes.Failed : await action(store),
            cancellationToken);
}
