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
        Projections.All(dialect).SelectMany(p => p.Tables);

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
