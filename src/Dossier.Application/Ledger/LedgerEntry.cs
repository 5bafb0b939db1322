using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Ledger;

/// <summary>Stable names of ledger entry types. Never rename one: old entries keep their names forever.</summary>
public static class EntryTypes
{
    public const string RecordCreated = "record.created";
    public const string RecordRevised = "record.revised";
    public const string RecordRetracted = "record.retracted";
}

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
        var envelope = new JsonObject
        {
            ["seq"] = sequence,
            ["type"] = entry.Type,
            ["v"] = entry.SchemaVersion,
            ["actor"] = entry.Actor,
            ["time"] = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = entry.Reason,
            ["body"] = JsonNode.Parse(entry.Body.GetRawText()),
        };
        var bytes = JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(envelope));
        return FromBytes(bytes);
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
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("reason").GetString()!,
            root.GetProperty("body").Clone(),
            bytes,
            MerkleHash.Leaf(bytes));
    }
}
