using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Protection;

/// <summary>What to seal: the identity, and the few non-secret facts the pseudonymous record carries.</summary>
public sealed record SealRequest(SealedIdentity Identity, SubjectCategory Category = SubjectCategory.Witness)
{
    /// <summary>The record id; default the pseudonym in lower case (w-001). It must not reveal the identity.</summary>
    public string? SubjectId { get; init; }

    /// <summary>Notes on the pseudonymous record, visible to whoever may read protected-identity records.</summary>
    public string? Notes { get; init; }

    public bool Synthetic { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];
}

public enum SealStatus
{
    Ok,
    Invalid,
    Conflict,

    /// <summary>The principal's role may not write protected identities; the refusal is audited.</summary>
    Forbidden,
}

public sealed record SealResult(SealStatus Status, string? SubjectId = null, string? Pseudonym = null, IReadOnlyList<ValidationError>? Errors = null)
{
    public IReadOnlyList<ValidationError> Errors { get; } = Errors ?? [];
}

public enum UnsealStatus
{
    Ok,
    /// <summary>The role may not unseal (or erase): refused and recorded.</summary>
    Forbidden,
    /// <summary>No reason was given: refused and recorded.</summary>
    ReasonRequired,
    NotFound,
    /// <summary>The data key was destroyed: the identity cannot be recovered by anyone.</summary>
    Erased,
    /// <summary>The master key that wraps this subject's key is not available here.</summary>
    KeyUnavailable,
    /// <summary>The ciphertext or the wrapped key was altered: authentication failed.</summary>
    Tampered,
}

/// <summary>
/// The outcome of an unseal or erase. <see cref="Message"/> is safe to show and log: it never holds
/// plaintext. <see cref="Identity"/> is set only for a successful unseal.
/// </summary>
public sealed record UnsealResult(UnsealStatus Status, string Message, SealedIdentity? Identity = null, long? AuditSequence = null, ScrubReport? Scrub = null)
{
    public bool Ok => Status == UnsealStatus.Ok;
}

/// <summary>
/// Sealed identities (ADR 0801): seal a protected person behind a pseudonym, unseal for an authorised
/// and stated reason, erase by destroying the data key, rotate the master key. Every unseal and every
/// refused attempt is a ledger entry (who, when, why, which subject) written before any plaintext is
/// returned; no message this service makes contains plaintext.
/// </summary>
public sealed partial class ProtectionService
{
    /// <summary>A payload above this (names, notes and photos together) is refused: it lives in the ledger.</summary>
    public const int MaxPayloadBytes = 8 * 1024 * 1024;

    private readonly IWorkspaceStore _store;
    private readonly ISealedIdentityStore _sealed;
    private readonly MasterKeyStore _keys;
    private readonly TimeProvider _time;

    public ProtectionService(IWorkspaceStore store, MasterKeyStore keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _sealed = store.SealedIdentities;
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public MasterKeyStore Keys => _keys;

    public Task<IReadOnlyList<SealedSubject>> ListAsync(CancellationToken cancellationToken) => _sealed.ListSubjectsAsync(cancellationToken);

    public Task<SealedSubject?> GetAsync(string subjectId, CancellationToken cancellationToken) => _sealed.GetSubjectAsync(subjectId, cancellationToken);

    /// <summary>
    /// Checks a request without writing: the identity's fields and the pseudonymous record it would make.
    /// Messages name fields, never their content.
    /// </summary>
    public static IReadOnlyList<ValidationError> Check(SealRequest request, string subjectId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        var identity = request.Identity;
        if (identity.Names.Count == 0)
        {
            errors.Add(new ValidationError(subjectId, "identity.names", "a sealed identity needs at least one name"));
        }

        for (var i = 0; i < identity.Names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(identity.Names[i].Text))
            {
                errors.Add(new ValidationError(subjectId, $"identity.names[{i}].text", "is empty"));
            }

            if (string.IsNullOrWhiteSpace(identity.Names[i].Script))
            {
                errors.Add(new ValidationError(subjectId, $"identity.names[{i}].script", "is required (an ISO 15924 code such as Latn or Arab)"));
            }
        }

        for (var i = 0; i < identity.Photos.Count; i++)
        {
            if (!identity.Photos[i].MediaType.Contains('/', StringComparison.Ordinal))
            {
                errors.Add(new ValidationError(subjectId, $"identity.photos[{i}].mediaType", "must be a media type such as image/jpeg"));
            }

            if (identity.Photos[i].Bytes.Length == 0)
            {
                errors.Add(new ValidationError(subjectId, $"identity.photos[{i}].data", "is empty"));
            }
        }

        if (identity.Photos.Sum(p => (long)p.Bytes.Length) > MaxPayloadBytes)
        {
            errors.Add(new ValidationError(subjectId, "identity.photos", $"the photos exceed {MaxPayloadBytes / (1024 * 1024)} MB together; keep larger files as evidence items"));
        }

        return errors;
    }

    /// <summary>
    /// Seals an identity: allocates the next pseudonym (W-001, S-001 …), creates the pseudonymous person
    /// record (classification protected-identity) and the <c>identity.sealed</c> entry in one append, and
    /// stores the wrapped data key in the same transaction. The caller checks that the actor may write
    /// protected-identity records. Creates the master key file on first use.
    /// </summary>
    public async Task<SealResult> SealAsync(SealRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (seals, results) = await PrepareSealsAsync([request], by, reason, cancellationToken);
        using (seals)
        {
            if (seals is null)
            {
                return results[0];
            }

            try
            {
                await _sealed.AppendSealedAsync(seals.Entries, seals.Keys, cancellationToken);
            }
            catch (AppendConflictException conflict)
            {
                // Another writer took the id, or another seal the pseudonym, since the check.
                return new SealResult(SealStatus.Conflict, results[0].SubjectId, results[0].Pseudonym, [WorkspaceService.ConflictError(conflict)]);
            }

            return results[0];
        }
    }

    /// <summary>
    /// Seals identities in memory without storing them: pseudonyms allocated in order after the stored ones, each
    /// pseudonymous record checked against the store and the batch, each identity encrypted under a new data key
    /// wrapped by the master key. Returns the prepared seals (null when any request failed) and one result per
    /// request. The caller appends them with its own entries in one transaction and disposes them; until then
    /// nothing is written, except the audit of a refused role.
    /// </summary>
    public async Task<(PreparedSeals? Seals, IReadOnlyList<SealResult> Results)> PrepareSealsAsync(
        IReadOnlyList<SealRequest> requests, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, Classification.ProtectedIdentity))
        {
            // The same rule as writing a protected record: no identity is sealed, or named, by a role that may not.
            await new AuditTrail(_store, _time).DeniedAsync(by, "seal identity", null, cancellationToken);
            var refused = new SealResult(SealStatus.Forbidden, Errors:
                [new ValidationError("identity", "role", $"sealing an identity is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)")]);
            return (null, [.. requests.Select(_ => refused)]);
        }

        var actor = Actor.Of(by, reason);
        var pseudonyms = await PseudonymsAsync(requests, cancellationToken);
        var people = requests.Select((request, i) => PseudonymousRecord(request, request.SubjectId ?? pseudonyms[i].ToLowerInvariant(), pseudonyms[i])).ToList();
        var storeErrors = await new WorkspaceService(_store, _time).ValidateManyAsync(people, new Dictionary<string, RecordKind>(StringComparer.Ordinal), cancellationToken);
        var results = new List<SealResult>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var subjectId = people[i].Id;
            var errors = new List<ValidationError>(Check(requests[i], subjectId));
            if (string.IsNullOrWhiteSpace(actor.Name) || string.IsNullOrWhiteSpace(actor.Reason))
            {
                errors.Add(new ValidationError(subjectId, "reason", "sealing needs the name of who does it and a reason"));
            }

            errors.AddRange(storeErrors.Where(e => e.RecordId == subjectId));
            results.Add(errors.Count == 0
                ? new SealResult(SealStatus.Ok, subjectId, pseudonyms[i])
                : new SealResult(errors.Any(e => e.Field == "id" && e.Message.Contains("already exists", StringComparison.Ordinal)) ? SealStatus.Conflict : SealStatus.Invalid,
                    subjectId, pseudonyms[i], errors));
        }

        if (results.Any(r => r.Status != SealStatus.Ok))
        {
            return (null, results);
        }

        MasterKey master;
        try
        {
            _keys.EnsureCreated();
            master = _keys.Load();
        }
        catch (MasterKeyException exception)
        {
            return (null, [.. results.Select(r => new SealResult(SealStatus.Invalid, r.SubjectId, r.Pseudonym, [new ValidationError(r.SubjectId!, "masterKey", exception.Message)]))]);
        }

        using var masterKey = master;
        var seals = new PreparedSeals();
        var now = _time.GetUtcNow();
        for (var i = 0; i < requests.Count; i++)
        {
            var (person, pseudonym) = (people[i], pseudonyms[i]);
            var dataKey = IdentityCrypto.NewDataKey();
            var plaintext = SealedIdentityJson.ToPaddedUtf8(requests[i].Identity);
            try
            {
                var dekId = IdentityCrypto.NewDekId();
                var payload = IdentityCrypto.Encrypt(dataKey, plaintext, person.Id, pseudonym, dekId);
                seals.Add(person, pseudonym,
                    Entries.RecordCreated.New(new RecordCreatedBody(person), actor.Name, now, actor.Reason),
                    Entries.IdentitySealed.New(IdentityEntries.Sealed(person.Id, pseudonym, requests[i].Category, dekId, payload), actor.Name, now, actor.Reason),
                    IdentityCrypto.Wrap(master, dataKey, person.Id, dekId),
                    dataKey);
            }
            catch
            {
                CryptographicOperations.ZeroMemory(dataKey);
                seals.Dispose();
                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        return (seals, results);
    }

    /// <summary>
    /// Opens a sealed identity for <paramref name="principal"/>. Refused, and recorded as
    /// <c>identity.access-refused</c>, unless the role may unseal and a reason is given; every attempt
    /// that gets past those checks is recorded too: <c>identity.unsealed</c> (before the plaintext is
    /// returned) or <c>identity.access-refused</c> with the cause (erased, key unavailable, altered).
    /// </summary>
    public async Task<UnsealResult> UnsealAsync(string subjectId, Principal principal, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(principal);
        if (await AuthorizeAsync(subjectId, principal, reason, Operation.UnsealIdentity, IdentityEntries.Operations.Unseal, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var subject = await _sealed.GetSubjectAsync(subjectId, cancellationToken);
        if (subject is null)
        {
            var sequence = await RefuseAsync(subjectId, IdentityEntries.Operations.Unseal, principal, reason!, IdentityEntries.Causes.UnknownSubject, cancellationToken);
            return new UnsealResult(UnsealStatus.NotFound, $"{Quote(subjectId)} is not a sealed identity.", AuditSequence: sequence);
        }

        var key = await _sealed.GetKeyAsync(subjectId, cancellationToken);
        if (subject.Erased || key is null)
        {
            var sequence = await RefuseAsync(subjectId, IdentityEntries.Operations.Unseal, principal, reason!, IdentityEntries.Causes.Erased, cancellationToken);
            return new UnsealResult(UnsealStatus.Erased, ErasedMessage(subject), AuditSequence: sequence);
        }

        var sealedEntry = await _sealed.GetEntryAsync(subject.SealedSequence, cancellationToken);
        byte[]? dataKey = null;
        byte[]? plaintext = null;
        string? failure = null;
        var status = UnsealStatus.Ok;
        try
        {
            dataKey = await UnwrapAsync(key, cancellationToken);
            if (dataKey is null)
            {
                status = UnsealStatus.KeyUnavailable;
                failure = $"The master key {key.MasterKeyId} that wraps the key of {subject.Pseudonym} is not available ({_keys.Describe}); nothing was opened.";
            }
            else if (sealedEntry is null || sealedEntry.Type != EntryTypes.IdentitySealed)
            {
                status = UnsealStatus.Tampered;
                failure = $"Ledger entry {subject.SealedSequence} is not the sealed identity of {subject.Pseudonym}: run `dossier verify`.";
            }
            else
            {
                var (entrySubject, entryPseudonym, dekId, payload) = IdentityEntries.ReadSealed(sealedEntry);
                plaintext = IdentityCrypto.Decrypt(dataKey, payload, entrySubject, entryPseudonym, dekId);
                if (entrySubject != subjectId)
                {
                    throw new AuthenticationTagMismatchException("The sealed entry names another subject.");
                }
            }
        }
        catch (Exception exception) when (exception is AuthenticationTagMismatchException or CryptographicException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            status = UnsealStatus.Tampered;
            failure = $"The sealed identity of {subject.Pseudonym} (ledger entry {subject.SealedSequence}) failed authentication: the ciphertext or its wrapped key was altered. Run `dossier verify`.";
        }
        finally
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        if (status != UnsealStatus.Ok)
        {
            var cause = status == UnsealStatus.KeyUnavailable ? IdentityEntries.Causes.KeyUnavailable : IdentityEntries.Causes.AuthenticationFailed;
            var sequence = await RefuseAsync(subjectId, IdentityEntries.Operations.Unseal, principal, reason!, cause, cancellationToken);
            return new UnsealResult(status, failure!, AuditSequence: sequence);
        }

        try
        {
            var identity = SealedIdentityJson.FromUtf8(plaintext);
            // Audit before disclosure: if this append fails, nothing is returned.
            var audit = await _store.AppendAsync([Entry(Entries.IdentityUnsealed, principal.Name, reason!, IdentityEntries.Unsealed(subject, principal))], cancellationToken);
            return new UnsealResult(UnsealStatus.Ok, $"Unsealed {subject.Pseudonym}; recorded as ledger entry {audit[0].Sequence}.", identity, audit[0].Sequence);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Crypto-shredding: destroys the subject's wrapped data key (and scrubs the database files of it)
    /// and appends <c>identity.erased</c>. The ciphertext stays in the ledger, which still verifies; no
    /// one can open it again. Refusals are recorded like an unseal's.
    /// </summary>
    public async Task<UnsealResult> EraseAsync(string subjectId, Principal principal, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(principal);
        if (await AuthorizeAsync(subjectId, principal, reason, Operation.EraseIdentity, IdentityEntries.Operations.Erase, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var subject = await _sealed.GetSubjectAsync(subjectId, cancellationToken);
        if (subject is null)
        {
            return new UnsealResult(UnsealStatus.NotFound, $"{Quote(subjectId)} is not a sealed identity.");
        }

        if (subject.Erased)
        {
            return new UnsealResult(UnsealStatus.Erased, ErasedMessage(subject));
        }

        var shredded = await _sealed.ShredAsync(subjectId, Entry(Entries.IdentityErased, principal.Name, reason!, IdentityEntries.Erased(subject, principal)), cancellationToken);
        if (shredded is not { } done)
        {
            return new UnsealResult(UnsealStatus.Erased, ErasedMessage(subject));
        }

        return new UnsealResult(UnsealStatus.Ok,
            $"Erased the identity behind {subject.Pseudonym}: its data key is destroyed (ledger entry {done.Entry.Sequence}). {done.Scrub.Detail}",
            AuditSequence: done.Entry.Sequence, Scrub: done.Scrub);
    }

    /// <summary>
    /// Rotates the master key (ADR 0802): a new key is written beside the old one, every data key is
    /// re-wrapped in one transaction (with an <c>identity.rekeyed</c> entry), then the new key file
    /// replaces the old one. Returns the number of keys re-wrapped and the new key's id.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The principal may not maintain the workspace (the refusal is audited).</exception>
    public async Task<(int Count, string MasterKeyId)> RotateAsync(Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.Can(by.Role, Operation.MaintainWorkspace))
        {
            await new AuditTrail(_store, _time).DeniedAsync(by, nameof(Operation.MaintainWorkspace), null, cancellationToken);
            throw new UnauthorizedAccessException($"rotating the master key is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)");
        }

        var actor = Actor.Of(by, reason);
        await RecoverAsync(cancellationToken);
        var old = _keys.Exists ? _keys.Candidates() : [];
        using var fresh = _keys.BeginRotation();
        try
        {
            var count = await _sealed.RewrapAllAsync(
                key =>
                {
                    var master = old.FirstOrDefault(k => k.Id == key.MasterKeyId)
                        ?? throw new MasterKeyException($"The key of '{key.SubjectId}' is wrapped under {key.MasterKeyId}, which is not available ({_keys.Describe}); nothing was rotated.");
                    var dataKey = IdentityCrypto.Unwrap(master, key);
                    try
                    {
                        return IdentityCrypto.Wrap(fresh, dataKey, key.SubjectId, key.DekId);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(dataKey);
                    }
                },
                n => Entry(Entries.IdentityRekeyed, actor.Name, actor.Reason, new IdentityRekeyedBody(fresh.Id, n)),
                cancellationToken);
            _keys.CompleteRotation();
            return (count, fresh.Id);
        }
        catch
        {
            _keys.AbandonRotation();
            throw;
        }
        finally
        {
            foreach (var key in old)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Completes or discards a rotation a crash interrupted (ADR 0802). Safe to call at any time.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken) =>
        _keys.Recover(await _sealed.MasterKeyIdsAsync(cancellationToken));

    // One pseudonym per request (W-001, W-002 … or S-001 …), numbered on from the highest stored one of its category.
    private async Task<List<string>> PseudonymsAsync(IReadOnlyList<SealRequest> requests, CancellationToken cancellationToken)
    {
        static string PrefixOf(SubjectCategory category) => category == SubjectCategory.Source ? "S-" : "W-";
        var highest = new Dictionary<string, int>(StringComparer.Ordinal) { ["W-"] = 0, ["S-"] = 0 };
        foreach (var subject in await _sealed.ListSubjectsAsync(cancellationToken))
        {
            foreach (var prefix in highest.Keys.Where(p => subject.Pseudonym.StartsWith(p, StringComparison.Ordinal)).ToList())
            {
                if (int.TryParse(subject.Pseudonym.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    highest[prefix] = Math.Max(highest[prefix], number);
                }
            }
        }

        return [.. requests.Select(r => PrefixOf(r.Category) + (++highest[PrefixOf(r.Category)]).ToString("000", CultureInfo.InvariantCulture))];
    }

    /// <summary>The record everyone with the right role sees: the pseudonym as the only name.</summary>
    public static Person PseudonymousRecord(SealRequest request, string subjectId, string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = request.Category == SubjectCategory.Source ? "At-risk source" : "Protected witness";
        var notes = request.Notes
            ?? (request.Synthetic
                ? $"{what} INVENTED for the demo (synthetic); the invented identity is sealed."
                : $"{what}; the real identity is sealed and opened only by an authorised, recorded unseal.");
        return new Person
        {
            Id = subjectId,
            Classification = Classification.ProtectedIdentity,
            Names = [new PersonName(pseudonym, "Latn", NameKind.Full)],
            Synthetic = request.Synthetic,
            Notes = notes,
            Sources = request.Sources,
        };
    }

    private async Task<UnsealResult?> AuthorizeAsync(string subjectId, Principal principal, string? reason, Operation operation, string operationName, CancellationToken cancellationToken)
    {
        if (!AccessPolicy.Can(principal.Role, operation))
        {
            var sequence = await RefuseAsync(subjectId, operationName, principal, reason ?? string.Empty, IdentityEntries.Causes.RoleNotAllowed, cancellationToken);
            return new UnsealResult(UnsealStatus.Forbidden,
                $"Refused: the {AccessPolicy.Name(principal.Role)} role may not {(operation == Operation.UnsealIdentity ? "unseal" : "erase")} identities. This attempt is recorded (ledger entry {sequence}).",
                AuditSequence: sequence);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            var sequence = await RefuseAsync(subjectId, operationName, principal, string.Empty, IdentityEntries.Causes.NoReason, cancellationToken);
            return new UnsealResult(UnsealStatus.ReasonRequired,
                $"Refused: state why (--reason). This attempt is recorded (ledger entry {sequence}).", AuditSequence: sequence);
        }

        return null;
    }

    private async Task<long> RefuseAsync(string subjectId, string operation, Principal principal, string reason, string cause, CancellationToken cancellationToken)
    {
        // Whatever was typed as the subject is recorded only if it is a record id: a name typed there by mistake must not reach the ledger.
        subjectId = RecordValidator.IsValidId(subjectId) ? subjectId : NotAnId;
        var appended = await _store.AppendAsync([Entry(Entries.IdentityAccessRefused, principal.Name, reason, IdentityEntries.Refused(subjectId, operation, principal, cause))], cancellationToken);
        return appended[0].Sequence;
    }

    private async Task<byte[]?> UnwrapAsync(WrappedKey key, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        IReadOnlyList<MasterKey> candidates;
        try
        {
            candidates = _keys.Candidates();
        }
        catch (MasterKeyException)
        {
            return null;
        }

        try
        {
            var master = candidates.FirstOrDefault(k => k.Id == key.MasterKeyId);
            return master is null ? null : IdentityCrypto.Unwrap(master, key);
        }
        finally
        {
            foreach (var candidate in candidates)
            {
                candidate.Dispose();
            }
        }
    }

    private const string NotAnId = "(not a record id)";

    private static string Quote(string subjectId) => RecordValidator.IsValidId(subjectId) ? $"'{subjectId}'" : "The subject given";

    private static string ErasedMessage(SealedSubject subject) =>
        $"The identity behind {subject.Pseudonym} was erased (crypto-shredded{(subject.ErasedSequence is { } seq ? $" at ledger entry {seq}" : string.Empty)}): its data key is destroyed and no one can recover it.";

    private NewEntry Entry<TBody>(EntryKind<TBody> kind, string actor, string reason, TBody body)
        where TBody : class => kind.New(body, actor, _time.GetUtcNow(), reason);
}
