using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Dossier.Storage;

/// <summary>
/// Every projected table as sorted text rows, one section per table: what `rebuild` must reproduce and
/// `verify --deep` compares. Tables of state deliberately kept out of the ledger (password hashes, TOTP
/// secrets, lockout counters, API tokens, checkpoints, the Merkle nodes) are not here; see
/// docs/architecture.md. Rows are sorted in memory, not by the database, because text order differs
/// between SQLite's and PostgreSQL's collations.
/// </summary>
internal static class ProjectionDump
{
    public sealed record Section(string Table, IReadOnlyList<string> Rows);

    private static IEnumerable<(string Table, string Sql)> Queries(Dialect dialect) =>
    [
        ("records", "select id, kind, version, retracted, classification, synthetic, label, json, created_seq, updated_seq from records"),
        ("record_refs", "select record_id, target_id, role from record_refs"),
        ("record_history", "select record_id, seq from record_history"),
        ("search_index", dialect.DumpSearchSql),
        ("audit_log", AuditProjection.DumpSql),
        ("sealed_identities", "select subject_id, pseudonym, category, dek_id, sealed_seq, erased_seq from sealed_identities"),
        ("lists", "select list_id, source_id, name, synthetic, columns, fields, row_count, file_name, sha256, imported_seq from lists"),
        ("list_rows", "select list_id, row_id, ord, line, synthetic, seq, json from list_rows"),
        ("linkage_runs", "select seq, lists, row_count, clusters, review_pairs, synthetic, actor, time, reason, parameters, summary from linkage_runs"),
        ("linkage_edges", "select run_seq, a_key, b_key, probability from linkage_edges"),
        ("linkage_review", "select run_seq, a_key, b_key, ord, probability, explanation from linkage_review"),
        ("linkage_decisions", "select seq, run_seq, a_key, b_key, verdict, actor, reason, time from linkage_decisions"),
        ("list_clusters", "select row_key, cluster_id, run_seq from list_clusters"),
        ("estimate_runs", "select seq, source, lists, synthetic, from_workspace, method, actor, reason, time from estimate_runs"),
        ("evidence_items", "select hash, size, media_type, original_name, collector, collected_at_utc, holder, acquired_seq, derived_from, derivation, body from evidence_items"),
        ("evidence_custody", "select hash, seq, action from evidence_custody"),
        ("evidence_derivatives", "select original, derivative, derivation, seq from evidence_derivatives"),
        ("evidence_links", EvidenceLinkProjection.DumpSql),
        ("accounts", AccountProjection.DumpSql),
    ];

    public static async Task<IReadOnlyList<Section>> ReadAsync(Dialect dialect, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var sections = new List<Section>();
        foreach (var (table, sql) in Queries(dialect))
        {
            var rows = new List<string>();
            await using var command = Db.Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            sections.Add(new Section(table, rows));
        }

        return sections;
    }

    public static string ToText(IReadOnlyList<Section> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            text.Append("## ").Append(section.Table).Append('\n');
            foreach (var row in section.Rows)
            {
                text.Append(row).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The first difference between the live projection and a replay of the ledger, or null when they are equal.</summary>
    public static Dossier.Application.Workspace.ProjectionDifference? FirstDifference(IReadOnlyList<Section> live, IReadOnlyList<Section> replayed)
    {
        for (var s = 0; s < live.Count; s++)
        {
            var (have, want) = (live[s].Rows, replayed[s].Rows);
            for (var i = 0; i < Math.Max(have.Count, want.Count); i++)
            {
                var liveRow = i < have.Count ? have[i] : null;
                var replayedRow = i < want.Count ? want[i] : null;
                if (!string.Equals(liveRow, replayedRow, StringComparison.Ordinal))
                {
                    return new Dossier.Application.Workspace.ProjectionDifference(live[s].Table, liveRow, replayedRow);
                }
            }
        }

        return null;
    }
}
