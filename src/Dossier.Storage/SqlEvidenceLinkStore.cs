using Dossier.Application.Evidence;
using Dossier.Application.Ledger;

namespace Dossier.Storage;

/// <summary>Queries of the evidence links (EvidenceLinkProjection writes them), read back from their ledger entries.</summary>
internal sealed class SqlEvidenceLinkStore(Dialect dialect) : IEvidenceLinkStore
{
    public Task<IReadOnlyList<EvidenceLink>> LinksFromAsync(string hash, CancellationToken cancellationToken) =>
        QueryLinksAsync("l.hash = @key", hash.ToLowerInvariant(), cancellationToken);

    public Task<IReadOnlyList<EvidenceLink>> LinksToAsync(string targetId, CancellationToken cancellationToken) =>
        QueryLinksAsync("l.target_id = @key", targetId, cancellationToken);

    private async Task<IReadOnlyList<EvidenceLink>> QueryLinksAsync(string where, string key, CancellationToken cancellationToken)
    {
        var links = new List<EvidenceLink>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null,
            $"select e.bytes from evidence_links l join ledger_entries e on e.seq = l.seq where {where} order by l.seq", ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(EvidenceLinkService.FromEntry(LedgerEntry.FromBytes((byte[])reader.GetValue(0))));
        }

        return links;
    }
}

/// <summary>Folds evidence.linked entries into evidence_links.</summary>
internal static class EvidenceLinkProjection
{
    public const string DumpSql = "select seq, hash, target_id, relation, page_from, page_to, time_from, time_to, actor, time, reason from evidence_links";

    public static bool Handles(string type) => type == EntryTypes.EvidenceLinked;

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from evidence_links", cancellationToken);

    public static Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var link = EvidenceLinkService.FromEntry(entry);
        return session.ExecuteAsync(
            """
            insert into evidence_links (seq, hash, target_id, relation, page_from, page_to, time_from, time_to, actor, time, reason)
            values (@seq, @hash, @target, @relation, @pageFrom, @pageTo, @timeFrom, @timeTo, @actor, @time, @reason)
            """,
            cancellationToken,
            ("seq", link.Sequence), ("hash", link.Hash), ("target", link.TargetId), ("relation", EvidenceLinkService.Name(link.Relation)),
            ("pageFrom", link.Locator.PageFrom), ("pageTo", link.Locator.PageTo),
            ("timeFrom", link.Locator.TimeFrom is { } f ? EvidenceLocator.Clock(f) : null),
            ("timeTo", link.Locator.TimeTo is { } t ? EvidenceLocator.Clock(t) : null),
            ("actor", link.Actor), ("time", link.Time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("reason", link.Reason));
    }
}
