using System.Data.Common;
using System.Text.Json;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Ledger.Bundles;

namespace Dossier.Storage;

/// <summary>Queries of the evidence projection (EvidenceProjector writes it): no ledger scans.</summary>
internal sealed class SqlEvidenceStore(Dialect dialect) : IEvidenceStore
{
    private const string SelectItem = "select hash, size, media_type, original_name, holder, acquired_seq, derived_from, derivation, body from evidence_items";

    public async Task<EvidenceItem?> GetItemAsync(string hash, CancellationToken cancellationToken)
    {
        var found = await QueryItemsAsync($"{SelectItem} where hash = @hash", cancellationToken, ("hash", hash));
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<EvidenceItem>> ListItemsAsync(int offset, int limit, CancellationToken cancellationToken) =>
        QueryItemsAsync($"{SelectItem} order by acquired_seq limit @limit offset @offset", cancellationToken, ("limit", limit), ("offset", offset));

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
        QueryItemsAsync($"{SelectItem} where hash in (select derivative from evidence_derivatives where original = @hash) order by acquired_seq", cancellationToken, ("hash", hash));

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
            Metadata = body.Metadata?.Clone(),
        };
    }
}
