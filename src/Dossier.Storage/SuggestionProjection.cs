using System.Data.Common;
using System.Globalization;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>The suggestion review queue (ADR 1603): evidence.suggested makes open rows, evidence.suggestion-decided closes one.</summary>
internal static class SuggestionProjection
{
    public static bool Handles(string entryType) => entryType is EntryTypes.EvidenceSuggested or EntryTypes.EvidenceSuggestionDecided;

    public const string DumpSql = "select id, seq, n, hash, text_hash, kind, target, label, pages, score, status, decided_seq, result from document_suggestions";

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) => session.ExecuteAsync("delete from document_suggestions", cancellationToken);

    public static async Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Type == EntryTypes.EvidenceSuggestionDecided)
        {
            var decided = Entries.EvidenceSuggestionDecided.Read(entry);
            // Only an open suggestion is decided: a second decision (two reviewers racing) stays in the ledger only.
            await session.ExecuteAsync(
                "update document_suggestions set status = @status, decided_seq = @seq, result = @result where id = @id and status = 'open'",
                cancellationToken, ("status", decided.Decision), ("seq", entry.Sequence), ("result", decided.Result), ("id", decided.Suggestion));
            return;
        }

        var body = Entries.EvidenceSuggested.Read(entry);
        for (var n = 1; n <= body.Suggestions.Count; n++)
        {
            var item = body.Suggestions[n - 1];
            await session.ExecuteAsync(
                """
                insert into document_suggestions (id, seq, n, hash, text_hash, kind, target, label, pages, score, status)
                values (@id, @seq, @n, @hash, @text, @kind, @target, @label, @pages, @score, 'open')
                """,
                cancellationToken,
                ("id", Id(entry.Sequence, n)), ("seq", entry.Sequence), ("n", n), ("hash", body.Hash.ToLowerInvariant()), ("text", body.Text.ToLowerInvariant()),
                ("kind", item.Kind), ("target", item.Target), ("label", item.Label),
                ("pages", string.Join(',', item.Pages.Select(p => p.ToString(CultureInfo.InvariantCulture)))), ("score", item.Score));
        }
    }

    public static string Id(long sequence, int n) => string.Create(CultureInfo.InvariantCulture, $"{sequence}.{n}");
}

/// <summary>Queries of the review queue.</summary>
internal sealed class SqlSuggestionStore(Dialect dialect) : ISuggestionStore
{
    private const string Select =
        "select s.id, s.hash, i.original_name, s.text_hash, s.kind, s.target, s.label, s.pages, s.score, i.classification, s.status, s.decided_seq, s.result " +
        "from document_suggestions s join evidence_items i on i.hash = s.hash";

    public Task<IReadOnlyList<DocumentSuggestion>> SuggestionsAsync(string? hash, bool openOnly, Classification ceiling, CancellationToken cancellationToken) =>
        QueryAsync(
            $"{Select} where (cast(@hash as text) is null or s.hash = @hash) and (@open = 0 or s.status = 'open') and {Dialect.WithinCeiling("i.classification")} order by s.seq, s.n",
            cancellationToken, ("hash", hash), ("open", openOnly ? 1 : 0), ("ceiling", (int)ceiling));

    public async Task<DocumentSuggestion?> GetSuggestionAsync(string id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"{Select} where s.id = @id", cancellationToken, ("id", id));
        return found.Count > 0 ? found[0] : null;
    }

    private async Task<IReadOnlyList<DocumentSuggestion>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var found = new List<DocumentSuggestion>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    private static DocumentSuggestion Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
        [.. reader.GetString(7).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))],
        Convert.ToDouble(reader.GetValue(8), CultureInfo.InvariantCulture),
        Classifications.TryParse(reader.GetString(9), out var level) ? level : Classification.ProtectedIdentity,
        Enum.TryParse<SuggestionStatus>(reader.GetString(10), ignoreCase: true, out var status) ? status : SuggestionStatus.Open,
        reader.IsDBNull(11) ? null : Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture),
        reader.IsDBNull(12) ? null : reader.GetString(12));
}
