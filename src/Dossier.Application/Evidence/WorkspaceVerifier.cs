using System.Text;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Ledger.Audit;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Checkpoints;

namespace Dossier.Application.Evidence;

/// <summary>
/// Everything <c>dossier verify</c> found in a workspace. <see cref="Problems"/> are failures, each naming the
/// entry, tree head, stored node, checkpoint or file at fault; <see cref="Notes"/> are facts that are not failures.
/// </summary>
public sealed record WorkspaceReport(
    VerificationReport Ledger,
    int CheckpointsKept,
    int CheckpointsChecked,
    bool CheckpointKeyPresent,
    int FilesChecked,
    long BytesHashed,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Notes)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Verifies a whole workspace in one pass over the ledger: every entry's leaf hash and canonical form and
/// every stored tree root (<see cref="LedgerVerifier"/>); every stored Merkle node against the nodes the
/// entries recompute, and every kept checkpoint's signature and root against today's tree (<see cref="LedgerAudit"/>);
/// then re-hashes every evidence file against the hash its acquisition entry recorded.
/// </summary>
public static class WorkspaceVerifier
{
    private static readonly byte[] AcquiredMarker = Encoding.UTF8.GetBytes($"\"type\":\"{EntryTypes.EvidenceAcquired}\"");
    private static readonly byte[] ErasedMarker = Encoding.UTF8.GetBytes($"\"type\":\"{EntryTypes.EvidenceMetadataErased}\"");

    /// <param name="key">The workspace's verifier key; without it, checkpoint signatures cannot be checked (a note says so).</param>
    /// <param name="projections">Also replay the ledger into scratch projections and compare them with the live ones (as long as a rebuild takes).</param>
    public static async Task<WorkspaceReport> VerifyAsync(IWorkspaceStore store, BlobStore vault, NoteVerifier? key, bool projections, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(vault);
        var problems = new List<string>();
        var notes = new List<string>();
        var checkpoints = await store.ReadCheckpointsAsync(cancellationToken);
        var head = await store.GetTreeHeadAsync(cancellationToken);
        if (key is null && checkpoints.Count > 0)
        {
            notes.Add($"no verifier key in this workspace: the signatures of its {checkpoints.Count} checkpoint(s) were not checked");
        }

        // Without the key the audit still compares the stored Merkle nodes; it then gets no checkpoints.
        using var placeholder = key is null ? NoteSigner.Create("no-key") : null;
        var source = store.OpenSubtreeHashes();
        var acquisitions = new Dictionary<string, (long Entry, long Size, string Name)>(StringComparer.Ordinal);
        var metadataDigests = new Dictionary<string, string>(StringComparer.Ordinal);
        var erasedMetadata = new HashSet<string>(StringComparer.Ordinal);
        LedgerAuditReport audit;
        VerificationReport ledger;
        try
        {
            var auditor = new LedgerAudit(key ?? placeholder!.Verifier, key is null ? [] : checkpoints.Select(c => c.SignedNote), source, head.Size);
            ledger = await LedgerVerifier.VerifyAsync(store, progress, entry =>
            {
                auditor.Add(entry.Sequence, entry.Bytes);
                if (entry.Bytes.AsSpan().IndexOf(AcquiredMarker) >= 0 || entry.Bytes.AsSpan().IndexOf(ErasedMarker) >= 0)
                {
                    ReadAcquisition(entry, acquisitions, metadataDigests, erasedMetadata, problems);
                }
            }, cancellationToken);
            audit = auditor.Complete();
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        problems.InsertRange(0, ledger.Problems.Select(p => p.ToString()));
        // The ledger check names a changed entry once; the audit's own line for the same leaf adds nothing.
        problems.AddRange(audit.Problems.Where(p => !(p.StartsWith("entry ", StringComparison.Ordinal) && ledger.Problems.Any(l => p.StartsWith($"entry {l.Sequence}:", StringComparison.Ordinal)))));

        // The metadata kept beside the ledger must be what the acquisition entry's digest says it was.
        foreach (var (hash, digest) in metadataDigests)
        {
            var kept = await store.Evidence.StoredMetadataAsync(hash, cancellationToken);
            if (kept is null && erasedMetadata.Contains(hash))
            {
                continue;
            }

            if (kept is null)
            {
                problems.Add($"evidence {hash} (acquired in entry {acquisitions[hash].Entry}): its metadata is missing from evidence_metadata");
            }
            else if (EvidenceService.MetadataDigest(kept) != digest)
            {
                problems.Add($"evidence {hash} (acquired in entry {acquisitions[hash].Entry}): its metadata was altered — it no longer hashes to the {digest[..12]}… the entry recorded");
            }
        }

        var files = 0;
        long bytes = 0;
        foreach (var (hash, (entry, size, name)) in acquisitions.OrderBy(a => a.Value.Entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var check = vault.Verify(hash);
            files++;
            bytes += check.Size;
            switch (check.Status)
            {
                case BlobStatus.Missing:
                    problems.Add($"evidence file {hash} ('{name}', acquired in entry {entry}): missing from {vault.PathOf(hash)}");
                    break;
                case BlobStatus.Corrupt:
                    problems.Add($"evidence file {hash} ('{name}', acquired in entry {entry}): altered — its content now hashes to {check.ActualHash}");
                    break;
                default:
                    if (check.Size != size)
                    {
                        problems.Add($"evidence file {hash} ('{name}', acquired in entry {entry}): {check.Size} bytes, the acquisition recorded {size}");
                    }

                    break;
            }
        }

        if (ledger.Entries == 0)
        {
            // An emptied or replaced database file must not pass as a healthy workspace.
            problems.Add("the ledger holds no entries: nothing was verified. A workspace that was used holds at least one; "
                + "if this one was, its database has been emptied, replaced or truncated");
        }
        else if (projections && problems.Count == 0 && await store.CompareWithReplayAsync(null, cancellationToken) is { } difference)
        {
            // Only an intact ledger is replayed: an altered entry is already named above, and replaying it proves nothing.
            problems.Add($"the projection table '{difference.Table}' differs from a replay of the ledger (changed outside Dossier?): "
                + $"live row {Shown(difference.LiveRow)}, from the ledger {Shown(difference.ReplayedRow)}. `dossier rebuild` replaces the projections with the ledger's");
        }

        var orphans = vault.EnumerateHashes().Count(h => !acquisitions.ContainsKey(h));
        if (orphans > 0)
        {
            notes.Add($"{orphans} stored file(s) have no acquisition entry (an add interrupted before it was recorded); they are not evidence, and adding the file again records it");
        }

        return new WorkspaceReport(ledger, checkpoints.Count, audit.CheckpointsChecked, key is not null, files, bytes, problems, notes);
    }

    // Rows can be long (a record's JSON): enough of one to find it.
    private static string Shown(string? row) =>
        row is null ? "(none)" : row.Length <= 160 ? $"[{row}]" : $"[{row[..160]}…]";

    private static void ReadAcquisition(StoredEntry entry, Dictionary<string, (long, long, string)> acquisitions, Dictionary<string, string> metadataDigests, HashSet<string> erasedMetadata, List<string> problems)
    {
        try
        {
            var read = LedgerEntry.FromBytes(entry.Bytes);
            if (Entries.EvidenceMetadataErased.Is(read))
            {
                erasedMetadata.Add(Entries.EvidenceMetadataErased.Read(read).Hash);
                return;
            }

            if (!Entries.EvidenceAcquired.Is(read))
            {
                return;
            }

            var body = Entries.EvidenceAcquired.Read(read);
            var hash = body.Hash;
            if (!BlobStore.IsValidHash(hash))
            {
                problems.Add($"entry {entry.Sequence}: its acquisition names '{hash}', which is not a SHA-256 hash");
                return;
            }

            if (acquisitions.TryAdd(hash.ToLowerInvariant(), (entry.Sequence, body.Size, body.OriginalName)) && body.MetadataSha256 is { } digest)
            {
                metadataDigests[hash.ToLowerInvariant()] = digest;
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
        {
            // An unreadable entry is already reported by the ledger check.
        }
    }
}
