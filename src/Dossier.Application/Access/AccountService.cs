using Dossier.Application.Ledger;
using System.Text.RegularExpressions;
using Dossier.Application.Workspace;

namespace Dossier.Application.Access;

public enum SignInStep
{
    /// <summary>Password right; the account has no second factor yet and must enrol one now.</summary>
    Enrol,

    /// <summary>Password right; a TOTP or recovery code comes next.</summary>
    SecondFactor,

    /// <summary>Password right, but it was a one-time password: the holder chooses their own before going on.</summary>
    ChangePassword,

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

    /// <summary>Shortest password a person may choose (the generated ones are 20 characters).</summary>
    public const int MinPasswordLength = 12;

    /// <summary>
    /// Creates an account with a one-time password, returned here and never again. The holder must replace it
    /// at the first sign-in; only the demo, whose passwords are printed for anyone to try, makes lasting ones.
    /// </summary>
    public async Task<(Account? Account, string? Password, string? Error)> AddAsync(string name, Role role, string by, string reason, CancellationToken cancellationToken,
        bool oneTimePassword = true)
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
        var account = new Account { Name = name, Role = role, PasswordHash = hashing.Hash(password), CreatedAt = time.GetUtcNow(), MustChangePassword = oneTimePassword };
        if (!await accounts.AddAccountAsync(account, cancellationToken))
        {
            return (null, null, $"an account named '{name}' already exists");
        }

        await AppendAsync(Entries.AccountCreated, by, reason, new AccessBody(Account: name, Role: AccessPolicy.Name(role)), cancellationToken);
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
        await AppendAsync(Entries.AccountDisabled, by, reason, new AccessBody(Account: name), cancellationToken);
        return null;
    }

    /// <summary>Lets a disabled account sign in and use its tokens again (and lifts any lockout).</summary>
    public async Task<string?> EnableAsync(string name, string by, string reason, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || !account.Disabled)
        {
            return account is null ? $"no account named '{name}'" : $"'{name}' is not disabled";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "enabling an account needs a reason";
        }

        await accounts.UpdateAccountAsync(account with { Disabled = false }, cancellationToken);
        await accounts.ClearSignInAttemptsAsync(name, cancellationToken);
        await AppendAsync(Entries.AccountEnabled, by, reason, new AccessBody(Account: name), cancellationToken);
        return null;
    }

    /// <summary>
    /// Removes an account's authenticator and recovery codes (a lost phone): the holder enrols a new one at the
    /// next sign-in. Every session of the account ends.
    /// </summary>
    public async Task<string?> ResetSecondFactorAsync(string name, string by, string reason, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null)
        {
            return $"no account named '{name}'";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "resetting a second factor needs a reason";
        }

        await accounts.UpdateAccountAsync(account with { TotpSecret = null, TotpLastStep = -1, RecoveryCodeHashes = [] }, cancellationToken);
        await accounts.RevokeSessionsAsync(name, cancellationToken);
        await AppendAsync(Entries.SecondFactorReset, by, reason, new AccessBody(Account: name), cancellationToken);
        return null;
    }

    /// <summary>Whether a password a person chose is acceptable; the error to show, or null.</summary>
    public static string? CheckNewPassword(string? password, string? confirmation) =>
        password is null || password.Length < MinPasswordLength ? $"a password has at least {MinPasswordLength} characters"
        : password.Length > 256 ? "a password has at most 256 characters"
        : password != confirmation ? "the two passwords differ"
        : null;

    /// <summary>
    /// The holder replaces a one-time password at first sign-in (after the password step succeeded; the web
    /// app holds that in its short-lived pending cookie). Returns the next step, or an error.
    /// </summary>
    public async Task<(SignInStep? Next, string? Error)> ChooseFirstPasswordAsync(string name, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled || !account.MustChangePassword)
        {
            return (null, "no password to replace");
        }

        if (CheckNewPassword(password, confirmation) is { } error)
        {
            return (null, error);
        }

        if (hashing.Verify(account.PasswordHash, password!, out _))
        {
            return (null, "choose a password other than the one you were given");
        }

        await accounts.UpdateAccountAsync(account with { PasswordHash = hashing.Hash(password!), MustChangePassword = false }, cancellationToken);
        await AppendAsync(Entries.PasswordChanged, name, "one-time password replaced at first sign-in", new AccessBody(Account: name), cancellationToken);
        return (account.TotpSecret is null ? SignInStep.Enrol : SignInStep.SecondFactor, null);
    }

    /// <summary>
    /// The signed-in holder changes their password (the current one is checked and counted like a sign-in
    /// attempt). Every session of the account ends; the caller starts a new one for the person who changed it.
    /// </summary>
    public async Task<string?> ChangePasswordAsync(string name, string? current, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled)
        {
            return $"no active account named '{name}'";
        }

        if (CheckNewPassword(password, confirmation) is { } error)
        {
            return error;
        }

        var matches = hashing.Verify(account.PasswordHash, current ?? string.Empty, out _);
        if (await CountAttemptAsync(account, cancellationToken) is not { } attempt)
        {
            return "the account is locked for now";
        }

        if (!matches)
        {
            await FailAsync(account, attempt, "wrong password at password change", cancellationToken);
            return "the current password is not right";
        }

        await accounts.ForgiveSignInAttemptAsync(name, cancellationToken);
        await accounts.UpdateAccountAsync(account with { PasswordHash = hashing.Hash(password!), MustChangePassword = false }, cancellationToken);
        await accounts.RevokeSessionsAsync(name, cancellationToken);
        await AppendAsync(Entries.PasswordChanged, name, "password changed by the account holder", new AccessBody(Account: name), cancellationToken);
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
        await AppendAsync(Entries.AccountRoleChanged, by, reason, new AccessBody(Account: name, Role: AccessPolicy.Name(role)), cancellationToken);
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

        await AppendAsync(Entries.PreferencesChanged, name, "display preferences chosen by the account holder", new AccessBody(Account: name, Language: language, Calendar: solarHijri switch { true => "solar-hijri", false => "gregorian", null => null }), cancellationToken);
        return null;
    }

    /// <summary>
    /// The first step of signing in: name and password, with lockout after repeated failures. Every path does
    /// the same work before anything is decided — one password hash check, against the account's hash or a
    /// decoy — so an unknown, locked or disabled account answers in the time a wrong password takes.
    /// </summary>
    public async Task<SignInStep> CheckPasswordAsync(string? name, string? password, CancellationToken cancellationToken)
    {
        var account = IsValidName(name) ? await accounts.GetAccountAsync(name!, cancellationToken) : null;
        var matches = hashing.Verify(account?.PasswordHash ?? _decoy.Value, password ?? string.Empty, out var rehash);
        if (account is null)
        {
            // The typed name is not written: it may be anything, a protected name included.
            await DeniedAsync(AccessEntries.Anonymous, "sign-in", null, "unknown account or wrong password", cancellationToken);
            return SignInStep.Refused;
        }

        if (await CountAttemptAsync(account, cancellationToken) is not { } attempt)
        {
            return SignInStep.LockedOut;
        }

        if (account.Disabled || !matches)
        {
            return await FailAsync(account, attempt, account.Disabled ? "account disabled" : "wrong password", cancellationToken);
        }

        // A right password is no failure, but the sign-in is complete only after the second factor.
        await accounts.ForgiveSignInAttemptAsync(account.Name, cancellationToken);
        if (rehash)
        {
            await accounts.UpdateAccountAsync(account with { PasswordHash = hashing.Hash(password!) }, cancellationToken);
        }

        return account.MustChangePassword ? SignInStep.ChangePassword
            : account.TotpSecret is null ? SignInStep.Enrol : SignInStep.SecondFactor;
    }

    /// <summary>
    /// Ends enrolment: the code must come from the new secret. Returns the recovery codes, shown once,
    /// or null when the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConfirmEnrolmentAsync(string name, byte[] secret, string? code, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account is null || account.Disabled || account.TotpSecret is not null || await CountAttemptAsync(account, cancellationToken) is not { } attempt)
        {
            return null;
        }

        var step = Totp.Match(secret, code, time.GetUtcNow(), -1);
        if (step is null)
        {
            await FailAsync(account, attempt, "wrong code at enrolment", cancellationToken);
            return null;
        }

        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => Secrets.NewRecoveryCode()).ToList();
        await accounts.UpdateAccountAsync(account with
        {
            TotpSecret = Base32.Encode(secret),
            TotpLastStep = step.Value,
            RecoveryCodeHashes = [.. codes.Select(Secrets.Digest)],
        }, cancellationToken);
        await accounts.ClearSignInAttemptsAsync(name, cancellationToken);
        await AppendAsync(Entries.SignedIn, name, "second factor enrolled", new AccessBody(Account: name), cancellationToken);
        return codes;
    }

    /// <summary>The second step: a TOTP code (each accepted once) or an unused recovery code (then spent).</summary>
    public async Task<Principal?> CheckSecondFactorAsync(string name, string? code, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAccountAsync(name, cancellationToken);
        if (account?.TotpSecret is null || account.Disabled)
        {
            if (account is not null)
            {
                await DeniedAsync(account.Name, "sign-in", account.Name, "second factor refused", cancellationToken);
            }

            return null;
        }

        if (await CountAttemptAsync(account, cancellationToken) is not { } attempt)
        {
            return null;
        }

        if (Totp.Match(Base32.Decode(account.TotpSecret), code, time.GetUtcNow(), account.TotpLastStep) is { } step)
        {
            await accounts.UpdateAccountAsync(account with { TotpLastStep = step }, cancellationToken);
            await accounts.ClearSignInAttemptsAsync(account.Name, cancellationToken);
            await AppendAsync(Entries.SignedIn, name, "signed in", new AccessBody(Account: name), cancellationToken);
            return new Principal(account.Name, account.Role);
        }

        var digest = code is { Length: > 0 } ? Secrets.Digest(code) : null;
        if (digest is not null && account.RecoveryCodeHashes.Contains(digest, StringComparer.Ordinal))
        {
            await accounts.UpdateAccountAsync(account with
            {
                RecoveryCodeHashes = [.. account.RecoveryCodeHashes.Where(h => h != digest)],
            }, cancellationToken);
            await accounts.ClearSignInAttemptsAsync(account.Name, cancellationToken);
            await AppendAsync(Entries.SignedIn, name, "signed in with a recovery code", new AccessBody(Account: name), cancellationToken);
            return new Principal(account.Name, account.Role);
        }

        await FailAsync(account, attempt, "wrong or replayed code", cancellationToken);
        return null;
    }

    /// <summary>Starts a browser session after a completed sign-in; returns its id (kept in the cookie), the server keeps its digest.</summary>
    public async Task<string> StartSessionAsync(string name, CancellationToken cancellationToken)
    {
        var id = Secrets.NewSessionId();
        await accounts.AddSessionAsync(Secrets.Digest(id), name, time.GetUtcNow(), cancellationToken);
        return id;
    }

    /// <summary>Who a session belongs to now: null once it was ended (signed out, password changed) or its account disabled.</summary>
    public async Task<Principal?> SessionAsync(string? id, CancellationToken cancellationToken) =>
        id is { Length: > 0 } && await accounts.GetSessionAccountAsync(Secrets.Digest(id), cancellationToken) is { } name
            ? await CurrentAsync(name, cancellationToken)
            : null;

    /// <summary>Ends a session on the server: its cookie signs nobody in any more, even if kept.</summary>
    public Task EndSessionAsync(string id, CancellationToken cancellationToken) =>
        accounts.RevokeSessionAsync(Secrets.Digest(id), cancellationToken);

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
        await AppendAsync(Entries.TokenCreated, by, $"token '{label}'", new AccessBody(Account: name, Token: digest[..12]), cancellationToken);
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
        await AppendAsync(Entries.TokenRevoked, by, $"token '{token.Label}'", new AccessBody(Account: name, Token: token.Digest[..12]), cancellationToken);
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

    /// <summary>
    /// Counts this attempt before it is checked; null (and a refusal in the audit trail) when the account is
    /// locked or this attempt is beyond the allowed number, so simultaneous guesses cannot all be evaluated.
    /// </summary>
    private async Task<SignInAttempt?> CountAttemptAsync(Account account, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = await accounts.CountSignInAttemptAsync(account.Name, now, cancellationToken);
        if (attempt is not null && attempt.Number > MaxFailedAttempts && attempt.LockedUntil is null)
        {
            // More attempts arrived at once than are allowed: lock now, so the count starts again after the lockout.
            await accounts.LockAccountAsync(account.Name, now + LockoutTime, cancellationToken);
        }

        if (attempt is null || attempt.LockedUntil > now || attempt.Number > MaxFailedAttempts)
        {
            await DeniedAsync(account.Name, "sign-in", account.Name, "account locked", cancellationToken);
            return null;
        }

        return attempt;
    }

    private async Task<SignInStep> FailAsync(Account account, SignInAttempt attempt, string why, CancellationToken cancellationToken)
    {
        var locked = attempt.Number >= MaxFailedAttempts;
        if (locked)
        {
            await accounts.LockAccountAsync(account.Name, time.GetUtcNow() + LockoutTime, cancellationToken);
        }

        await DeniedAsync(account.Name, "sign-in", account.Name, locked ? why + "; account locked" : why, cancellationToken);
        return locked ? SignInStep.LockedOut : SignInStep.Refused;
    }

    private Task DeniedAsync(string actor, string what, string? target, string why, CancellationToken cancellationToken) =>
        AppendAsync(Entries.Denied, actor, why, new AccessBody(What: what, Target: target), cancellationToken);

    private Task AppendAsync(EntryKind<AccessBody> kind, string actor, string reason, AccessBody body, CancellationToken cancellationToken) =>
        ledger.AppendAsync([kind.New(body, actor, time.GetUtcNow(), reason)], cancellationToken);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
