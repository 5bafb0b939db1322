using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Access;

/// <summary>
/// Writes the audit entries of issue 4: every read of restricted or protected records, every export and
/// every refused access. Reads of public and internal records are not logged: they are most of the
/// traffic and carry no risk to anyone.
/// </summary>
/// <remarks>
/// With a <see cref="RefusalLog"/> (the web app), refusals are aggregated so that a flood of refused
/// requests cannot flood the ledger; without one (the CLI, one command at a time) each is written at once.
/// </remarks>
public sealed class AuditTrail(IWorkspaceStore ledger, TimeProvider time, RefusalLog? refusals = null, Func<string?>? source = null)
{
    public static bool NeedsAudit(Classification classification) => classification >= Classification.Restricted;

    /// <summary>Logs reads of records already known to be sensitive, by id.</summary>
    public Task ReadIdsAsync(Principal principal, IReadOnlyCollection<string> ids, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0
            ? Task.CompletedTask
            : ledger.AppendAsync([Entries.Read.New(new AccessBody(Target: string.Join(' ', ids), Role: AccessPolicy.Name(principal.Role)), principal.Name, time.GetUtcNow(), what)], cancellationToken);
    }

    /// <summary>
    /// Logs an export. <paramref name="actor"/> is an account name, or the operator's name for the CLI
    /// (which runs where the workspace's files are and has no role); <paramref name="target"/> names the
    /// file or the items exported.
    /// </summary>
    public Task ExportedAsync(string actor, Role? role, string what, string target, CancellationToken cancellationToken) =>
        ledger.AppendAsync([Entries.Exported.New(new AccessBody(Target: target, Role: role is { } r ? AccessPolicy.Name(r) : "operator"), actor, time.GetUtcNow(), what)], cancellationToken);

    /// <summary>
    /// Logs a refusal. <paramref name="target"/> is a record id or an operation — never free text a
    /// person typed, which could hold a protected name.
    /// </summary>
    public Task DeniedAsync(Principal? principal, string what, string? target, CancellationToken cancellationToken) =>
        refusals is not null
            ? refusals.RecordAsync(principal, what, target, source?.Invoke(), cancellationToken)
            : ledger.AppendAsync([Entries.Denied.New(new AccessBody(What: what, Target: target, Role: principal is null ? null : AccessPolicy.Name(principal.Role)),
                principal?.Name ?? AccessEntries.Anonymous, time.GetUtcNow(), "refused")], cancellationToken);
}
