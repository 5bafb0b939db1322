namespace Dossier.Linkage.Comparisons;

/// <summary>
/// The chance that a record holds a value, for term-frequency weights (ADR 1815).
/// </summary>
/// <remarks>
/// Exact agreement on a value v weighs log2(m / P(b holds v | a holds v, a and b different people)).
/// In a linkage of two files b is drawn from the other file and the plain share count/n is that chance.
/// In a deduplication b is another record of the same file, and a's own record is one of the count:
/// the chance is (count − 1)/(n − 1). Averaged over a's value, Σ (c/n)·(c − 1)/(n − 1) is exactly the u of
/// exact agreement computed from the value counts, so the weights stay consistent with u; the plain share
/// c/n averages to Σ (c/n)², above u, and under-weighs every agreement — a value held by two records by a
/// whole bit, one held by three by 0.6 bit — which is what the long tail of rare family names on a
/// million rows pays for.
/// </remarks>
internal static class Shares
{
    public static double Of(long count, long nonMissing, bool leaveOneOut) =>
        leaveOneOut ? LeaveOneOut(count, nonMissing) : (double)count / Math.Max(1, nonMissing);

    /// <summary>(count − 1)/(n − 1); 0 for a value no other record holds.</summary>
    public static double LeaveOneOut(long count, long nonMissing) =>
        nonMissing < 2 || count < 1 ? 0 : (count - 1.0) / (nonMissing - 1.0);
}
