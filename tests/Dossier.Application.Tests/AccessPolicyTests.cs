using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Domain.Records;

namespace Dossier.Application.Tests;

public partial class AccessPolicyTests
{
    [Fact]
    public void Anonymous_visitors_read_only_public_records_and_do_nothing_else()
    {
        foreach (var classification in Enum.GetValues<Classification>())
        {
            AccessPolicy.CanRead(null, classification).ShouldBe(classification == Classification.Public);
            AccessPolicy.CanWrite(null, classification).ShouldBeFalse();
        }

        Enum.GetValues<Operation>().ShouldAllBe(o => !AccessPolicy.Can(null, o));
    }

    [Fact]
    public void Whoever_may_write_a_classification_may_also_read_it()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var classification in Enum.GetValues<Classification>())
            {
                if (AccessPolicy.CanWrite(role, classification))
                {
                    AccessPolicy.CanRead(role, classification).ShouldBeTrue($"{role} writes {classification}");
                }
            }
        }
    }

    [Fact]
    public void The_admin_manages_accounts_but_never_sees_protected_identities()
    {
        AccessPolicy.Can(Role.Admin, Operation.ManageAccounts).ShouldBeTrue();
        AccessPolicy.CanRead(Role.Admin, Classification.ProtectedIdentity).ShouldBeFalse();
        AccessPolicy.Can(Role.Admin, Operation.UnsealIdentity).ShouldBeFalse();
    }

    /// <summary>docs/access-control.md prints the policy for people; it must say what the code does.</summary>
    [Fact]
    public void The_table_in_the_docs_is_the_policy_in_the_code()
    {
        var doc = File.ReadAllText(Path.Combine(Dossier.Testing.TestEnvironment.RepositoryRoot, "docs", "access-control.md"));
        var rows = TableRow().Matches(doc).ToDictionary(m => m.Groups["action"].Value.Trim(), m => m.Groups["cells"].Value.Split('|').Select(c => c.Trim()).ToArray(), StringComparer.Ordinal);
        var roles = Enum.GetValues<Role>();

        foreach (var classification in Enum.GetValues<Classification>())
        {
            var name = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(classification.ToString());
            Cells(rows, $"read {name}").ShouldBe(roles.Select(r => Mark(AccessPolicy.CanRead(r, classification))), $"read {name}");
            Cells(rows, $"write {name}").ShouldBe(roles.Select(r => Mark(AccessPolicy.CanWrite(r, classification))), $"write {name}");
        }

        foreach (var operation in Enum.GetValues<Operation>())
        {
            Cells(rows, operation.ToString()).ShouldBe(roles.Select(r => Mark(AccessPolicy.Can(r, operation))), operation.ToString());
        }
    }

    private static string[] Cells(Dictionary<string, string[]> rows, string key)
    {
        rows.ShouldContainKey(key);
        return rows[key];
    }

    private static string Mark(bool allowed) => allowed ? "yes" : "—";

    // | `read public` | yes | yes | ... |
    [GeneratedRegex(@"^\| `(?<action>[^`]+)` \|(?<cells>.*)\|\s*$", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex TableRow();
}
