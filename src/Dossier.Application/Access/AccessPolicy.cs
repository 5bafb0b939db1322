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

    /// <summary>
    /// Not an account's role: whoever runs the CLI on the workspace's files without an API token (the
    /// holder of the database file and master key). Recorded as <c>local:LOGIN@HOST</c>; see
    /// docs/threat-model.md for what it may and may not do, and why.
    /// </summary>
    LocalOperator,
}

/// <summary>Actions that are allowed or refused as a whole, apart from reading and writing records.</summary>
public enum Operation
{
    /// <summary>See the real identity behind a pseudonym (W-001); always with a reason, always audited.</summary>
    UnsealIdentity,

    /// <summary>Destroy a sealed identity's data key (crypto-shredding).</summary>
    EraseIdentity,

    ManageAccounts,

    /// <summary>Manage accounts while the workspace has no active admin: how the first admin is made.</summary>
    BootstrapAdmin,

    ReadAudit,

    /// <summary>Workspace exports and court bundles; every export is audited.</summary>
    Export,

    AddEvidence,

    /// <summary>Accept or reject pairs in the linkage review queue.</summary>
    ReviewLinkage,

    /// <summary>Run estimates and record them in the ledger.</summary>
    RecordEstimate,

    /// <summary>Work on the workspace's files as such: verify, rebuild, checkpoint, back up, rotate the master key.</summary>
    MaintainWorkspace,
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
        [Classification.Public] = [Role.Viewer, Role.Analyst, Role.Investigator, Role.Legal, Role.Admin, Role.LocalOperator],
        [Classification.Internal] = [Role.Viewer, Role.Analyst, Role.Investigator, Role.Legal, Role.Admin, Role.LocalOperator],
        [Classification.Restricted] = [Role.Analyst, Role.Investigator, Role.Legal, Role.LocalOperator],
        [Classification.ProtectedIdentity] = [Role.Investigator, Role.Legal, Role.LocalOperator],
    };

    private static readonly Dictionary<Classification, Role[]> Writers = new()
    {
        [Classification.Public] = [Role.Analyst, Role.Investigator, Role.Legal, Role.LocalOperator],
        [Classification.Internal] = [Role.Analyst, Role.Investigator, Role.Legal, Role.LocalOperator],
        [Classification.Restricted] = [Role.Analyst, Role.Investigator, Role.Legal, Role.LocalOperator],
        [Classification.ProtectedIdentity] = [Role.Investigator, Role.Legal],
    };

    private static readonly Dictionary<Operation, Role[]> Operations = new()
    {
        [Operation.UnsealIdentity] = [Role.Investigator, Role.Legal],
        [Operation.EraseIdentity] = [Role.Investigator, Role.Legal],
        [Operation.ManageAccounts] = [Role.Admin],
        [Operation.BootstrapAdmin] = [Role.LocalOperator],
        [Operation.ReadAudit] = [Role.Admin, Role.LocalOperator],
        [Operation.Export] = [Role.Investigator, Role.Legal, Role.LocalOperator],
        [Operation.AddEvidence] = [Role.Analyst, Role.Investigator, Role.Legal, Role.LocalOperator],
        [Operation.ReviewLinkage] = [Role.Analyst, Role.Investigator, Role.LocalOperator],
        [Operation.RecordEstimate] = [Role.Analyst, Role.Investigator, Role.LocalOperator],
        [Operation.MaintainWorkspace] = [Role.LocalOperator],
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

    /// <summary>The roles an account can hold (every role but the local operator's).</summary>
    public static IReadOnlyList<Role> AccountRoles { get; } = [.. Enum.GetValues<Role>().Where(r => r != Role.LocalOperator)];

    /// <summary>Stable lower-case names used in the ledger, the CLI and the database.</summary>
    public static string Name(Role role) => role == Role.LocalOperator ? "local-operator" : role.ToString().ToLowerInvariant();

    /// <summary>Parses an account role's name; the local operator is not one.</summary>
    public static bool TryParse(string? text, out Role role)
    {
        foreach (var candidate in AccountRoles)
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
