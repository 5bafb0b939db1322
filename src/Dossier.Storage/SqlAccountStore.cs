using Dossier.Application.Ledger;
using System.Data.Common;
using System.Globalization;
using Dossier.Application.Access;

namespace Dossier.Storage;

/// <summary>
/// Accounts, API tokens and sessions, in the same database as the ledger. Roles, status and preferences are
/// projected from the ledger (AccountProjection); secrets and sign-in state are kept beside it (ADR 0806).
/// </summary>
internal sealed class SqlAccountStore(Dialect dialect, Func<string?> workspaceDirectory) : IAccountStore
{
    private const string SelectAccount =
        "select name, role, disabled, password_hash, totp_secret, totp_last_step, recovery_hashes, failed_logins, locked_until, created_at, language, solar_hijri, must_change_password from accounts";

    // The TOTP secret is encrypted on its way into the table and decrypted on its way out (AccountKey).
    private readonly Lazy<AccountKey> _accountKey = new(() => AccountKey.OpenOrCreate(
        workspaceDirectory() ?? throw new InvalidOperationException("The account key lives in the workspace folder; this store has none.")));

    private AccountKey AccountKey => _accountKey.Value;

    /// <summary>Encrypts TOTP secrets that an older Dossier stored as they were. Needs the key only when there are some.</summary>
    internal async Task ProtectStoredTotpSecretsAsync(CancellationToken cancellationToken)
    {
        var plain = (await QueryAccountsAsync($"{SelectAccount} where totp_secret is not null and totp_secret not like 'v1:%'", cancellationToken)).ToList();
        foreach (var account in plain)
        {
            await ExecuteAsync("update accounts set totp_secret = @totp where name = @name", cancellationToken,
                ("totp", AccountKey.Protect(account.Name, account.TotpSecret!)), ("name", account.Name));
        }
    }

    public async Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken) =>
        await QueryAccountsAsync($"{SelectAccount} where name = @name", cancellationToken, ("name", name)) is [var account] ? account : null;

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken) =>
        QueryAccountsAsync($"{SelectAccount} order by name", cancellationToken);

    public async Task<bool> AddAccountAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var added = await Db.ExecuteAsync(connection, null,
            """
            insert into accounts (name, role, disabled, password_hash, totp_secret, totp_last_step, recovery_hashes, failed_logins, locked_until, created_at, must_change_password)
            values (@name, @role, @disabled, @hash, @totp, @step, @recovery, @failed, @locked, @created, @mustChange)
            on conflict (name) do nothing
            """,
            cancellationToken, AccountParameters(account));
        return added == 1;
    }

    public async Task UpdateAccountAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await Db.ExecuteAsync(connection, null,
            """
            update accounts set role = @role, disabled = @disabled, password_hash = @hash, totp_secret = @totp, totp_last_step = @step,
                recovery_hashes = @recovery, must_change_password = @mustChange
            where name = @name
            """,
            cancellationToken, AccountParameters(account));
    }

    // Attempts are counted in one statement each, never read-modify-write: twenty simultaneous guesses get twenty numbers.
    // Times are stored as fixed-width UTC text, so comparing the text compares the times.
    public async Task<SignInAttempt?> CountSignInAttemptAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null,
            """
            update accounts set
                failed_logins = case when locked_until is not null and locked_until <= @now then 1 else failed_logins + 1 end,
                locked_until = case when locked_until is not null and locked_until <= @now then null else locked_until end
            where name = @name
            returning failed_logins, locked_until
            """,
            ("now", Text(now)), ("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SignInAttempt(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : Parse(reader.GetString(1)))
            : null;
    }

    public Task ForgiveSignInAttemptAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync("update accounts set failed_logins = case when failed_logins > 0 then failed_logins - 1 else 0 end where name = @name",
            cancellationToken, ("name", name));

    public Task ClearSignInAttemptsAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync("update accounts set failed_logins = 0, locked_until = null where name = @name", cancellationToken, ("name", name));

    public Task LockAccountAsync(string name, DateTimeOffset until, CancellationToken cancellationToken) =>
        ExecuteAsync("update accounts set locked_until = @until where name = @name", cancellationToken, ("until", Text(until)), ("name", name));

    public Task AddSessionAsync(string digest, string account, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        ExecuteAsync("insert into sessions (digest, account, created_at, revoked) values (@digest, @account, @created, 0)", cancellationToken,
            ("digest", digest), ("account", account), ("created", Text(createdAt)));

    public async Task<string?> GetSessionAccountAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select account from sessions where digest = @digest and revoked = 0", ("digest", digest));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task RevokeSessionAsync(string digest, CancellationToken cancellationToken) =>
        ExecuteAsync("update sessions set revoked = 1 where digest = @digest", cancellationToken, ("digest", digest));

    public Task RevokeSessionsAsync(string account, CancellationToken cancellationToken) =>
        ExecuteAsync("update sessions set revoked = 1 where account = @account", cancellationToken, ("account", account));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await Db.ExecuteAsync(connection, null, sql, cancellationToken, parameters);
    }

    public async Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await Db.ExecuteAsync(connection, null,
            "insert into api_tokens (digest, account, label, created_at, expires_at, revoked) values (@digest, @account, @label, @created, @expires, 0)",
            cancellationToken, ("digest", token.Digest), ("account", token.Account), ("label", token.Label),
            ("created", Text(token.CreatedAt)), ("expires", token.ExpiresAt is { } e ? Text(e) : null));
    }

    public async Task<ApiToken?> GetTokenAsync(string digest, CancellationToken cancellationToken) =>
        await QueryTokensAsync("where digest = @key", digest, cancellationToken) is [var token] ? token : null;

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string account, CancellationToken cancellationToken) =>
        QueryTokensAsync("where account = @key order by created_at", account, cancellationToken);

    public async Task RevokeTokenAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await Db.ExecuteAsync(connection, null, "update api_tokens set revoked = 1 where digest = @digest", cancellationToken, ("digest", digest));
    }

    private async Task<IReadOnlyList<Account>> QueryAccountsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var accounts = new List<Account>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var account = ReadAccount(reader);
            accounts.Add(account.TotpSecret is { } stored ? account with { TotpSecret = AccountKey.Unprotect(account.Name, stored) } : account);
        }

        return accounts;
    }

    private async Task<IReadOnlyList<ApiToken>> QueryTokensAsync(string where, string key, CancellationToken cancellationToken)
    {
        var tokens = new List<ApiToken>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, $"select digest, account, label, created_at, expires_at, revoked from api_tokens {where}", ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiToken(reader.GetString(0), reader.GetString(1), reader.GetString(2), Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : Parse(reader.GetString(4)), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) != 0));
        }

        return tokens;
    }

    private static Account ReadAccount(DbDataReader reader)
    {
        // An unknown role (from a newer Dossier) reads as the least privileged one.
        var role = AccessPolicy.TryParse(reader.GetString(1), out var parsed) ? parsed : Role.Viewer;
        var recovery = reader.GetString(6);
        return new Account
        {
            Name = reader.GetString(0),
            Role = role,
            Disabled = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) != 0,
            PasswordHash = reader.GetString(3),
            TotpSecret = reader.IsDBNull(4) ? null : reader.GetString(4),
            TotpLastStep = Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
            RecoveryCodeHashes = recovery.Length == 0 ? [] : recovery.Split(' '),
            FailedLogins = Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
            LockedUntil = reader.IsDBNull(8) ? null : Parse(reader.GetString(8)),
            CreatedAt = Parse(reader.GetString(9)),
            Language = reader.IsDBNull(10) ? null : reader.GetString(10),
            SolarHijri = reader.IsDBNull(11) ? null : Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture) != 0,
            MustChangePassword = Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture) != 0,
        };
    }

    private (string, object?)[] AccountParameters(Account account) =>
    [
        ("name", account.Name), ("role", AccessPolicy.Name(account.Role)), ("disabled", account.Disabled ? 1 : 0),
        ("hash", account.PasswordHash), ("totp", account.TotpSecret is { } secret ? AccountKey.Protect(account.Name, secret) : null), ("step", account.TotpLastStep),
        ("recovery", string.Join(' ', account.RecoveryCodeHashes)), ("failed", account.FailedLogins),
        ("locked", account.LockedUntil is { } l ? Text(l) : null), ("created", Text(account.CreatedAt)),
        ("mustChange", account.MustChangePassword ? 1 : 0),
    ];

    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>The audit trail: a projection of the ledger's access, account, token and identity entries (AuditProjection).</summary>
internal sealed class SqlAuditLog(Dialect dialect) : IAuditLog
{
    public async Task<IReadOnlyList<AuditRow>> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = new List<AuditRow>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        // Every filter is a bound parameter; a null one matches everything.
        await using var command = Db.Command(connection, null,
            """
            select seq, type, actor, time, reason, target, body from audit_log
            where (cast(@actor as text) is null or actor = @actor)
              and (cast(@type as text) is null or type = @type or type like @typePrefix)
              and (cast(@since as text) is null or time >= @since)
              and (cast(@until as text) is null or time < @until)
              and (cast(@target as text) is null or target = @target or target like @targetWord)
            order by seq desc limit @limit
            """,
            ("actor", filter.Actor), ("type", filter.Type), ("typePrefix", filter.Type is null ? null : filter.Type.TrimEnd('.', '*') + ".%"),
            ("since", filter.Since is { } s ? Text(s) : null), ("until", filter.Until is { } u ? Text(u) : null),
            ("target", filter.Target), ("targetWord", filter.Target is null ? null : "%" + filter.Target + "%"),
            ("limit", Math.Clamp(filter.Limit, 1, 10_000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }

        return rows;
    }

    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// Folds the account entries into the accounts table's ledger-derived columns: role and disabled
/// (account.created, account.role-changed, account.disabled, account.enabled) and the display preferences
/// (account.preferences-changed, each holding the full new state). Password hashes, TOTP secrets, recovery
/// codes and lockout counters are deliberately not in the ledger; a rebuild leaves them alone. A rebuild
/// first marks every account disabled, so a row that no account.created entry vouches for (one written
/// into the database directly) stays disabled.
/// </summary>
internal static class AccountProjection
{
    public const string DumpSql = "select name, role, disabled, language, solar_hijri from accounts";

    public static bool Handles(string type) => type is EntryTypes.AccountCreated or EntryTypes.AccountRoleChanged
        or EntryTypes.AccountDisabled or EntryTypes.AccountEnabled or EntryTypes.PreferencesChanged;

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("update accounts set disabled = 1, language = null, solar_hijri = null", cancellationToken);

    public static Task ApplyAsync(SqlSession session, Dossier.Application.Ledger.LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = (AccessBody)Entries.Find(entry.Type)!.ReadBody(entry);
        var account = body.Account ?? throw new InvalidDataException($"Ledger entry {entry.Sequence} ({entry.Type}) names no account.");
        switch (entry.Type)
        {
            case EntryTypes.AccountCreated:
                return session.ExecuteAsync("update accounts set role = @role, disabled = 0 where name = @name", cancellationToken,
                    ("role", body.Role), ("name", account));
            case EntryTypes.AccountRoleChanged:
                return session.ExecuteAsync("update accounts set role = @role where name = @name", cancellationToken,
                    ("role", body.Role), ("name", account));
            case EntryTypes.AccountDisabled:
                return session.ExecuteAsync("update accounts set disabled = 1 where name = @name", cancellationToken, ("name", account));
            case EntryTypes.AccountEnabled:
                return session.ExecuteAsync("update accounts set disabled = 0 where name = @name", cancellationToken, ("name", account));
            default:
                int? solarHijri = body.Calendar switch { "solar-hijri" => 1, "gregorian" => 0, _ => null };
                return session.ExecuteAsync("update accounts set language = @language, solar_hijri = @solar where name = @name", cancellationToken,
                    ("language", body.Language), ("solar", solarHijri), ("name", account));
        }
    }
}
