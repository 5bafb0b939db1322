using System.Security.Cryptography;

namespace Dossier.Ledger.Merkle;

/// <summary>The outcome of checking a proof: valid, or the reason it is not.</summary>
public readonly record struct ProofCheck(bool IsValid, string? Failure)
{
    public static ProofCheck Valid { get; } = new(true, null);

    public static ProofCheck Invalid(string failure) => new(false, failure);

    public override string ToString() => IsValid ? "valid" : Failure ?? "invalid";
}

/// <summary>
/// Checks RFC 9162 proofs exactly as §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) describe, with the
/// length and size checks the RFC leaves implicit made explicit, so malformed input fails with a reason.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="proof"/> show the leaf with hash
    /// <paramref name="leafHash"/> at <paramref name="index"/> in the tree of <paramref name="size"/> leaves
    /// whose root is <paramref name="root"/>?</summary>
    public static ProofCheck VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || size <= 0 || index >= size)
        {
            return ProofCheck.Invalid($"leaf index {index} is not inside a tree of {size} leaves");
        }

        if (leafHash.Length != MerkleHash.Size || root.Length != MerkleHash.Size)
        {
            return ProofCheck.Invalid($"a hash must be {MerkleHash.Size} bytes (leaf hash {leafHash.Length}, root {root.Length})");
        }

        if (BadHash(proof) is { } bad)
        {
            return ProofCheck.Invalid(bad);
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return ProofCheck.Invalid($"the proof has more hashes than a tree of {size} leaves needs");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofCheck.Invalid($"the proof has fewer hashes than a tree of {size} leaves needs");
        }

        return CryptographicOperations.FixedTimeEquals(r, root)
            ? ProofCheck.Valid
            : ProofCheck.Invalid("the root computed from the inclusion proof does not match the tree's root");
    }

    /// <summary>RFC 9162 §2.1.4.2: does <paramref name="proof"/> show that the tree of
    /// <paramref name="oldSize"/> leaves with root <paramref name="oldRoot"/> is a prefix of the tree of
    /// <paramref name="newSize"/> leaves with root <paramref name="newRoot"/>? Equal sizes need an empty
    /// proof and equal roots; a proof from the empty tree proves nothing and is refused.</summary>
    public static ProofCheck VerifyConsistency(long oldSize, long newSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || newSize < oldSize)
        {
            return ProofCheck.Invalid($"the old size {oldSize} must not exceed the new size {newSize}");
        }

        if (oldSize == 0)
        {
            return ProofCheck.Invalid("a consistency proof from the empty tree proves nothing");
        }

        // Equal sizes: the same tree, so the two roots must be the same bytes and there is nothing to prove.
        if (oldSize == newSize)
        {
            if (proof.Count != 0)
            {
                return ProofCheck.Invalid("equal tree sizes need an empty consistency proof");
            }

            return oldRoot.SequenceEqual(newRoot)
                ? ProofCheck.Valid
                : ProofCheck.Invalid("equal tree sizes but different roots");
        }

        if (oldRoot.Length != MerkleHash.Size || newRoot.Length != MerkleHash.Size)
        {
            return ProofCheck.Invalid($"a root must be {MerkleHash.Size} bytes (old {oldRoot.Length}, new {newRoot.Length})");
        }

        if (BadHash(proof) is { } bad)
        {
            return ProofCheck.Invalid(bad);
        }

        // Step 1.
        if (proof.Count == 0)
        {
            return ProofCheck.Invalid("the consistency proof is empty");
        }

        // Step 2: a power-of-two old tree is itself a node of the new one; its root seeds the chain.
        var path = new List<byte[]>(proof.Count + 1);
        if ((oldSize & (oldSize - 1)) == 0)
        {
            path.Add(oldRoot.ToArray());
        }

        path.AddRange(proof);

        // Steps 3–4.
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        var fr = path[0];
        var sr = path[0];

        // Step 6.
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return ProofCheck.Invalid($"the proof has more hashes than sizes {oldSize} → {newSize} need");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 7.
        if (sn != 0)
        {
            return ProofCheck.Invalid($"the proof has fewer hashes than sizes {oldSize} → {newSize} need");
        }

        if (!CryptographicOperations.FixedTimeEquals(fr, oldRoot))
        {
            return ProofCheck.Invalid("the old root computed from the consistency proof does not match the old tree's root");
        }

        return CryptographicOperations.FixedTimeEquals(sr, newRoot)
            ? ProofCheck.Valid
            : ProofCheck.Invalid("the new root computed from the consistency proof does not match the new tree's root");
    }

    /// <summary>Subtree inclusion (the Merkle Tree Certificates draft): leaf <paramref name="index"/> lies in
    /// the subtree [start, end) whose hash is <paramref name="subtreeHash"/>. A valid subtree has start &lt; end
    /// and start a multiple of the smallest power of two ≥ end − start; the proof is then an ordinary
    /// inclusion proof for index − start in a tree of end − start leaves.</summary>
    public static ProofCheck VerifySubtreeInclusion(long index, long start, long end, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeHash)
    {
        if (!IsValidSubtree(start, end))
        {
            return ProofCheck.Invalid($"[{start}, {end}) is not a valid subtree");
        }

        if (index < start || index >= end)
        {
            return ProofCheck.Invalid($"leaf index {index} is outside the subtree [{start}, {end})");
        }

        return VerifyInclusion(index - start, end - start, leafHash, proof, subtreeHash);
    }

    /// <summary>Subtree consistency (the Merkle Tree Certificates draft): the subtree [start, end) with hash
    /// <paramref name="subtreeHash"/> belongs to the tree of <paramref name="size"/> leaves with root
    /// <paramref name="root"/>. Dossier only needs prefix subtrees [0, end), where this is RFC 9162 consistency
    /// from size end; the empty subtree is vacuously consistent when its hash is MTH({}) and the proof is empty.
    /// Other subtrees are refused as unsupported rather than guessed at.</summary>
    public static ProofCheck VerifySubtreeConsistency(long start, long end, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeHash, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (start == end && start >= 0 && end <= size)
        {
            return proof.Count == 0 && subtreeHash.SequenceEqual(MerkleHash.Empty())
                ? ProofCheck.Valid
                : ProofCheck.Invalid("an empty subtree needs the empty-tree hash and an empty proof");
        }

        if (!IsValidSubtree(start, end) || end > size)
        {
            return ProofCheck.Invalid($"[{start}, {end}) is not a valid subtree of a tree of {size} leaves");
        }

        return start == 0
            ? VerifyConsistency(end, size, proof, subtreeHash, root)
            : ProofCheck.Invalid($"consistency of a subtree not starting at leaf 0 ([{start}, {end})) is not supported");
    }

    /// <summary>Whether [start, end) is a subtree of some RFC 9162 tree: non-empty and aligned to the bit
    /// ceiling of its width.</summary>
    public static bool IsValidSubtree(long start, long end)
    {
        if (start < 0 || end <= start)
        {
            return false;
        }

        var width = (ulong)(end - start);
        var ceiling = width == 1 ? 1UL : 1UL << (64 - System.Numerics.BitOperations.LeadingZeroCount(width - 1));
        return ((ulong)start % ceiling) == 0;
    }

    private static string? BadHash(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is null || proof[i].Length != MerkleHash.Size)
            {
                return $"proof hash {i} is {proof[i]?.Length ?? 0} bytes, not {MerkleHash.Size}";
            }
        }

        return null;
    }
}
