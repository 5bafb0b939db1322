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
        // The subject of an entry: a record id list, an account, or a protected subject's pseudonym.
        string? target = null;
        foreach (var member in new[] { "target", "subject", "account" })
        {
            if (entry.Body.ValueKind == System.Text.Json.JsonValueKind.Object && entry.Body.TryGetProperty(member, out var value)
                && value.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                target = value.GetString();
                break;
            }
        }

        return session.ExecuteAsync(
            "insert into audit_log (seq, type, actor, time, reason, target, body) values (@seq, @type, @actor, @time, @reason, @target, @body)",
            cancellationToken, ("seq", entry.Sequence), ("type", entry.Type), ("actor", entry.Actor),
            ("time", entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            ("reason", entry.Reason), ("target", target), ("body", Canonical(entry.Body)));
    }
}
