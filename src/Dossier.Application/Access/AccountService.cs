using System.Text.RegularExpressions;
using Dossier.Application.Workspace;

namespace Dossier.Application.Access;

public enum SignInStep
{
    /// <summary>Password right; the account has no second factor yet and must enrol one now.</summary>
    Enrol,

    /// <summary>Password right; a TOTP or recovery code comes next.</summary>
    SecondFactor,

    /// <summary>Wrong name or password. Deliberately the same answer for both.</summary>
    Refused,

    LockedOut,
}

/// <summary>
/// Accounts, sign-in and API tokens. Lifecycle changes (created, disabled, role changed, token issued or
/// revoked) are ledger entries; the secrets stay in the account store. Every refusal is a ledger entry too.
/// </summary>
public sealed partial class AccountService(IAccountStore accounts, IWorkspaceStore ledger, IPasswordHashing hashing, TimeProvider time)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public const int RecoveryCodeCount = 10;

    // A throwaway hash checked when the account does not exist, so timing does not tell names apart.
    private readonly Lazy<string> _decoy = new(() => hashing.Hash(Secrets.NewPassword()));

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>
    /// Whether <paramref name="by"/> may add, disable or change accounts and issue or revoke tokens: an
    /// admin always; the local operator only while the workspace has no active admin (to make the first one).
    /// </summary>
    public async Task<bool> MayManageAsync(Principal by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (AccessPolicy.Can(by.Role, Operation.ManageAccounts))
        {
            return true;
        }

        return AccessPolicy.Can(by.Role, Operation.BootstrapAdmin)
            && !(await accounts.ListAccountsAsync(cancellationToken)).Any(a => a.Role == Role.Admin && !a.Disabled);
    }

    /// <summary>Creates an account with a one-time password, returned here and never again.</summary>
    public async Task<(Account? Account, string? Password, string? Error)> AddAsync(string name, Role role, string by, string reason, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            return (null, null, "an account name is 2–64 characters: lower-case letters, digits, '.', '_' or '-'");
        }

        if (!AccessPolicy.AccountRoles.Contains(role))
        {
            return (null, null, $"'{AccessPolicy.Name(role)}' is not a role an account can hold");
        }

        var password = Secrets.NewPassword();
        var account = new Account { Name = name, Role = role, PasswordHash = hashing.Hash(password), CreatedAt = time.GetUtcNow() };
        if (!await accounts.AddAccountAsync(account, cancellationToken))
        {
            return (null, null, $"an account named '{name}' already exists");
        }

        await AppendAsync(AccessEntries.AccountCreated, by, reason, cancellationToken, ("account", name), ("role", AccessPolicy.Name(role)));
        return (account, password, null);
    }

    /// <summary>Disables an account: it can no longer sign in or use tokens. It is kept, with its history.</summary>
    public async Task<string?> DisableAsync(string name, string by, string reason, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null)
        {
            return $"no account named '{name}'";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "disabling an account needs a reason";
        }

        await accounts.UpdateAccountAsync(account with { Disabled = true }, cancellationToken);
        await AppendAsync(AccessEntries.AccountDisabled, by, reason, cancellationToken, ("account", name));
        return null;
    }

    public async Task<string?> ChangeRoleAsync(string name, Role role, string by, string reason, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null)
        {
            return $"no account named '{name}'";
        }

        if (!AccessPolicy.AccountRoles.Contains(role))
        {
            return $"'{AccessPolicy.Name(role)}' is not a role an account can hold";
        }

        await accounts.UpdateAccountAsync(account with { Role = role }, cancellationToken);
        await AppendAsync(AccessEntries.AccountRoleChanged, by, reason, cancellationToken, ("account", name), ("role", AccessPolicy.Name(role)));
        return null;
    }

    /// <summary>The UI languages an account may choose.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "fa"];

    /// <summary>
    /// Records the person's own display preferences as an account.preferences-changed entry holding the full
    /// new state; the accounts projection applies it. Null means "not chosen". Returns an error, or null.
    /// </summary>
    public async Task<string?> SetPreferencesAsync(string name, string? language, bool? solarHijri, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled)
        {
            return $"no active account named '{name}'";
        }

        if (language is not null && !Languages.Contains(language, StringComparer.Ordinal))
        {
            return $"unknown language '{language}' (known: {string.Join(", ", Languages)})";
        }

        if (account.Language == language && account.SolarHijri == solarHijri)
        {
            return null;
        }

        await AppendAsync(AccessEntries.PreferencesChanged, name, "display preferences chosen by the account holder", cancellationToken,
            ("account", name), ("language", language), ("calendar", solarHijri switch { true => "solar-hijri", false => "gregorian", null => null }));
        return null;
    }

    /// <summary>The first step of signing in: name and password, with lockout after repeated failures.</summary>
    public async Task<SignInStep> CheckPasswordAsync(string? name, string? password, CancellationToken cancellationToken)
    {
        var account = IsValidName(name) ? await accounts.GetAccountAsync(name!, cancellationToken) : null;
        if (account is null)
        {
            hashing.Verify(_decoy.Value, password ?? string.Empty, out _);
            // The typed name is not written: it may be anything, a protected name included.
            await DeniedAsync(AccessEntries.Anonymous, "sign-in", null, "unknown account or wrong password", cancellationToken);
            return SignInStep.Refused;
        }

        if (IsLocked(account))
        {
            await DeniedAsync(account.Name, "sign-in", account.Name, "account locked", cancellationToken);
            return SignInStep.LockedOut;
        }

        if (account.Disabled || !hashing.Verify(account.PasswordHash, password ?? string.Empty, out var rehash))
        {
            return await FailAsync(account, account.Disabled ? "account disabled" : "wrong password", cancellationToken);
        }

        if (rehash)
        {
            await accounts.UpdateAccountAsync(account with { PasswordHash = hashing.Hash(password!) }, cancellationToken);
        }

        return account.TotpSecret is null ? SignInStep.Enrol : SignInStep.SecondFactor;
    }

    /// <summary>
    /// Ends enrolment: the code must come from the new secret. Returns the recovery codes, shown once,
    /// or null when the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConfirmEnrolmentAsync(string name, byte[] secret, string? code, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled || account.TotpSecret is not null || IsLocked(account))
        {
            return null;
        }

        var step = Totp.Match(secret, code, time.GetUtcNow(), -1);
        if (step is null)
        {
            await FailAsync(account, "wrong code at enrolment", cancellationToken);
            return null;
        }

        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => Secrets.NewRecoveryCode()).ToList();
        await accounts.UpdateAccountAsync(account with
        {
            TotpSecret = Base32.Encode(secret),
            TotpLastStep = step.Value,
            RecoveryCodeHashes = [.. codes.Select(Secrets.Digest)],
            FailedLogins = 0,
        }, cancellationToken);
        await AppendAsync(AccessEntries.SignedIn, name, "second factor enrolled", cancellationToken, ("account", name));
        return codes;
    }

    /// <summary>The second step: a TOTP code (each accepted once) or an unused recovery code (then spent).</summary>
    public async Task<Principal?> CheckSecondFactorAsync(string name, string? code, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account?.TotpSecret is null || account.Disabled || IsLocked(account))
        {
            if (account is not null)
            {
                await DeniedAsync(account.Name, "sign-in", account.Name, "second factor refused", cancellationToken);
            }

            return null;
        }

        if (Totp.Match(Base32.Decode(account.TotpSecret), code, time.GetUtcNow(), account.TotpLastStep) is { } step)
        {
            await accounts.UpdateAccountAsync(account with { TotpLastStep = step, FailedLogins = 0, LockedUntil = null }, cancellationToken);
            await AppendAsync(AccessEntries.SignedIn, name, "signed in", cancellationToken, ("account", name));
            return new Principal(account.Name, account.Role);
        }

        var digest = code is { Length: > 0 } ? Secrets.Digest(code) : null;
        if (digest is not null && account.RecoveryCodeHashes.Contains(digest, StringComparer.Ordinal))
        {
            await accounts.UpdateAccountAsync(account with
            {
                RecoveryCodeHashes = [.. account.RecoveryCodeHashes.Where(h => h != digest)],
                FailedLogins = 0,
                LockedUntil = null,
            }, cancellationToken);
            await AppendAsync(AccessEntries.SignedIn, name, "signed in with a recovery code", cancellationToken, ("account", name));
            return new Principal(account.Name, account.Role);
        }

        await FailAsync(account, "wrong or replayed code", cancellationToken);
        return null;
    }

    /// <summary>Who an account is now (role changes and disabling take effect on the next request).</summary>
    public async Task<Principal?> CurrentAsync(string name, CancellationToken cancellationToken) =>
        await accounts.GetAccountAsync(name, cancellationToken) is { Disabled: false } account ? new Principal(account.Name, account.Role) : null;

    /// <summary>Issues an API token, returned here and never again; only its digest is kept.</summary>
    public async Task<(string? Token, string? Error)> CreateTokenAsync(string name, string label, TimeSpan? lifetime, string by, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled)
        {
            return (null, $"no active account named '{name}'");
        }

        var token = Secrets.NewToken();
        var digest = Secrets.Digest(token);
        var now = time.GetUtcNow();
        await accounts.AddTokenAsync(new ApiToken(digest, name, label, now, lifetime is { } l ? now + l : null, false), cancellationToken);
        // The first 12 hex digits of the digest name the token in the ledger without revealing it.
        await AppendAsync(AccessEntries.TokenCreated, by, $"token '{label}'", cancellationToken, ("account", name), ("token", digest[..12]));
        return (token, null);
    }

    public async Task<string?> RevokeTokenAsync(string name, string digestPrefix, string by, CancellationToken cancellationToken)
    {
        var token = (await accounts.ListTokensAsync(name, cancellationToken)).FirstOrDefault(t => t.Digest.StartsWith(digestPrefix, StringComparison.Ordinal));
        if (token is null || digestPrefix.Length < 8)
        {
            return $"no token of '{name}' starts with '{digestPrefix}' (give at least 8 characters)";
        }

        await accounts.RevokeTokenAsync(token.Digest, cancellationToken);
        await AppendAsync(AccessEntries.TokenRevoked, by, $"token '{token.Label}'", cancellationToken, ("account", name), ("token", token.Digest[..12]));
        return null;
    }

    /// <summary>The principal behind a bearer token, or null for an unknown, revoked, expired or disabled one.</summary>
    public async Task<Principal?> AuthenticateTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || !token.StartsWith(Secrets.TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var stored = await accounts.GetTokenAsync(Secrets.Digest(token), cancellationToken);
        if (stored is null || stored.Revoked || (stored.ExpiresAt is { } expires && expires <= time.GetUtcNow()))
        {
            return null;
        }

        return await CurrentAsync(stored.Account, cancellationToken);
    }

    private bool IsLocked(Account account) => account.LockedUntil is { } until && until > time.GetUtcNow();

    private async Task<SignInStep> FailAsync(Account account, string why, CancellationToken cancellationToken)
    {
        var failures = account.FailedLogins + 1;
        var locked = failures >= MaxFailedAttempts;
        await accounts.UpdateAccountAsync(account with
        {
            FailedLogins = locked ? 0 : failures,
            LockedUntil = locked ? time.GetUtcNow() + LockoutTime : account.LockedUntil,
        }, cancellationToken);
        await DeniedAsync(account.Name, "sign-in", account.Name, locked ? why + "; account locked" : why, cancellationToken);
        return locked ? SignInStep.LockedOut : SignInStep.Refused;
    }

    private Task DeniedAsync(string actor, string what, string? target, string why, CancellationToken cancellationToken) =>
        AppendAsync(AccessEntries.Denied, actor, why, cancellationToken, ("what", what), ("target", target));

    private Task AppendAsync(string type, string actor, string reason, CancellationToken cancellationToken, params (string, string?)[] members) =>
        ledger.AppendAsync([AccessEntries.Entry(type, actor, time.GetUtcNow(), reason, members)], cancellationToken);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
