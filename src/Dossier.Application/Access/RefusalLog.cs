using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Application.Access;

/// <summary>How refusals are aggregated before they reach the ledger.</summary>
public sealed record RefusalLogOptions
{
    /// <summary>The aggregation interval: repeated refusals within it become one entry with a count.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Refusals from one source (a remote address) written at once per interval; the rest are counted.</summary>
    public int ImmediatePerSource { get; init; } = 10;
}

/// <summary>
/// Keeps refusals from flooding the append-only ledger. The first refusal of a kind (who, what, which
/// target) in an interval is written at once, up to <see cref="RefusalLogOptions.ImmediatePerSource"/> per
/// source (a remote address, used only here and never written); every further refusal is counted in memory
/// and written as one <c>access.denied</c> entry per kind — or, past a source's budget, one per actor —
/// with its count and interval when the interval ends, when <see cref="FlushAsync"/> is called, and on
/// shutdown. What a crash can lose: the counts of repeated refusals since the last flush (at most one
/// interval); never the first refusal of a kind within a source's budget.
/// </summary>
public sealed class RefusalLog(IWorkspaceStore ledger, TimeProvider time, RefusalLogOptions? options = null) : IAsyncDisposable
{
    private readonly RefusalLogOptions _options = options ?? new RefusalLogOptions();
    private readonly Lock _gate = new();
    private readonly Dictionary<Kind, int> _counted = [];
    private readonly HashSet<Kind> _written = [];
    private readonly Dictionary<string, int> _immediateBySource = new(StringComparer.Ordinal);
    private DateTimeOffset _intervalStart = time.GetUtcNow();

    /// <summary>The "what" of refusals counted past a source's budget, where requests are not told apart.</summary>
    public const string PastBudget = "(requests past the source's budget)";

    private readonly record struct Kind(string Actor, string? Role, string What, string? Target);

    public async Task RecordAsync(Principal? principal, string what, string? target, string? source, CancellationToken cancellationToken)
    {
        var kind = new Kind(principal?.Name ?? AccessEntries.Anonymous, principal is null ? null : AccessPolicy.Name(principal.Role), what, target);
        List<NewEntryDraft>? due;
        bool writeNow;
        lock (_gate)
        {
            due = RollIntervalIfEnded();
            var sourceKey = source ?? string.Empty;
            var used = _immediateBySource.GetValueOrDefault(sourceKey);
            writeNow = !_written.Contains(kind) && used < _options.ImmediatePerSource;
            if (writeNow)
            {
                _written.Add(kind);
                _immediateBySource[sourceKey] = used + 1;
            }
            else
            {
                // Past the source's budget, requests are not told apart (what and target are dropped): that is
                // what bounds the entries to at most twice the budget plus one per actor and interval.
                var counted = _written.Contains(kind) ? kind : kind with { What = PastBudget, Target = null };
                _counted[counted] = _counted.GetValueOrDefault(counted) + 1;
            }
        }

        if (due is { Count: > 0 })
        {
            await AppendAsync(due, cancellationToken);
        }

        if (writeNow)
        {
            await AppendAsync([new NewEntryDraft(kind, 1, null, null)], cancellationToken);
        }
    }

    /// <summary>Writes the counted refusals of the current interval now (on shutdown, or by a timer) and starts a new interval.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<NewEntryDraft> due;
        lock (_gate)
        {
            due = TakeCounted(time.GetUtcNow());
        }

        await AppendAsync(due, cancellationToken);
    }

    /// <summary>Writes what is still counted: the host disposes this at shutdown, stopped gracefully or not.</summary>
    public async ValueTask DisposeAsync() => await FlushAsync(CancellationToken.None);

    /// <summary>Refusals counted and not yet written (for tests and the shutdown log).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _counted.Values.Sum();
            }
        }
    }

    private sealed record NewEntryDraft(Kind Kind, int Count, DateTimeOffset? From, DateTimeOffset? To);

    private List<NewEntryDraft>? RollIntervalIfEnded()
    {
        var now = time.GetUtcNow();
        return now - _intervalStart >= _options.Interval ? TakeCounted(now) : null;
    }

    private List<NewEntryDraft> TakeCounted(DateTimeOffset now)
    {
        var due = _counted.OrderBy(c => c.Key.Actor, StringComparer.Ordinal).ThenBy(c => c.Key.What, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Target, StringComparer.Ordinal)
            .Select(c => new NewEntryDraft(c.Key, c.Value, _intervalStart, now)).ToList();
        _counted.Clear();
        _written.Clear();
        _immediateBySource.Clear();
        _intervalStart = now;
        return due;
    }

    private Task AppendAsync(IReadOnlyList<NewEntryDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        return ledger.AppendAsync([.. drafts.Select(d => d.Count == 1 && d.From is null
            ? Entries.Denied.New(new AccessBody(What: d.Kind.What, Target: d.Kind.Target, Role: d.Kind.Role), d.Kind.Actor, now, "refused")
            : Entries.Denied.New(
                new AccessBody(What: d.Kind.What, Target: d.Kind.Target, Role: d.Kind.Role,
                    Count: d.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    From: d.From!.Value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    To: d.To!.Value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                d.Kind.Actor, now, $"refused {d.Count} more time(s) in the interval"))], cancellationToken);
    }
}
