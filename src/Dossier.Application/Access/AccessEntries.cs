using System.Text.Json;
using Dossier.Application.Ledger;

namespace Dossier.Application.Access;

/// <summary>
/// Ledger entries about access: accounts, tokens, reads of sensitive records, exports and refusals.
/// Their bodies hold account names, record ids, pseudonyms and outcomes — never a protected name, never a
/// secret, never what someone typed into a search box.
/// </summary>
public static class AccessEntries
{
    public const string AccountCreated = "account.created";
    public const string AccountDisabled = "account.disabled";
    public const string AccountRoleChanged = "account.role-changed";
    public const string AccountEnabled = "account.enabled";
    public const string PasswordChanged = "account.password-changed";
    public const string SecondFactorReset = "account.second-factor-reset";
    public const string PreferencesChanged = "account.preferences-changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string SignedIn = "access.signed-in";
    public const string Read = "access.read";
    public const string Exported = "access.exported";
    public const string Denied = "access.denied";

    /// <summary>The actor named on entries made for someone who is not signed in.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Entry types the audit trail lists: these and every identity.* entry.</summary>
    public static bool IsAudited(string type) =>
        type.StartsWith("access.", StringComparison.Ordinal) || type.StartsWith("account.", StringComparison.Ordinal)
        || type.StartsWith("token.", StringComparison.Ordinal) || type.StartsWith("identity.", StringComparison.Ordinal);

    public static NewEntry Entry(string type, string actor, DateTimeOffset time, string reason, params (string Name, string? Value)[] members)
    {
        var body = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return new NewEntry(type, 1, actor, time, reason, JsonSerializer.SerializeToElement(body));
    }
}

/// <summary>One line of the audit trail, as the projection keeps it for listing and filtering.</summary>
public sealed record AuditRow(long Sequence, string Type, string Actor, DateTimeOffset Time, string Reason, string? Target, string Body);

public sealed record AuditFilter(string? Actor = null, string? Type = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Target = null, int Limit = 200);

/// <summary>Reads the audit trail (a projection of the ledger's access entries).</summary>
public interface IAuditLog
{
    Task<IReadOnlyList<AuditRow>> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken);
}
