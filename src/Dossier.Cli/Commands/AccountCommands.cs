using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Web.Security;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>user</c>, <c>token</c> and <c>audit</c>: accounts for the web app and the API. The CLI itself runs
/// on the machine that holds the workspace and its keys, so it acts as that machine's operator; commands
/// that need a role of their own (unsealing an identity) take an account's API token instead.
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
        new((IAccountStore)store, store, new IdentityPasswordHashing(), TimeProvider.System);

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
        add.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
        {
            if (result.GetValue(days) is < 1 or > 3650)
            {
                Console.Error.WriteLine("error: --days must be between 1 and 3650");
                return ExitCodes.Usage;
            }

            var (token, error) = await Service(store).CreateTokenAsync(result.GetValue(name)!, result.GetValue(label)!, TimeSpan.FromDays(result.GetValue(days)), CliOptions.ActorOf(result), cancellationToken);
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
        revoke.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
            Report(await Service(store).RevokeTokenAsync(result.GetValue(name)!, result.GetValue(prefix)!, CliOptions.ActorOf(result), cancellationToken)), cancellationToken));
        var list = new Command("list", "List an account's tokens (ids, labels, dates; never the tokens).") { name };
        list.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
        {
            foreach (var token in await ((IAccountStore)store).ListTokensAsync(result.GetValue(name)!, cancellationToken))
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
        var actor = new Option<string?>("--actor") { Description = "Only entries by this account." };
        var type = new Option<string?>("--type") { Description = "Only this entry type, or a family: access, access.read, access.denied, account, token, identity." };
        var target = new Option<string?>("--target") { Description = "Only entries about this record id, pseudonym or account." };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this UTC date or time (e.g. 2026-11-01)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "List the audit trail: reads of restricted and protected records, exports, refusals, sign-ins, account and identity changes.") { actor, type, target, since, limit };
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
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

            var rows = await ((IAuditLog)store).QueryAuditAsync(
                new AuditFilter(result.GetValue(actor), result.GetValue(type), from, null, result.GetValue(target), result.GetValue(limit)), cancellationToken);
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
        var command = new Command("add", "Add an account; its one-time password is printed once. At first sign-in the person replaces it with their own and sets up a TOTP authenticator.") { name, role, reason };
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
        {
            if (!AccessPolicy.TryParse(result.GetValue(role), out var parsed))
            {
                return BadRole(result.GetValue(role));
            }

            var (account, password, error) = await Service(store).AddAsync(result.GetValue(name)!, parsed, CliOptions.ActorOf(result), result.GetValue(reason)!, cancellationToken);
            if (account is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{account.Name} ({AccessPolicy.Name(account.Role)}) one-time password: {password}");
            Console.Error.WriteLine("The password is shown only now. Give it by a safe channel; at first sign-in the person enrols an authenticator app.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List accounts with their roles and state.");
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
        {
            foreach (var account in await ((IAccountStore)store).ListAccountsAsync(cancellationToken))
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
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
            Report(await Service(store).DisableAsync(result.GetValue(name)!, CliOptions.ActorOf(result), result.GetValue(reason)!, cancellationToken)), cancellationToken));
        return command;
    }

    private static Command Enable()
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("enable", "Enable a disabled account again (its tokens work again unless revoked or expired).") { name, reason };
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
            Report(await Service(store).EnableAsync(result.GetValue(name)!, CliOptions.ActorOf(result), result.GetValue(reason)!, cancellationToken)), cancellationToken));
        return command;
    }

    private static Command ResetSecondFactor()
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("reset-second-factor", "Remove an account's authenticator and recovery codes (a lost phone); it enrols again at the next sign-in. Its sessions end.") { name, reason };
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
            Report(await Service(store).ResetSecondFactorAsync(result.GetValue(name)!, CliOptions.ActorOf(result), result.GetValue(reason)!, cancellationToken)), cancellationToken));
        return command;
    }

    private static Command ChangeRole()
    {
        var name = new Argument<string>("NAME");
        var role = RoleOption();
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger).", Required = true };
        var command = new Command("role", "Change an account's role.") { name, role, reason };
        command.SetAction((result, cancellationToken) => WithStoreAsync(result, async store =>
            AccessPolicy.TryParse(result.GetValue(role), out var parsed)
                ? Report(await Service(store).ChangeRoleAsync(result.GetValue(name)!, parsed, CliOptions.ActorOf(result), result.GetValue(reason)!, cancellationToken))
                : BadRole(result.GetValue(role)), cancellationToken));
        return command;
    }

    private static Option<string> RoleOption() => new("--role")
    {
        Description = "viewer, analyst, investigator, legal or admin (docs/access-control.md says what each may do).",
        Required = true,
    };

    private static int BadRole(string? role)
    {
        Console.Error.WriteLine($"error: --role: '{role}' is not a role; use one of {string.Join(", ", Enum.GetValues<Role>().Select(AccessPolicy.Name))}");
        return ExitCodes.Usage;
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
}
