using Dossier.Domain.Records;

namespace Dossier.Application.Access;

/// <summary>What a signed-in person does. An anonymous visitor has no role and sees only public records.</summary>
public enum Role
{
    Viewer,
    Analyst,
    Investigator,
    Legal,
    Admin,
}

/// <summary>Actions that are allowed or refused as a whole, apart from reading and writing records.</summary>
public enum Operation
{
    /// <summary>See the real identity behind a pseudonym (W-001); always with a reason, always audited.</summary>
    UnsealIdentity,

    /// <summary>Destroy a sealed identity's data key (crypto-shredding).</summary>
    EraseIdentity,

    ManageAccounts,
    ReadAudit,

    /// <summary>Workspace exports and court bundles; every export is audited.</summary>
    Export,

    AddEvidence,

    /// <summary>Accept or reject pairs in the linkage review queue.</summary>
    ReviewLinkage,

    /// <summary>Run estimates and record them in the ledger.</summary>
    RecordEstimate,
}

/// <summary>
/// The one policy table: which role may read and write records of each classification, and which
/// may perform each operation. docs/access-control.md prints the same table; a test keeps them equal.
/// </summary>
/// <remarks>
/// The admin manages accounts and reads the audit trail but sees no restricted or protected data:
/// whoever runs the server should not, by that fact alone, see who the witnesses are.
/// </remarks>
public static class AccessPolicy
{
    private static readonly Dictionary<Classification, Role[]> Readers = new()
    {
        [Classification.Public] = [Role.Viewer, Role.Analyst, Role.Investigator, Role.Legal, Role.Admin],
        [Classification.Internal] = [Role.Viewer, Role.Analyst, Role.Investigator, Role.Legal, Role.Admin],
        [Classification.Restricted] = [Role.Analyst, Role.Investigator, Role.Legal],
        [Classification.ProtectedIdentity] = [Role.Investigator, Role.Legal],
    };

    private static readonly Dictionary<Classification, Role[]> Writers = new()
    {
        [Classification.Public] = [Role.Analyst, Role.Investigator, Role.Legal],
        [Classification.Internal] = [Role.Analyst, Role.Investigator, Role.Legal],
        [Classification.Restricted] = [Role.Analyst, Role.Investigator, Role.Legal],
        [Classification.ProtectedIdentity] = [Role.Investigator, Role.Legal],
    };

    private static readonly Dictionary<Operation, Role[]> Operations = new()
    {
        [Operation.UnsealIdentity] = [Role.Investigator, Role.Legal],
        [Operation.EraseIdentity] = [Role.Investigator, Role.Legal],
        [Operation.ManageAccounts] = [Role.Admin],
        [Operation.ReadAudit] = [Role.Admin],
        [Operation.Export] = [Role.Investigator, Role.Legal],
        [Operation.AddEvidence] = [Role.Analyst, Role.Investigator, Role.Legal],
        [Operation.ReviewLinkage] = [Role.Analyst, Role.Investigator],
        [Operation.RecordEstimate] = [Role.Analyst, Role.Investigator],
    };

    /// <summary>Whether <paramref name="role"/> (null: an anonymous visitor) may see records of this classification.</summary>
    public static bool CanRead(Role? role, Classification classification) =>
        classification == Classification.Public || (role is { } r && Readers[classification].Contains(r));

    public static bool CanWrite(Role? role, Classification classification) =>
        role is { } r && Writers[classification].Contains(r);

    public static bool Can(Role? role, Operation operation) =>
        role is { } r && Operations[operation].Contains(r);

    /// <summary>The most sensitive classification this role may read, for filtering queries in the database.</summary>
    public static Classification HighestReadable(Role? role) =>
        Enum.GetValues<Classification>().Where(c => CanRead(role, c)).Max();

    /// <summary>Every classification this role may read.</summary>
    public static IReadOnlyList<Classification> Readable(Role? role) =>
        [.. Enum.GetValues<Classification>().Where(c => CanRead(role, c))];

    /// <summary>Stable lower-case names used in the ledger, the CLI and the database.</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
