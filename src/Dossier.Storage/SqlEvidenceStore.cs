using System.Data.Common;
using System.Text.Json;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Ledger.Bundles;

namespace Dossier.Storage;

/// <summary>
/// Queries of the evidence projection (EvidenceProjector writes it): no ledger scans. Acquisitions are appended
/// here with their extracted metadata, which is kept beside the ledger (evidence_metadata) in the same transaction.
/// </summary>
internal sealed class SqlEvidenceStore(Dialect dialect, SqlWorkspaceStore ledger) : IEvidenceStore
{
    private const string SelectItem =
        "select i.hash, i.size, i.media_type, i.original_name, i.holder, i.acquired_seq, i.derived_from, i.derivation, i.body, i.classification, m.json " +
        "from evidence_items i left join evidence_metadata m on m.hash = i.hash";

    public Task<IReadOnlyList<LedgerEntry>> AppendAcquisitionsAsync(IReadOnlyList<NewEntry> entries, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return ledger.AppendAsync(entries, async (session, ct) =>
        {
            foreach (var (hash, json) in metadata)
            {
                // A file acquired again (a race) keeps the metadata first stored: the same file gives the same metadata.
                await session.ExecuteAsync("insert into evidence_metadata (hash, json) values (@hash, @json) on conflict (hash) do nothing",
                    ct, ("hash", hash), ("json", json));
            }
        }, cancellationToken);
    }

    public async Task<bool> EraseMetadataAsync(string hash, NewEntry erased, CancellationToken cancellationToken)
    {
        if (await StoredMetadataAsync(hash, cancellationToken) is null)
        {
            return false;
        }

        await ledger.AppendAsync([erased], async (session, ct) =>
        {
            var secure = dialect is SqliteDialect;
            if (secure)
            {
                await session.ExecuteAsync("pragma secure_delete = on", ct);
            }

            var deleted = await session.ExecuteAsync("delete from evidence_metadata where hash = @hash", ct, ("hash", hash));
            if (secure)
            {
                await session.ExecuteAsync("pragma secure_delete = off", ct);
            }

            if (deleted != 1)
            {
                // Erased by someone else in between: roll back rather than record a second erasure.
                throw new InvalidOperationException($"The metadata of {hash} was already erased.");
            }
        }, cancellationToken);
        return true;
    }

    public async Task<string?> StoredMetadataAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await Db.ScalarAsync(connection, null, "select json from evidence_metadata where hash = @hash", cancellationToken, ("hash", hash)) as string;
    }

    public async Task<IReadOnlyList<Application.Search.PageHit>> SearchPagesAsync(IReadOnlyList<Application.Search.QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            return [];
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await dialect.SearchPagesAsync(connection, words, ceiling, limit, cancellationToken);
    }

    public async Task<EvidenceItem?> GetItemAsync(string hash, CancellationToken cancellationToken)
    {
        var found = await QueryItemsAsync($"{SelectItem} where i.hash = @hash", cancellationToken, ("hash", hash));
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<EvidenceItem>> ListItemsAsync(int offset, int limit, CancellationToken cancellationToken) =>
        QueryItemsAsync($"{SelectItem} order by i.acquired_seq limit @limit offset @offset", cancellationToken, ("limit", limit), ("offset", offset));

    public async Task<long> CountItemsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, "select count(*) from evidence_items", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<LedgerEntry>> CustodyAsync(string hash, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null,
            "select e.bytes from evidence_custody c join ledger_entries e on e.seq = c.seq where c.hash = @hash order by c.seq", ("hash", hash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(LedgerEntry.FromBytes((byte[])reader.GetValue(0)));
        }

        return entries;
    }

    public Task<IReadOnlyList<EvidenceItem>> DerivativesAsync(string hash, CancellationToken cancellationToken) =>
        QueryItemsAsync($"{SelectItem} where i.hash in (select derivative from evidence_derivatives where original = @hash) order by i.acquired_seq", cancellationToken, ("hash", hash));

    private async Task<IReadOnlyList<EvidenceItem>> QueryItemsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var items = new List<EvidenceItem>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    private static EvidenceItem ReadItem(DbDataReader reader)
    {
        // The acquisition entry's body, as the projection keeps it.
        using var document = JsonDocument.Parse(reader.GetString(8));
        var body = EntryJson.Read<EvidenceAcquiredBody>(document.RootElement);
        return new EvidenceItem
        {
            Hash = reader.GetString(0),
            Size = reader.GetInt64(1),
            MediaType = reader.GetString(2),
            OriginalName = reader.GetString(3),
            Holder = reader.GetString(4),
            AcquisitionEntry = reader.GetInt64(5),
            DerivedFrom = reader.IsDBNull(6) ? null : reader.GetString(6),
            Derivation = reader.IsDBNull(7) ? null : reader.GetString(7),
            Acquisition = body.Acquisition,
            Classification = Classifications.TryParse(reader.GetString(9), out var classification) ? classification : Classification.Internal,
            // Kept beside the ledger since v2; a version-1 entry carried it in its body.
            Metadata = reader.IsDBNull(10) ? body.Metadata?.Clone() : JsonDocument.Parse(reader.GetString(10)).RootElement.Clone(),
        };
    }
}
