using System.Globalization;
using Dossier.Application.Ledger;

namespace Dossier.Storage;

/// <summary>Folds access, account, token and identity entries into the audit_log table for listing and filtering.</summary>
internal static class AuditProjection
{
    public const string DumpSql = "select seq, type, actor, time, reason, target, body from audit_log order by seq";

    // Canonical, so a live append and a replay from the stored bytes write the same text.
    private static string Canonical(System.Text.Json.JsonElement body)
    {
        var text = new System.Text.StringBuilder();
        Dossier.Ledger.Canonical.JsonCanonicalizer.WriteTo(text, body);
        return text.ToString();
    }

    public static Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        // The subject of an entry: a record id list, an account, or a protected subject's id. Types this Dossier
        // does not know (from a newer one) are listed without a target.
        var target = Entries.Find(entry.Type)?.ReadBody(entry) switch
        {
            AccessBody access => access.Target ?? access.Account,
            IdentityAccessBody identity => identity.Subject,
            IdentitySealedBody sealedIdentity => sealedIdentity.Subject,
            _ => null,
        };

        return session.ExecuteAsync(
            "insert into audit_log (seq, type, actor, time, reason, target, body) values (@seq, @type, @actor, @time, @reason, @target, @body)",
            cancellationToken, ("seq", entry.Sequence), ("type", entry.Type), ("actor", entry.Actor),
            ("time", entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            ("reason", entry.Reason), ("target", target), ("body", Canonical(entry.Body)));
    }
}
