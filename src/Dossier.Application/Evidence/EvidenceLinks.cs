using System.Globalization;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Application.Evidence;

/// <summary>How an evidence item bears on a record.</summary>
public enum EvidenceRelation
{
    /// <summary>The item proves or supports what the record says.</summary>
    Supports,

    /// <summary>The item speaks against what the record says.</summary>
    Contradicts,

    /// <summary>The item names or shows the record's subject without proving anything about it.</summary>
    Mentions,
}

/// <summary>Where in the item the link points: a page range (documents) or a time range (recordings), or the whole item.</summary>
public sealed record EvidenceLocator(int? PageFrom, int? PageTo, TimeSpan? TimeFrom, TimeSpan? TimeTo)
{
    public static readonly EvidenceLocator Whole = new(null, null, null, null);

    public override string ToString() =>
        PageFrom is { } p ? (PageTo is { } q && q != p ? $"pp. {p}–{q}" : $"p. {p}")
        : TimeFrom is { } f ? $"{Clock(f)}–{Clock(TimeTo ?? f)}"
        : "whole item";

    public static string Clock(TimeSpan time) => time.ToString(time.Milliseconds == 0 ? @"hh\:mm\:ss" : @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}

/// <summary>A link as projected: the entry that made it, the item, the record, how and where.</summary>
public sealed record EvidenceLink(long Sequence, string Hash, string TargetId, EvidenceRelation Relation, EvidenceLocator Locator, string Actor, DateTimeOffset Time, string Reason);

/// <summary>A link to make. <see cref="Pages"/> is "3" or "3-5"; <see cref="From"/>/<see cref="To"/> are offsets like 01:02:03 or 02:03.</summary>
public sealed record EvidenceLinkRequest(string Hash, string TargetId, string? Relation = null, string? Pages = null, string? From = null, string? To = null);

/// <summary>Reads the evidence links: from an item, and to a record.</summary>
public interface IEvidenceLinkStore
{
    Task<IReadOnlyList<EvidenceLink>> LinksFromAsync(string hash, CancellationToken cancellationToken);

    Task<IReadOnlyList<EvidenceLink>> LinksToAsync(string targetId, CancellationToken cancellationToken);
}

/// <summary>
/// Links evidence items to the records they bear on (issue 12 §10): one <c>evidence.linked</c> entry per
/// link, checked against the policy table (adding evidence), the item (it exists) and the record (it
/// exists and the principal may read it).
/// </summary>
public sealed class EvidenceLinkService(IWorkspaceStore store, TimeProvider time, AuditTrail? audit = null)
{
    private readonly AuditTrail _audit = audit ?? new AuditTrail(store, time);

    /// <summary>The field of the one error a refusal (the role may not link evidence) returns.</summary>
    public const string RefusedField = "principal";

    public static string Name(EvidenceRelation relation) => relation.ToString().ToLowerInvariant();

    public async Task<(EvidenceLink? Link, IReadOnlyList<ValidationError> Errors)> LinkAsync(EvidenceLinkRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        var errors = new List<ValidationError>();
        void Fail(string field, string message) => errors.Add(new ValidationError(request.Hash, field, message));

        if (!AccessPolicy.Can(by.Role, Operation.AddEvidence))
        {
            // The item is named when it is a hash: never free text someone typed.
            var item = request.Hash.Trim().ToLowerInvariant();
            await _audit.DeniedAsync(by, "link evidence", Dossier.Ledger.Blobs.BlobStore.IsValidHash(item) ? item : null, cancellationToken);
            return (null, [new ValidationError(request.Hash, RefusedField, $"linking evidence is refused for the role {AccessPolicy.Name(by.Role)}")]);
        }

        var hash = request.Hash.Trim().ToLowerInvariant();
        if (await store.Evidence.GetItemAsync(hash, cancellationToken) is null)
        {
            Fail("hash", "no evidence item has this hash");
        }

        var target = await store.GetAsync(request.TargetId, cancellationToken);
        if (target is null || !AccessPolicy.CanRead(by.Role, target.Record.Classification))
        {
            // An unreadable record is reported exactly like a missing one.
            Fail("target", $"no record '{request.TargetId}'");
        }

        var relation = EvidenceRelation.Supports;
        if (request.Relation is { Length: > 0 } text && !Enum.TryParse(text, ignoreCase: true, out relation))
        {
            Fail("relation", "must be supports, contradicts or mentions");
        }

        var locator = ParseLocator(request, Fail);
        if (string.IsNullOrWhiteSpace(reason))
        {
            Fail("reason", "a link needs a reason (what in the item bears on the record)");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var body = new EvidenceLinkedBody(hash, request.TargetId, Name(relation), locator.PageFrom, locator.PageTo,
            locator.TimeFrom is { } f ? EvidenceLocator.Clock(f) : null, locator.TimeTo is { } t ? EvidenceLocator.Clock(t) : null);
        var appended = await store.AppendAsync([Entries.EvidenceLinked.New(body, by.Name, time.GetUtcNow(), reason!)], cancellationToken);
        var entry = appended[0];
        return (new EvidenceLink(entry.Sequence, hash, request.TargetId, relation, locator, entry.Actor, entry.Time, entry.Reason), []);
    }

    /// <summary>Reads an evidence.linked entry's body (the projection's one parser of it).</summary>
    public static EvidenceLink FromEntry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = Entries.EvidenceLinked.Read(entry);
        TimeSpan? Time(string? clock) => clock is null ? null : TimeSpan.Parse(clock, CultureInfo.InvariantCulture);
        return new EvidenceLink(entry.Sequence, body.Hash, body.Target, Enum.Parse<EvidenceRelation>(body.Relation, ignoreCase: true),
            new EvidenceLocator(body.PageFrom, body.PageTo, Time(body.TimeFrom), Time(body.TimeTo)), entry.Actor, entry.Time, entry.Reason);
    }

    private static EvidenceLocator ParseLocator(EvidenceLinkRequest request, Action<string, string> fail)
    {
        var hasPages = !string.IsNullOrWhiteSpace(request.Pages);
        var hasTimes = !string.IsNullOrWhiteSpace(request.From) || !string.IsNullOrWhiteSpace(request.To);
        if (hasPages && hasTimes)
        {
            fail("pages", "give a page range or a time range, not both");
            return EvidenceLocator.Whole;
        }

        if (hasPages)
        {
            var parts = request.Pages!.Split('-', '–');
            if (parts.Length is < 1 or > 2
                || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || first < 1)
            {
                fail("pages", "a page (3) or a page range (3-5), counting from 1");
                return EvidenceLocator.Whole;
            }

            var last = first;
            if (parts.Length == 2 && (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < first))
            {
                fail("pages", "a page range runs from a page to the same or a later one (3-5)");
                return EvidenceLocator.Whole;
            }

            return new EvidenceLocator(first, last, null, null);
        }

        if (hasTimes)
        {
            var from = Offset(request.From);
            var to = string.IsNullOrWhiteSpace(request.To) ? from : Offset(request.To);
            if (from is null || to is null || to < from)
            {
                fail("from", "a time range is two offsets into the recording, hh:mm:ss or mm:ss, the second not before the first");
                return EvidenceLocator.Whole;
            }

            return new EvidenceLocator(null, null, from, to);
        }

        return EvidenceLocator.Whole;
    }

    // hh:mm:ss(.fff) or mm:ss(.fff); never a bare number, which would be ambiguous.
    private static TimeSpan? Offset(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || !value.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        if (value.Count(c => c == ':') == 1)
        {
            value = "00:" + value;
        }

        return TimeSpan.TryParseExact(value, [@"h\:mm\:ss", @"hh\:mm\:ss", @"h\:mm\:ss\.FFF", @"hh\:mm\:ss\.FFF"], CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero
            ? parsed : null;
    }
}
