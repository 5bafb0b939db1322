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
/// The TOTP secret must be readable to check codes; see docs/threat-model.md for what protects it.
/// </summary>
public sealed record Account
{
    public required string Name { get; init; }

    public required Role Role { get; init; }

    public required string PasswordHash { get; init; }

    public bool Disabled { get; init; }

    /// <summary>Base32 TOTP secret once the second factor is enrolled; null before.</summary>
    public string? TotpSecret { get; init; }

    /// <summary>The last RFC 6238 time step accepted, so a code cannot be used twice.</summary>
    public long TotpLastStep { get; init; } = -1;

    /// <summary>SHA-256 hex digests of the recovery codes not yet used.</summary>
    public IReadOnlyList<string> RecoveryCodeHashes { get; init; } = [];

    public int FailedLogins { get; init; }

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
}

/// <summary>Password hashing, provided by the host (ASP.NET Core Identity's hasher): no home-made hashing here.</summary>
public interface IPasswordHashing
{
    string Hash(string password);

    /// <summary>Whether the password matches; <paramref name="rehash"/> is set when the stored hash should be upgraded.</summary>
    bool Verify(string hash, string password, out bool rehash);
}
