namespace Dossier.Application.Access;

/// <summary>
/// Which ledger entries the audit trail lists (access, account, token and identity entries; their kinds and
/// the <c>AccessBody</c> they carry are in the entry catalogue, <c>Entries</c>).
/// </summary>
public static class AccessEntries
{
    /// <summary>The actor named on entries made for someone who is not signed in.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Entry types the audit trail lists: these and every identity.* entry.</summary>
    public static bool IsAudited(string type) =>
        type.StartsWith("access.", StringComparison.Ordinal) || type.StartsWith("account.", StringComparison.Ordinal)
        || type.StartsWith("token.", StringComparison.Ordinal) || type.StartsWith("identity.", StringComparison.Ordinal);
}

/// <summary>One line of the audit trail, as the projection keeps it for listing and filtering.</summary>
public sealed record AuditRow(long Sequence, string Type, string Actor, DateTimeOffset Time, string Reason, string? Target, string Body);

public sealed record AuditFilter(string? Actor = null, string? Type = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Target = null, int Limit = 200);

/// <summary>Reads the audit trail (a projection of the ledger's access entries).</summary>
public interface IAuditLog
{
    Task<IReadOnlyList<AuditRow>> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken);
}
