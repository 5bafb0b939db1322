using Dossier.Application.Workspace;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Ledger;

/// <summary>What checking an old checkpoint against today's ledger found.</summary>
public sealed record ConsistencyReport(bool Ok, long OldSize, long NewSize, string Message);

/// <summary>
/// Signed checkpoints of the ledger (C2SP tlog-checkpoint in a signed note, docs/formats/checkpoint.md)
/// and the proof that today's ledger extends an older one: nothing removed or rewritten since.
/// </summary>
public sealed class CheckpointService(IWorkspaceStore store, NoteSigner signer)
{
    /// <summary>Signs and keeps a checkpoint of the current tree head, unless one of that size is already kept.</summary>
    public async Task<string> CheckpointAsync(CancellationToken cancellationToken)
    {
        var head = await store.GetTreeHeadAsync(cancellationToken);
        var kept = await store.ReadCheckpointsAsync(cancellationToken);
        if (kept.Count > 0 && kept[^1].Size == head.Size)
        {
            return kept[^1].SignedNote;
        }

        var note = signer.Sign(new Checkpoint(signer.Name, head.Size, head.RootHash));
        await store.AddCheckpointAsync(head.Size, note, cancellationToken);
        return note;
    }

    /// <summary>
    /// Checks <paramref name="signedNote"/> (an earlier checkpoint) against the workspace: its signature
    /// with the workspace's key, then a consistency proof from its size to today's tree (RFC 9162 §2.1.4)
    /// built from the stored subtree hashes and verified against its root and today's root.
    /// </summary>
    public async Task<ConsistencyReport> VerifySinceAsync(string signedNote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        var check = signer.Verifier.Verify(signedNote);
        if (!check.IsValid)
        {
            return new ConsistencyReport(false, 0, 0, $"the checkpoint's signature does not verify with this workspace's key: {check.Failure}");
        }

        if (!Checkpoint.TryParse(check.Text!, out var old, out var error))
        {
            return new ConsistencyReport(false, 0, 0, $"not a checkpoint: {error}");
        }

        var head = await store.GetTreeHeadAsync(cancellationToken);
        if (old.Size > head.Size)
        {
            return new ConsistencyReport(false, old.Size, head.Size, $"the checkpoint names {old.Size} entries but the ledger holds {head.Size}: entries were removed");
        }

        IReadOnlyList<byte[]> proof;
        var source = store.OpenSubtreeHashes();
        try
        {
            proof = old.Size == 0 ? [] : MerkleProofs.Consistency(source, old.Size, head.Size);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        var result = old.Size == 0
            ? new ProofCheck(true, null)
            : MerkleVerifier.VerifyConsistency(old.Size, head.Size, proof, old.RootHash, head.RootHash);
        return result.IsValid
            ? new ConsistencyReport(true, old.Size, head.Size, $"the ledger of {head.Size} entries extends the checkpoint of {old.Size} ({proof.Count} proof hashes)")
            : new ConsistencyReport(false, old.Size, head.Size, $"the ledger does not extend the checkpoint of {old.Size} entries: {result.Failure}");
    }
}
