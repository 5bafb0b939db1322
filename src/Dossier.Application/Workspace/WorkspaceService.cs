using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Ledger;
using Dossier.Application.Protection;
using Dossier.Application.Testimony;
using Dossier.Domain.Records;

namespace Dossier.Application.Workspace;

public enum CommandStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
    VersionMismatch,

    /// <summary>The principal may not write this record (its classification, before or after); the refusal was audited.</summary>
    Forbidden,
}

/// <summary>What a command did: the record's new state, or why nothing was written.</summary>
public sealed record CommandResult(CommandStatus Status, RecordEnvelope? Record = null, IReadOnlyList<ValidationError>? Errors = null, string? Message = null)
{
    public IReadOnlyList<ValidationError> Errors { get; } = Errors ?? [];

    public static CommandResult Invalid(IReadOnlyList<ValidationError> errors) => new(CommandStatus.Invalid, Errors: errors);
}

/// <summary>
/// Who is acting and why, as a service writes them into an entry after it has checked the principal's role:
/// internal to the services, so no caller can append on a name alone.
/// </summary>
internal sealed record Actor(string Name, string Reason)
{
    public static Actor Of(Principal by, string? reason) => new(by.Name, reason ?? string.Empty);
}

/// <summary>One record to write in a batch: created when <paramref name="ExpectedVersion"/> is null, else revised from that version.</summary>
public sealed record RecordWrite(Record Record, int? ExpectedVersion);

/// <summary>What a batch of writes would meet: its errors, and whether the policy refused it (audited; the edge answers 403 / exit 1).</summary>
public sealed record WriteCheck(IReadOnlyList<ValidationError> Errors, bool Refused);

/// <summary>
/// The one way in for records: create, revise and retract. Each command takes the acting
/// <see cref="Principal"/>, checks the policy table itself (the classification before and after a change
/// must both be writable) and audits a refusal; then it is validated, turned into a ledger entry and
/// appended, and the store writes the projections in the same transaction. The web pages, the API and the
/// CLI only translate.
/// </summary>
/// <remarks>
/// With <paramref name="protection"/> (the master key), a protected witness's statements are sealed on the way in;
/// without it, such a statement with words is refused rather than written in the clear (ADR 1402).
/// Cases are checked against <paramref name="frameworks"/> (default: the shipped legal frameworks).
/// </remarks>
public sealed class WorkspaceService(IWorkspaceStore store, TimeProvider time, AuditTrail? audit = null, ProtectionService? protection = null, LegalFrameworks? frameworks = null)
{
    // Refusals are always audited: with the caller's trail (the web app's aggregates them), else one of our own.
    private readonly AuditTrail _audit = audit ?? new AuditTrail(store, time);

    public IWorkspaceStore Store => store;

    public async Task<CommandResult> CreateAsync(Record record, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(by);
        return AccessPolicy.CanWrite(by.Role, record.Classification)
            ? await CreateAsync(record, Actor.Of(by, reason), cancellationToken)
            : await RefusedAsync(by, "create record", null, cancellationToken);
    }

    public async Task<CommandResult> ReviseAsync(Record record, int expectedVersion, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(by);
        var current = await store.GetAsync(record.Id, cancellationToken);
        if (current is not null && !AccessPolicy.CanRead(by.Role, current.Record.Classification))
        {
            // A record this person cannot read does not exist for them: the same answer as a missing one.
            await RefusedAsync(by, "revise record", record.Id, cancellationToken);
            return new CommandResult(CommandStatus.NotFound, Message: $"No record '{record.Id}'.");
        }

        // No lowering a record out of someone's reach, or raising it into it.
        var before = current?.Record.Classification ?? record.Classification;
        return AccessPolicy.CanWrite(by.Role, before) && AccessPolicy.CanWrite(by.Role, record.Classification)
            ? await ReviseAsync(record, expectedVersion, Actor.Of(by, reason), cancellationToken)
            : await RefusedAsync(by, "revise record", record.Id, cancellationToken);
    }

    public async Task<CommandResult> RetractAsync(string id, int expectedVersion, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = await store.GetAsync(id, cancellationToken);
        if (current is not null && !AccessPolicy.CanRead(by.Role, current.Record.Classification))
        {
            await RefusedAsync(by, "retract record", id, cancellationToken);
            return new CommandResult(CommandStatus.NotFound, Message: $"No record '{id}'.");
        }

        return current is null || AccessPolicy.CanWrite(by.Role, current.Record.Classification)
            ? await RetractAsync(id, expectedVersion, Actor.Of(by, reason), cancellationToken)
            : await RefusedAsync(by, "retract record", id, cancellationToken);
    }

    private async Task<CommandResult> RefusedAsync(Principal by, string what, string? target, CancellationToken cancellationToken)
    {
        await _audit.DeniedAsync(by, what, target, cancellationToken);
        return new CommandResult(CommandStatus.Forbidden, Message: $"{what} is refused for the role {AccessPolicy.Name(by.Role)}");
    }

    private async Task<CommandResult> CreateAsync(Record record, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckActor(record.Id, actor) is { } actorError)
        {
            return CommandResult.Invalid([actorError]);
        }

        if (await store.GetAsync(record.Id, cancellationToken) is not null)
        {
            return new CommandResult(CommandStatus.Conflict, Message: $"A record with id '{record.Id}' already exists.");
        }

        var errors = await ValidateAgainstStoreAsync([record], cancellationToken);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var (prepared, sealing) = await TestimonyRules.ApplyAsync([record], store, protection, seal: true, cancellationToken);
        return sealing.Count > 0 ? CommandResult.Invalid(sealing) : await AppendAsync(record.Id, Created(prepared[0], actor), cancellationToken);
    }

    private async Task<CommandResult> ReviseAsync(Record record, int expectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckActor(record.Id, actor) is { } actorError)
        {
            return CommandResult.Invalid([actorError]);
        }

        var current = await store.GetAsync(record.Id, cancellationToken);
        if (current is null)
        {
            return new CommandResult(CommandStatus.NotFound, Message: $"No record '{record.Id}'.");
        }

        if (current.Kind != record.Kind)
        {
            return CommandResult.Invalid([new ValidationError(record.Id, "kind", $"'{record.Id}' is a {RecordKinds.Name(current.Kind)}; its kind cannot change")]);
        }

        if (current.Retracted)
        {
            return new CommandResult(CommandStatus.Conflict, current, Message: $"'{record.Id}' was retracted.");
        }

        if (current.Version != expectedVersion)
        {
            return new CommandResult(CommandStatus.VersionMismatch, current, Message: $"'{record.Id}' is at version {current.Version}, not {expectedVersion}.");
        }

        var errors = await ValidateAgainstStoreAsync([record], cancellationToken);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var (prepared, sealing) = await TestimonyRules.ApplyAsync([record], store, protection, seal: true, cancellationToken);
        return sealing.Count > 0
            ? CommandResult.Invalid(sealing)
            : await AppendAsync(record.Id, Entry(Entries.RecordRevised, new RecordRevisedBody(prepared[0], current.Version), actor), cancellationToken);
    }

    private async Task<CommandResult> RetractAsync(string id, int expectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckActor(id, actor) is { } actorError)
        {
            return CommandResult.Invalid([actorError]);
        }

        var current = await store.GetAsync(id, cancellationToken);
        if (current is null)
        {
            return new CommandResult(CommandStatus.NotFound, Message: $"No record '{id}'.");
        }

        if (current.Retracted)
        {
            return new CommandResult(CommandStatus.Conflict, current, Message: $"'{id}' is already retracted.");
        }

        if (current.Version != expectedVersion)
        {
            return new CommandResult(CommandStatus.VersionMismatch, current, Message: $"'{id}' is at version {current.Version}, not {expectedVersion}.");
        }

        return await AppendAsync(id, Entry(Entries.RecordRetracted, new RecordRetractedBody(current.Kind, id, current.Version), actor), cancellationToken);
    }

    /// <summary>
    /// Creates many records at once, all or nothing: the principal must be able to write every record's
    /// classification, and every record is validated against the store and the batch itself (so records may
    /// refer to each other in any order) before a single entry is written. With <paramref name="seals"/> (an import
    /// that seals identities) the sealed identities' entries and keys are written in the same transaction, first, so
    /// the records may refer to them and a protected witness's statements are sealed under their new keys.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> CreateManyAsync(
        IReadOnlyList<Record> records, Principal by, string? reason, CancellationToken cancellationToken, PreparedSeals? seals = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(by);
        var actor = Actor.Of(by, reason);
        if (CheckActor("(batch)", actor) is { } actorError)
        {
            return [actorError];
        }

        if (records.FirstOrDefault(r => !AccessPolicy.CanWrite(by.Role, r.Classification)) is { } unwritable)
        {
            await _audit.DeniedAsync(by, "create records", null, cancellationToken);
            return [new ValidationError(unwritable.Id, "classification",
                $"the role {AccessPolicy.Name(by.Role)} may not write {Classifications.Name(unwritable.Classification)} records; nothing was written")];
        }

        var errors = await ValidateManyAsync([.. records, .. seals?.Records ?? []], new Dictionary<string, RecordKind>(StringComparer.Ordinal), cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        var (prepared, sealing) = await TestimonyRules.ApplyAsync(records, store, protection, seal: true, cancellationToken, seals);
        if (sealing.Count > 0)
        {
            return sealing;
        }

        // One transaction for the whole batch (entries made as they are appended): a conflict or a crash part-way
        // leaves nothing of it in the ledger — not even the identities it seals.
        try
        {
            if (seals is { Count: > 0 })
            {
                await store.SealedIdentities.AppendSealedAsync([.. seals.Entries, .. prepared.Select(r => Created(r, actor))], seals.Keys, cancellationToken);
            }
            else
            {
                await store.AppendAllAsync(prepared.Select(r => Created(r, actor)), cancellationToken);
            }
        }
        catch (AppendConflictException conflict)
        {
            // Another writer created one of these ids, or sealed under one of these pseudonyms, since the validation above.
            return [ConflictError(conflict)];
        }

        return [];
    }

    /// <summary>A create that lost to a concurrent writer, as a validation error: the id taken, or a sealed identity's pseudonym.</summary>
    public static ValidationError ConflictError(AppendConflictException conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return conflict.Kind == AppendConflictKind.PseudonymTaken
            ? new ValidationError(conflict.RecordId, "pseudonym", conflict.Message)
            : ValidationMessages.Error(conflict.RecordId, "id", "id-taken", conflict.RecordId);
    }

    /// <summary>
    /// Creates and revises many records in one append (one transaction), all or nothing: a spreadsheet import
    /// (ADR 1805). A write with an expected version revises that record, one without creates it. Every record
    /// is checked as <see cref="ReviseAsync(Record, int, Principal, string?, CancellationToken)"/> and
    /// <see cref="CreateManyAsync"/> check them (the policy before and after, kind, retraction, version, every
    /// field and reference, against the store and the batch) before anything is written; the store checks the
    /// versions again under the ledger lock, so a concurrent edit makes the whole batch lose, never half of it.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> WriteManyAsync(IReadOnlyList<RecordWrite> writes, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(by);
        if (CheckActor("(batch)", Actor.Of(by, reason)) is { } actorError)
        {
            return [actorError];
        }

        var check = await CheckWritesAsync(writes, by, cancellationToken);
        if (check.Errors.Count > 0)
        {
            return check.Errors;
        }

        var records = writes.Select(w => w.Record).ToList();
        var (prepared, sealing) = await TestimonyRules.ApplyAsync(records, store, protection, seal: true, cancellationToken);
        if (sealing.Count > 0)
        {
            return sealing;
        }

        var actor = Actor.Of(by, reason);
        var entries = prepared.Select((record, i) => writes[i].ExpectedVersion is { } version
            ? Entry(Entries.RecordRevised, new RecordRevisedBody(record, version), actor)
            : Created(record, actor)).ToList();
        try
        {
            await store.AppendAsync(entries, cancellationToken);
        }
        catch (AppendConflictException conflict)
        {
            // Another writer got there between the checks and the append: nothing of the batch was written.
            return [new ValidationError(conflict.RecordId, "version", $"changed by someone else during the import ({conflict.Message}); nothing was written")];
        }

        return [];
    }

    /// <summary>What <see cref="WriteManyAsync"/> would refuse, without writing (a refusal by the policy is audited).</summary>
    public async Task<WriteCheck> CheckWritesAsync(IReadOnlyList<RecordWrite> writes, Principal by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(by);
        var errors = new List<ValidationError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var refused = false;
        foreach (var write in writes)
        {
            var record = write.Record;
            if (!seen.Add(record.Id))
            {
                errors.Add(new ValidationError(record.Id, "id", $"the id '{record.Id}' is used twice"));
            }

            refused |= !AccessPolicy.CanWrite(by.Role, record.Classification);
        }

        var existing = await store.KindsOfAsync(seen, cancellationToken);
        foreach (var write in writes)
        {
            var id = write.Record.Id;
            if (write.ExpectedVersion is not { } version)
            {
                if (existing.ContainsKey(id))
                {
                    errors.Add(ValidationMessages.Error(id, "id", "id-taken", id));
                }

                continue;
            }

            var current = existing.ContainsKey(id) ? await store.GetAsync(id, cancellationToken) : null;
            if (current is null || !AccessPolicy.CanRead(by.Role, current.Record.Classification))
            {
                // A record this person cannot read does not exist for them.
                errors.Add(new ValidationError(id, "id", $"no record '{id}' to update"));
                continue;
            }

            refused |= !AccessPolicy.CanWrite(by.Role, current.Record.Classification);
            if (current.Kind != write.Record.Kind)
            {
                errors.Add(new ValidationError(id, "kind", $"'{id}' is a {RecordKinds.Name(current.Kind)}; its kind cannot change"));
            }
            else if (current.Retracted)
            {
                errors.Add(new ValidationError(id, "id", $"'{id}' was retracted"));
            }
            else if (current.Version != version)
            {
                errors.Add(new ValidationError(id, "version", $"'{id}' is at version {current.Version}, not {version}: it changed since the sheet was made"));
            }
        }

        if (refused)
        {
            await _audit.DeniedAsync(by, "import records", null, cancellationToken);
            return new WriteCheck([new ValidationError("(batch)", "classification", $"the role {AccessPolicy.Name(by.Role)} may not write records of these classifications; nothing was written")], true);
        }

        errors.AddRange(await ValidateAgainstStoreAsync([.. writes.Select(w => w.Record)], cancellationToken));
        return new WriteCheck(errors, false);
    }

    /// <summary>
    /// Checks new records as one batch without writing anything: duplicate ids, ids already in the
    /// store, and every field and reference. <paramref name="alsoKnown"/> names records that will exist
    /// though they are not in the batch (e.g. records of a file that failed to parse), so they are not
    /// reported as missing a second time.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> ValidateManyAsync(IReadOnlyList<Record> records, IReadOnlyDictionary<string, RecordKind> alsoKnown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(alsoKnown);
        var errors = new List<ValidationError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!seen.Add(record.Id) || alsoKnown.ContainsKey(record.Id))
            {
                errors.Add(new ValidationError(record.Id, "id", $"the id '{record.Id}' is used twice"));
            }
        }

        var existing = await store.KindsOfAsync(seen, cancellationToken);
        foreach (var id in existing.Keys)
        {
            errors.Add(ValidationMessages.Error(id, "id", "id-taken", id));
        }

        errors.AddRange(await ValidateAgainstStoreAsync(records, alsoKnown, cancellationToken));
        return errors;
    }

    private Task<List<ValidationError>> ValidateAgainstStoreAsync(IReadOnlyList<Record> records, CancellationToken cancellationToken) =>
        ValidateAgainstStoreAsync(records, new Dictionary<string, RecordKind>(StringComparer.Ordinal), cancellationToken);

    private async Task<List<ValidationError>> ValidateAgainstStoreAsync(IReadOnlyList<Record> records, IReadOnlyDictionary<string, RecordKind> alsoKnown, CancellationToken cancellationToken)
    {
        var inBatch = new Dictionary<string, RecordKind>(alsoKnown, StringComparer.Ordinal);
        foreach (var record in records)
        {
            inBatch.TryAdd(record.Id, record.Kind);
        }

        var targets = records.SelectMany(r => r.References()).Select(r => r.TargetId).Where(id => !inBatch.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        var stored = await store.KindsOfAsync(targets, cancellationToken);
        RecordKind? KindOf(string id) =>
            inBatch.TryGetValue(id, out var kind) ? kind : stored.TryGetValue(id, out var storedKind) ? storedKind : null;

        var errors = new List<ValidationError>();
        foreach (var record in records)
        {
            errors.AddRange(RecordValidator.Validate(record, KindOf));
        }

        errors.AddRange((await TestimonyRules.ApplyAsync(records, store, protection, seal: false, cancellationToken)).Errors);
        errors.AddRange(CaseRules.Check(records, frameworks ?? LegalFrameworks.Builtin));
        return errors;
    }

    // The checks above read the record before the append and give friendly answers; the store checks the
    // same assumptions again inside the append's transaction, which is what makes a race lose cleanly.
    private async Task<CommandResult> AppendAsync(string id, NewEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendAsync([entry], cancellationToken);
        }
        catch (AppendConflictException conflict)
        {
            var status = conflict.Kind switch
            {
                AppendConflictKind.Missing => CommandStatus.NotFound,
                AppendConflictKind.VersionMismatch => CommandStatus.VersionMismatch,
                _ => CommandStatus.Conflict,
            };
            return new CommandResult(status, await store.GetAsync(id, cancellationToken), Message: conflict.Message);
        }

        return new CommandResult(CommandStatus.Ok, await store.GetAsync(id, cancellationToken));
    }

    private static ValidationError? CheckActor(string recordId, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(actor.Name))
        {
            return new ValidationError(recordId, "actor", "every change needs the name of who made it");
        }

        return string.IsNullOrWhiteSpace(actor.Reason)
            ? new ValidationError(recordId, "reason", "every change needs a reason")
            : null;
    }

    private NewEntry Created(Record record, Actor actor) => Entry(Entries.RecordCreated, new RecordCreatedBody(record), actor);

    private NewEntry Entry<TBody>(EntryKind<TBody> kind, TBody body, Actor actor)
        where TBody : class => kind.New(body, actor.Name, time.GetUtcNow(), actor.Reason);
}
