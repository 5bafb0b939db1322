using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;
using Dossier.Ledger.Bundles;

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
    // List rows identified as one person record (issue 18 item 6): the rows stay the person's sources.
    public const string ListRowsIdentified = "list.rows-identified";
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
    // An item's classification changed after its acquisition (ADR 1817): raised at once, or lowered for disclosure.
    public const string EvidenceClassified = "evidence.classified";
    // Names and dates found in an ingested file's text (ADR 1603), and a reviewer's decision on one of them.
    public const string EvidenceSuggested = "evidence.suggested";
    public const string EvidenceSuggestionDecided = "evidence.suggestion-decided";

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

/// <summary>
/// The catalogue of ledger entries: every entry type with its stable name, the C# type of its body and its
/// schema version. A service appends <c>Entries.X.New(body, …)</c>; a projection reads
/// <c>Entries.X.Read(entry)</c>. Adding an entry type means one kind here (with its body record below or
/// beside its area's model), one service that appends it and one projection handler that folds it in.
/// Names and body members are forever: old entries keep their bytes, and a body that changes shape gets
/// a new schema version with an upcaster from the old one (docs/adr/0906-typed-entry-catalogue.md).
/// </summary>
public static class Entries
{
    // Records (docs/formats/workspace.md for the record itself).
    public static readonly EntryKind<RecordCreatedBody> RecordCreated = new(EntryTypes.RecordCreated, 1);
    public static readonly EntryKind<RecordRevisedBody> RecordRevised = new(EntryTypes.RecordRevised, 1);
    public static readonly EntryKind<RecordRetractedBody> RecordRetracted = new(EntryTypes.RecordRetracted, 1);

    // Sealed identities (docs/protected-identities.md): ciphertext, audited unseals, refusals, crypto-shredding, key custody.
    public static readonly EntryKind<IdentitySealedBody> IdentitySealed = new(EntryTypes.IdentitySealed, 1);
    public static readonly EntryKind<IdentityAccessBody> IdentityUnsealed = new(EntryTypes.IdentityUnsealed, 1);
    public static readonly EntryKind<IdentityAccessBody> IdentityAccessRefused = new(EntryTypes.IdentityAccessRefused, 1);
    public static readonly EntryKind<IdentityAccessBody> IdentityErased = new(EntryTypes.IdentityErased, 1);
    public static readonly EntryKind<IdentityRekeyedBody> IdentityRekeyed = new(EntryTypes.IdentityRekeyed, 1);
    public static readonly EntryKind<KeyCustodyBody> IdentityKeySplit = new(EntryTypes.IdentityKeySplit, 1);
    public static readonly EntryKind<KeyCustodyBody> IdentityKeyRecovered = new(EntryTypes.IdentityKeyRecovered, 1);

    // Victim lists, linkage and estimates (docs/formats/lists-and-linkage.md).
    public static readonly EntryKind<ListEntries.ListImportedBody> ListImported = new(EntryTypes.ListImported, 1);
    public static readonly EntryKind<ListEntries.ListRowsBody> ListRows = new(EntryTypes.ListRows, 1);
    public static readonly EntryKind<ListEntries.FieldsChangedBody> ListFieldsChanged = new(EntryTypes.ListFieldsChanged, 1);
    public static readonly EntryKind<ListEntries.RowsIdentifiedBody> ListRowsIdentified = new(EntryTypes.ListRowsIdentified, 1);
    public static readonly EntryKind<LinkageRunBody> LinkageRun = new(EntryTypes.LinkageRun, 1);
    public static readonly EntryKind<ListEntries.DecisionBody> LinkageDecision = new(EntryTypes.LinkageDecision, 1);
    // v2 (issue 17): the parameters name the latent-class sampler version; a v1 run was made by sampler 1.
    // v3 (issue 17 items 1 and 5, ADR 0207): optional linkage uncertainty — parameters.linkage (samples, seed, draw,
    // budget) and linkageUncertainty (every sampled clustering's histories and the combined figures) — and the event
    // the estimate counts. A v2 body has none of them: it was estimated from one clustering, and reads (and re-runs)
    // as a plug-in estimate attached to no event.
    // v4 (ADR 1819): per-stratum figures with linkage uncertainty — parameters.linkage.strata (the column each sampled
    // clustering was split by; its samples' histories then carry that column) and linkageUncertainty.summary.strata.
    // A v3 body has neither: its samples were whole-input, its strata plug-in, and it reads and re-runs as it was.
    // v5 (ADR 1826): the total over strata with linkage uncertainty — linkageUncertainty.summary.total. A v4 body has
    // none: its total over strata was plug-in, and it reads and re-runs as it was. An unstratified v5 body is a v4 body.
    public static readonly EntryKind<EstimateRunBody> EstimateRun = new(EntryTypes.EstimateRun, 5, new Upcaster(1, v1 =>
    {
        if (v1["parameters"] is JsonObject parameters && !parameters.ContainsKey("sampler"))
        {
            parameters["sampler"] = 1;
        }

        return v1;
    }), new Upcaster(2, v2 => v2), new Upcaster(3, v3 => v3), new Upcaster(4, v4 => v4));

    // The evidence vault (docs/adr/0305-custody-model.md): one acquisition per stored file, then its custody events.
    // v2 (issue 13 item 4): a classification, and the extracted metadata (names, GPS) kept beside the ledger under
    // its SHA-256, so it can be erased; v1 bodies carried the metadata itself and read as "internal".
    public static readonly EntryKind<EvidenceAcquiredBody> EvidenceAcquired = new(EntryTypes.EvidenceAcquired, 2, new Upcaster(1, v1 =>
    {
        v1["classification"] = "internal";
        return v1;
    }));
    public static readonly EntryKind<CustodyBody> EvidenceTransferred = new(EntryTypes.EvidenceTransferred, 1);
    public static readonly EntryKind<CustodyBody> EvidenceCopied = new(EntryTypes.EvidenceCopied, 1);
    public static readonly EntryKind<CustodyBody> EvidenceAnalysed = new(EntryTypes.EvidenceAnalysed, 1);
    public static readonly EntryKind<CustodyBody> EvidenceRedacted = new(EntryTypes.EvidenceRedacted, 1);
    public static readonly EntryKind<CustodyBody> EvidenceDisclosed = new(EntryTypes.EvidenceDisclosed, 1);
    public static readonly EntryKind<CustodyBody> EvidenceReturned = new(EntryTypes.EvidenceReturned, 1);
    public static readonly EntryKind<EvidenceLinkedBody> EvidenceLinked = new(EntryTypes.EvidenceLinked, 1);
    public static readonly EntryKind<EvidenceMetadataErasedBody> EvidenceMetadataErased = new(EntryTypes.EvidenceMetadataErased, 1);
    // A reclassification (ADR 1817): the item, its new and its previous classification; the entry's reason says why.
    public static readonly EntryKind<EvidenceClassifiedBody> EvidenceClassified = new(EntryTypes.EvidenceClassified, 1);
    // Suggestions of an ingest (ADR 1603): record ids and dates with pages, never the document's words.
    public static readonly EntryKind<EvidenceSuggestedBody> EvidenceSuggested = new(EntryTypes.EvidenceSuggested, 1);
    public static readonly EntryKind<SuggestionDecidedBody> EvidenceSuggestionDecided = new(EntryTypes.EvidenceSuggestionDecided, 1);

    // Accounts, tokens and access (docs/access-control.md): names, roles and outcomes, never a secret.
    public static readonly EntryKind<AccessBody> AccountCreated = new(EntryTypes.AccountCreated, 1);
    public static readonly EntryKind<AccessBody> AccountDisabled = new(EntryTypes.AccountDisabled, 1);
    public static readonly EntryKind<AccessBody> AccountEnabled = new(EntryTypes.AccountEnabled, 1);
    public static readonly EntryKind<AccessBody> AccountRoleChanged = new(EntryTypes.AccountRoleChanged, 1);
    public static readonly EntryKind<AccessBody> PasswordChanged = new(EntryTypes.PasswordChanged, 1);
    public static readonly EntryKind<AccessBody> SecondFactorReset = new(EntryTypes.SecondFactorReset, 1);
    public static readonly EntryKind<AccessBody> PreferencesChanged = new(EntryTypes.PreferencesChanged, 1);
    public static readonly EntryKind<AccessBody> TokenCreated = new(EntryTypes.TokenCreated, 1);
    public static readonly EntryKind<AccessBody> TokenRevoked = new(EntryTypes.TokenRevoked, 1);
    public static readonly EntryKind<AccessBody> SignedIn = new(EntryTypes.SignedIn, 1);
    public static readonly EntryKind<AccessBody> Read = new(EntryTypes.Read, 1);
    public static readonly EntryKind<AccessBody> Exported = new(EntryTypes.Exported, 1);
    public static readonly EntryKind<AccessBody> Denied = new(EntryTypes.Denied, 1);

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<EntryKind> All { get; } =
        [.. typeof(Entries).GetFields().Where(f => f.IsStatic && f.FieldType.IsAssignableTo(typeof(EntryKind))).Select(f => (EntryKind)f.GetValue(null)!)];

    private static readonly Dictionary<string, EntryKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind of this name, or null for a type this version of Dossier does not know (from a newer one).</summary>
    public static EntryKind? Find(string name) => ByName.GetValueOrDefault(name);
}

/// <summary>One entry type: its stable name and the schema version this code writes.</summary>
public abstract class EntryKind(string name, int version)
{
    public string Name { get; } = name;

    /// <summary>The schema version new entries of this kind are written with.</summary>
    public int Version { get; } = version;

    public abstract Type BodyType { get; }

    /// <summary>Reads a body of this kind (any version this code knows) and writes it back as this version writes it.</summary>
    public abstract JsonElement Normalise(LedgerEntry entry);

    /// <summary>The body as its C# type, for code that handles several kinds by their body types (the audit trail).</summary>
    public abstract object ReadBody(LedgerEntry entry);

    public override string ToString() => $"{Name} v{Version}";
}

/// <summary>
/// An entry type whose body is a <typeparamref name="TBody"/>. <see cref="Read"/> takes any schema version
/// from 1 to <see cref="EntryKind.Version"/>: an older body is brought forward by the upcasters, one
/// version at a time, before it is deserialised.
/// </summary>
public sealed class EntryKind<TBody>(string name, int version, params Upcaster[] upcasters) : EntryKind(name, version)
    where TBody : class
{
    private readonly IReadOnlyDictionary<int, Func<JsonObject, JsonObject>> _upcasters = Check(name, version, upcasters);

    public override Type BodyType => typeof(TBody);

    public NewEntry New(TBody body, string actor, DateTimeOffset time, string reason)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new NewEntry(Name, Version, actor, time, reason, EntryJson.Write(body));
    }

    public bool Is(LedgerEntry entry) => entry is not null && entry.Type == Name;

    public TBody Read(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type != Name)
        {
            throw new ArgumentException($"entry {entry.Sequence} is a {entry.Type}, not a {Name}", nameof(entry));
        }

        return Read(entry.Body, entry.SchemaVersion, entry.Sequence);
    }

    /// <summary>Reads a body not yet appended (e.g. a precondition check before the append).</summary>
    public TBody Read(NewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Read(entry.Body, entry.SchemaVersion, null);
    }

    public override JsonElement Normalise(LedgerEntry entry) => EntryJson.Write(Read(entry));

    public override object ReadBody(LedgerEntry entry) => Read(entry);

    private TBody Read(JsonElement body, int schemaVersion, long? sequence)
    {
        var where = sequence is { } seq ? $"entry {seq} ({Name} v{schemaVersion})" : $"a {Name} v{schemaVersion} entry";
        if (schemaVersion > Version)
        {
            throw new InvalidDataException($"{where} was written by a newer Dossier (this one reads {Name} up to v{Version})");
        }

        try
        {
            if (schemaVersion == Version)
            {
                return EntryJson.Read<TBody>(body);
            }

            var node = JsonNode.Parse(body.GetRawText()) as JsonObject ?? throw new InvalidDataException($"{where}: the body is not an object");
            for (var v = schemaVersion; v < Version; v++)
            {
                node = _upcasters.TryGetValue(v, out var up) ? up(node) : throw new InvalidDataException($"{where}: no upcaster from v{v}");
            }

            return node.Deserialize<TBody>(EntryJson.Options) ?? throw new InvalidDataException($"{where}: empty body");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{where}: the body does not have the catalogue's shape: {exception.Message}", exception);
        }
    }

    private static Dictionary<int, Func<JsonObject, JsonObject>> Check(string name, int version, Upcaster[] upcasters)
    {
        var byVersion = upcasters.ToDictionary(u => u.From, u => u.Upgrade);
        for (var v = 1; v < version; v++)
        {
            if (!byVersion.ContainsKey(v))
            {
                throw new InvalidOperationException($"{name} is at v{version} but has no upcaster from v{v}");
            }
        }

        return byVersion;
    }
}

/// <summary>Brings a body of schema version <see cref="From"/> to version From + 1.</summary>
public sealed record Upcaster(int From, Func<JsonObject, JsonObject> Upgrade);

/// <summary>
/// The one serializer of entry bodies: camelCase members, enums as camelCase strings (classifications as records
/// write them), record kinds by their stable names, and null members left out (a member that is absent and one written as null read the same;
/// some version-1 bodies wrote nulls, and they still verify from their stored bytes).
/// </summary>
public static class EntryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Classifications are written as records write them (protected-identity); other enums in camelCase.
        Converters = { new JsonStringEnumConverter<Classification>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new RecordKindJsonConverter() },
    };

    public static JsonElement Write<T>(T body) => JsonSerializer.SerializeToElement(body, Options);

    public static T Read<T>(JsonElement body) => body.Deserialize<T>(Options) ?? throw new InvalidDataException($"empty {typeof(T).Name}");

    private sealed class RecordKindJsonConverter : JsonConverter<RecordKind>
    {
        public override RecordKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            RecordKinds.TryParse(reader.GetString(), out var kind) ? kind : throw new JsonException($"unknown record kind '{reader.GetString()}'");

        public override void Write(Utf8JsonWriter writer, RecordKind value, JsonSerializerOptions options) => writer.WriteStringValue(RecordKinds.Name(value));
    }
}

// ---- Bodies. A member's JSON name is its camelCase name; nullable members are optional. ----

/// <summary>A new record, whole, with its kind.</summary>
[JsonConverter(typeof(RecordBodyJsonConverter))]
public sealed record RecordCreatedBody(Record Record)
{
    public RecordKind Kind => Record.Kind;
}

/// <summary>A record's new state, whole, and the version it replaces.</summary>
[JsonConverter(typeof(RecordBodyJsonConverter))]
public sealed record RecordRevisedBody(Record Record, int PreviousVersion)
{
    public RecordKind Kind => Record.Kind;
}

public sealed record RecordRetractedBody(RecordKind Kind, string Id, int PreviousVersion);

/// <summary>
/// Writes <c>{kind, previousVersion?, record}</c> with the record in its own format (RecordJson), and reads the
/// record back as the kind names it (the record's JSON itself does not say what kind it is).
/// </summary>
internal sealed class RecordBodyJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(RecordCreatedBody) || typeToConvert == typeof(RecordRevisedBody);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(RecordCreatedBody) ? new Created() : new Revised();

    private static (Record Record, int? Previous) ReadBody(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var kindName = root.GetProperty("kind").GetString();
        if (!RecordKinds.TryParse(kindName, out var kind))
        {
            throw new JsonException($"unknown record kind '{kindName}'");
        }

        int? previous = root.TryGetProperty("previousVersion", out var p) ? p.GetInt32() : null;
        return (RecordJson.FromElement(kind, root.GetProperty("record")), previous);
    }

    private static void WriteBody(Utf8JsonWriter writer, Record record, int? previous)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", RecordKinds.Name(record.Kind));
        if (previous is { } version)
        {
            writer.WriteNumber("previousVersion", version);
        }

        writer.WritePropertyName("record");
        JsonSerializer.Serialize(writer, record, record.GetType(), RecordJson.Options);
        writer.WriteEndObject();
    }

    private sealed class Created : JsonConverter<RecordCreatedBody>
    {
        public override RecordCreatedBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(ReadBody(ref reader).Record);

        public override void Write(Utf8JsonWriter writer, RecordCreatedBody value, JsonSerializerOptions options) => WriteBody(writer, value.Record, null);
    }

    private sealed class Revised : JsonConverter<RecordRevisedBody>
    {
        public override RecordRevisedBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var (record, previous) = ReadBody(ref reader);
            return new RecordRevisedBody(record, previous ?? throw new JsonException("a record.revised body names no previousVersion"));
        }

        public override void Write(Utf8JsonWriter writer, RecordRevisedBody value, JsonSerializerOptions options) => WriteBody(writer, value.Record, value.PreviousVersion);
    }
}

/// <summary>A sealed identity: its subject and pseudonym, the data key's id, and the AES-GCM ciphertext (never plaintext).</summary>
public sealed record IdentitySealedBody(
    string Subject, string Pseudonym, string Category, string DekId, int KeyVersion, string Alg, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>An unseal, a refused attempt or an erasure: which subject, by which role; for a refusal, the operation and the cause.</summary>
public sealed record IdentityAccessBody(string Subject, string? Pseudonym, string Role, string? Operation = null, string? Cause = null, string? DekId = null);

public sealed record IdentityRekeyedBody(string MasterKeyId, int Keys);

/// <summary>A split of the master key into custody shares, or its recovery from some of them (never a share).</summary>
public sealed record KeyCustodyBody(string MasterKeyId, string Split, int Threshold, IReadOnlyList<string> Custodians, int? Shares = null, string? Tool = null, bool? Replaced = null);

/// <summary>
/// An estimate run: its input (the capture histories, and how they were derived from the workspace), the
/// parameters that re-create it, the report (its own format, EstimationReport.ToJson) and the posterior
/// draws of N for the plots.
/// </summary>
/// <param name="LinkageUncertainty">v3: the sampled clusterings and the figures that carry linkage uncertainty (absent for a plug-in estimate).</param>
/// <param name="Event">v3: the event record whose victims the estimate counts (<c>--event</c>), shown on that event's count page; absent when not said.</param>
public sealed record EstimateRunBody(EstimateRunBody.InputInfo Input, EstimateParameters Parameters, JsonElement Results, IReadOnlyList<long[]>? PosteriorDraws,
    LinkageUncertaintyBody? LinkageUncertainty = null, string? Event = null)
{
    public sealed record InputInfo(string Name, string Sha256, string Csv, WorkspaceInfo? Workspace);

    /// <param name="StrataGroups">Strata whose values came in several scripts or spellings, with the spellings read as each.</param>
    public sealed record WorkspaceInfo(IReadOnlyList<string> Lists, long? LinkageRun, int Decisions, long LedgerSize, int People, string? Strata, bool Synthetic,
        IReadOnlyList<StratumGroup>? StrataGroups = null);
}

/// <summary>
/// A file taken into the vault: its hash and size, what it is, how it was acquired, who may see it
/// (<see cref="Classification"/>, as records: public, internal, restricted, protected-identity), and the
/// SHA-256 of the metadata extracted from it (EXIF/XMP/GPS), which is kept beside the ledger so that it can be
/// erased. <see cref="Metadata"/> is only in version-1 entries, which carried the metadata itself.
/// </summary>
public sealed record EvidenceAcquiredBody(
    string Hash, long Size, string MediaType, string OriginalName, Acquisition Acquisition,
    string? DerivedFrom = null, string? Derivation = null, JsonElement? Metadata = null, string? MetadataNote = null,
    Classification Classification = Classification.Internal, string? MetadataSha256 = null);

/// <summary>A custody event for one or more items (the entry type says which action; <see cref="Action"/> repeats it).</summary>
public sealed record CustodyBody(
    string Action, IReadOnlyList<string> Items, string At, string? From = null, string? To = null, string? Authority = null,
    string? Location = null, string? Tool = null, string? Result = null, string? Note = null);

/// <summary>An item's metadata (kept beside the ledger) was destroyed: which item, and the digest the metadata had.</summary>
public sealed record EvidenceMetadataErasedBody(string Hash, string MetadataSha256);

/// <summary>
/// An item's classification changed (ADR 1817): <see cref="Previous"/> is what it was, <see cref="Classification"/> what it is
/// from this entry on. The entry's reason says why; nothing of the item's content is in it. The item is named in
/// <see cref="Items"/> (always one), as custody events name theirs, so a court bundle carries the entry in the item's chain.
/// </summary>
public sealed record EvidenceClassifiedBody(IReadOnlyList<string> Items, Classification Classification, Classification Previous);

/// <summary>
/// What an ingest found in a file's text (<see cref="Text"/>, the extracted-text item, of the original <see cref="Hash"/>):
/// each suggestion is known as <c>SEQ.N</c> (this entry's sequence number, N counting from 1).
/// </summary>
public sealed record EvidenceSuggestedBody(string Hash, string Text, IReadOnlyList<SuggestedItem> Suggestions);

/// <summary>
/// One suggestion: a record (<see cref="Kind"/> person, organization or place; <see cref="Target"/> its id) or a date
/// (<see cref="Kind"/> date; <see cref="Target"/> the Gregorian day, yyyy-MM-dd), how it reads, the pages it is on and the
/// name match's score (1 for dates).
/// </summary>
public sealed record SuggestedItem(string Kind, string Target, string Label, IReadOnlyList<int> Pages, double Score);

/// <summary>
/// A reviewer's decision on suggestion <see cref="Suggestion"/> (SEQ.N) of item <see cref="Hash"/>: <c>accepted</c> (then
/// <see cref="Result"/> names what it became: <c>link</c> or <c>claim:ID</c>, appended with it) or <c>rejected</c>.
/// </summary>
public sealed record SuggestionDecidedBody(string Suggestion, string Hash, string Decision, string? Result = null);

/// <summary>An evidence item linked to a record it bears on, with the pages or the time range (hh:mm:ss) it is in.</summary>
public sealed record EvidenceLinkedBody(string Hash, string Target, string Relation, int? PageFrom = null, int? PageTo = null, string? TimeFrom = null, string? TimeTo = null);

/// <summary>
/// The body of every account, token and access entry: names, roles, record ids and outcomes — never a secret, a
/// protected name, or what someone typed into a search box. A refusal aggregated over an interval carries its
/// count and the interval (<see cref="From"/>, <see cref="To"/>).
/// </summary>
public sealed record AccessBody(
    string? Account = null, string? Role = null, string? Token = null, string? What = null, string? Target = null,
    string? Language = null, string? Calendar = null, string? Count = null, string? From = null, string? To = null);
