using System.Globalization;
using System.Text;
using System.Text.Json;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Ledger;

/// <summary>
/// Stable names of ledger entry types (for <c>switch</c>; their kinds, with body types and schema versions, are
/// in <see cref="Entries"/>). Never rename one: old entries keep their names forever.
/// </summary>
public static class EntryTypes
{
    public const string RecordCreated = "record.created";
    public const string RecordRevised = "record.revised";
    public const string RecordRetracted = "record.retracted";

    // Sealed identities (docs/protected-identities.md): ciphertext, audited unseals, refusals, crypto-shredding, key rotation.
    public const string IdentitySealed = "identity.sealed";
    public const string IdentityUnsealed = "identity.unsealed";
    public const string IdentityAccessRefused = "identity.access-refused";
    public const string IdentityErased = "identity.erased";
    public const string IdentityRekeyed = "identity.rekeyed";
    // Split custody of the master key (ADR 0905): k of n, custodians' names, the key's id; never a share.
    public const string IdentityKeySplit = "identity.key-split";
    public const string IdentityKeyRecovered = "identity.key-recovered";
    public const string ListImported = "list.imported";
    public const string ListRows = "list.rows";
    // The linkage roles of a list's columns, changed after its import; the next linkage run uses them.
    public const string ListFieldsChanged = "list.fields-changed";
    public const string LinkageRun = "linkage.run";
    public const string LinkageDecision = "linkage.decision";
    public const string EstimateRun = "estimate.run";
    // Evidence vault (docs/adr/0305-custody-model.md): one acquisition per stored file, then its custody events.
    public const string EvidenceAcquired = "evidence.acquired";
    public const string EvidenceTransferred = "evidence.transferred";
    public const string EvidenceCopied = "evidence.copied";
    public const string EvidenceAnalysed = "evidence.analysed";
    public const string EvidenceRedacted = "evidence.redacted";
    public const string EvidenceDisclosed = "evidence.disclosed";
    public const string EvidenceLinked = "evidence.linked";
    public const string EvidenceReturned = "evidence.returned";
    // The metadata kept beside the ledger for an item (ADR 0909) was destroyed; the entry names only its digest.
    public const string EvidenceMetadataErased = "evidence.metadata-erased";

    // Accounts, tokens and access (docs/access-control.md); the audit trail lists these and every identity.* entry.
    public const string AccountCreated = "account.created";
    public const string AccountDisabled = "account.disabled";
    public const string AccountRoleChanged = "account.role-changed";
    public const string AccountEnabled = "account.enabled";
    public const string PasswordChanged = "account.password-changed";
    public const string SecondFactorReset = "account.second-factor-reset";
    public const string PreferencesChanged = "account.preferences-changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string SignedIn = "access.signed-in";
    public const string Read = "access.read";
    public const string Exported = "access.exported";
    public const string Denied = "access.denied";
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
