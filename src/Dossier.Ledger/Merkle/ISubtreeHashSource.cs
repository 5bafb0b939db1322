namespace Dossier.Ledger.Merkle;

/// <summary>
/// Where proof generation reads the hashes of complete subtrees, the ones <see cref="CompactRange.Append"/>
/// reports. A store implements it over its (level, index) table; proofs never need anything else.
/// </summary>
public interface ISubtreeHashSource
{
    /// <summary>The hash of the complete subtree of 2^<paramref name="level"/> leaves starting at leaf
    /// <paramref name="index"/> × 2^<paramref name="level"/>; level 0 is the leaf hash itself.</summary>
    byte[] GetSubtreeHash(int level, long index);
}
