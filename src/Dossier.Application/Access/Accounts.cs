namespace Dossier.Application.Access;

/// <summary>
/// Who is acting: an account (its name and role), or the local operator of the workspace files
/// (<see cref="LocalOperator"/>). Null where a visitor is anonymous.
/// </summary>
public sealed record Principal(string Name, Role Role)
{
    public const string LocalPrefix = "local:";

    public bool IsLocalOperator => Role == Role.LocalOperator;

    /// <summary>
    /// Whoever runs the CLI on the workspace's files without a token, named honestly as
    /// <c>local:LOGIN@HOST</c>. Account names cannot contain ':', so this never names an account.
    /// </summary>
    public static Principal LocalOperator(string login, string host) => new($"{LocalPrefix}{login}@{host}", Role.LocalOperator);
}

/// <summary>
/// A person's account. Secrets are stored only in forms that cannot be turned back into what the person
/// types: the password as an ASP.NET Core Identity hash, recovery codes and API tokens as SHA-256 digests.
/// The TOTP secret must be readable to check codes: the store keeps it encrypted under the workspace's
/// accounts key (<see cref="AccountKey"/>, ADR 0806); here it is the Base32 secret itself.
/// </summary>
public sealed record Account
{
    public required string Name { get; init; }

    public required Role Role { get; init; }

    public required string PasswordHash { get; init; }

    public bool Disabled { get; init; }

    /// <summary>The password was set by someone else (a one-time password): the holder must choose their own before a session is issued.</summary>
    public bool MustChangePassword { get; init; }

    /// <summary>Base32 TOTP secret once the second factor is enrolled; null before.</summary>
    public string? TotpSecret { get; init; }

    /// <summary>The last RFC 6238 time step accepted, so a code cannot be used twice.</summary>
    public long TotpLastStep { get; init; } = -1;

    /// <summary>SHA-256 hex digests of the recovery codes not yet used.</summary>
    public IReadOnlyList<string> RecoveryCodeHashes { get; init; } = [];

    /// <summary>Attempts counted since the last completed sign-in; changed only through the atomic attempt methods of the store.</summary>
    public int FailedLogins { get; init; }

    /// <summary>Changed only through the atomic attempt methods of the store, never by <see cref="IAccountStore.UpdateAccountAsync"/>.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The UI language the person chose ("en", "fa"); null when not chosen. Set only through the ledger.</summary>
    public string? Language { get; init; }

    /// <summary>Whether dates show in the Solar Hijri calendar; null when not chosen. Set only through the ledger.</summary>
    public bool? SolarHijri { get; init; }
}

/// <summary>An API token as stored: only its digest, never the token itself.</summary>
public sealed record ApiToken(string Digest, string Account, string Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Revoked);

/// <summary>Where accounts and tokens live. Not in the ledger: hashes and secrets must be replaceable and erasable.</summary>
public interface IAccountStore
{
    Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new account; false when the name is taken.</summary>
    Task<bool> AddAccountAsync(Account account, CancellationToken cancellationToken);

    Task UpdateAccountAsync(Account account, CancellationToken cancellationToken);

    Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken);

    Task<ApiToken?> GetTokenAsync(string digest, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string account, CancellationToken cancellationToken);

    Task RevokeTokenAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one sign-in attempt (password or code) before it is checked, atomically, so simultaneous attempts
    /// each get their own number. A lockout that has run out is lifted and the count starts again at 1.
    /// Null for an unknown account.
    /// </summary>
    Task<SignInAttempt?> CountSignInAttemptAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The attempt just counted was no failure (a right password): the count goes back down by one.</summary>
    Task ForgiveSignInAttemptAsync(string name, CancellationToken cancellationToken);

    /// <summary>A completed sign-in: no failures counted, no lockout.</summary>
    Task ClearSignInAttemptsAsync(string name, CancellationToken cancellationToken);

    Task LockAccountAsync(string name, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records a new browser session by the digest of its id.</summary>
    Task AddSessionAsync(string digest, string account, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>The account of a session that exists and is not revoked, or null.</summary>
    Task<string?> GetSessionAccountAsync(string digest, CancellationToken cancellationToken);

    Task RevokeSessionAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Ends every session of an account (a password change, a second-factor reset).</summary>
    Task RevokeSessionsAsync(string account, CancellationToken cancellationToken);
}

/// <summary>The number an attempt got when it was counted, and the lockout in force then (if any).</summary>
public sealed record SignInAttempt(int Number, DateTimeOffset? LockedUntil);

/// <summary>Password hashing, provided by the host (ASP.NET Core Identity's hasher): no home-made hashing here.</summary>
public interface IPasswordHashing
{
    string Hash(string password);

    /// <summary>Whether the password matches; <paramref name="rehash"/> is set when the stored hash should be upgraded.</summary>
    bool Verify(string hash, string password, out bool rehash);
}
