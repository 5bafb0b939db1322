using System.Globalization;
using System.Text;
using System.Text.Json;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Ledger;

/// <summary>An entry about to be appended: what changed, by whom, why. Its sequence number is given on append.</summary>
public sealed record NewEntry(string Type, int SchemaVersion, string Actor, DateTimeOffset Time, string Reason, JsonElement Body);

/// <summary>
/// An appended entry. <see cref="Bytes"/> is the RFC 8785 canonical JSON of the whole envelope, sequence
/// number included, and <see cref="LeafHash"/> its RFC 9162 leaf hash: these two are what verification checks.
/// </summary>
public sealed record LedgerEntry(long Sequence, string Type, int SchemaVersion, string Actor, DateTimeOffset Time, string Reason, JsonElement Body, byte[] Bytes, byte[] LeafHash)
{
    public static LedgerEntry Seal(long sequence, NewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var time = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        // The envelope's members written directly in RFC 8785 order (actor, body, reason, seq, time, type, v).
        var text = new StringBuilder(256 + entry.Body.GetRawText().Length);
        text.Append("{\"actor\":");
        JsonCanonicalizer.WriteStringTo(text, entry.Actor);
        text.Append(",\"body\":");
        JsonCanonicalizer.WriteTo(text, entry.Body);
        text.Append(",\"reason\":");
        JsonCanonicalizer.WriteStringTo(text, entry.Reason);
        text.Append(",\"seq\":").Append(sequence.ToString(CultureInfo.InvariantCulture));
        text.Append(",\"time\":");
        JsonCanonicalizer.WriteStringTo(text, time);
        text.Append(",\"type\":");
        JsonCanonicalizer.WriteStringTo(text, entry.Type);
        text.Append(",\"v\":").Append(entry.SchemaVersion.ToString(CultureInfo.InvariantCulture)).Append('}');
        // Read back from the sealed bytes: what a live append projects is exactly what a rebuild will replay.
        return FromBytes(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Reads an entry back from its stored canonical bytes.</summary>
    public static LedgerEntry FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return new LedgerEntry(
            root.GetProperty("seq").GetInt64(),
            root.GetProperty("type").GetString()!,
            root.GetProperty("v").GetInt32(),
            root.GetProperty("actor").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
            root.GetProperty("reason").GetString()!,
            root.GetProperty("body").Clone(),
            bytes,
            MerkleHash.Leaf(bytes));
    }
}
