using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Dossier.Testing.Tests;

/// <summary>
/// docs/architecture.md's table of projects says which project may reference which; the project files
/// are what the build does. They must agree, and nothing outside the application services and the store
/// appends to the ledger (issue 12 §1, §11).
/// </summary>
public sealed partial class ArchitectureTableTests
{
    private static string Root => TestEnvironment.RepositoryRoot;

    [Fact]
    public void The_dependency_table_in_the_docs_is_the_project_references_in_src()
    {
        var documented = DocumentedReferences();
        var built = Directory.GetDirectories(Path.Combine(Root, "src"))
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), ProjectReferences, StringComparer.Ordinal);

        documented.Keys.Order(StringComparer.Ordinal).ShouldBe(built.Keys.Order(StringComparer.Ordinal), "every project in src/ has a row, and every row a project");
        foreach (var (project, references) in built)
        {
            documented[project].Order(StringComparer.Ordinal).ShouldBe(references.Order(StringComparer.Ordinal), $"references of {project}");
        }
    }

    [Fact]
    public void Only_the_application_services_and_the_store_append_to_the_ledger()
    {
        var appenders = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => AppendCall().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .ToList();

        appenders.ShouldNotBeEmpty();
        appenders.ShouldAllBe(f => f.StartsWith("src/Dossier.Application/", StringComparison.Ordinal) || f.StartsWith("src/Dossier.Storage/", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_are_made_only_through_the_catalogue()
    {
        // A NewEntry is built in one place (EntryKind.New); services hand the catalogue a typed body.
        var makers = SourceFiles("src").Where(f => NewEntryCall().IsMatch(File.ReadAllText(f))).Select(Relative).ToList();

        makers.ShouldBe(["src/Dossier.Application/Ledger/EntryCatalogue.cs"]);
    }

    [Fact]
    public void No_code_casts_the_store_to_find_a_capability_and_no_store_refuses_a_member()
    {
        // Each capability is a property of IWorkspaceStore (Lists, Evidence, Accounts, Audit, SealedIdentities …).
        var casts = SourceFiles("src").Concat(SourceFiles("tests")).Concat(SourceFiles("bench"))
            .Where(f => StoreCast().IsMatch(File.ReadAllText(f))).Select(Relative).ToList();
        casts.ShouldBeEmpty();

        // The stores (Sql*.cs, and a person's view of the records); the backup's streams are streams.
        var refusing = SourceFiles(Path.Combine("src", "Dossier.Storage")).Where(f => Path.GetFileName(f).StartsWith("Sql", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "src", "Dossier.Application", "Access", "ReadableStore.cs"))
            .Where(f => File.ReadAllText(f).Contains("NotSupportedException", StringComparison.Ordinal)).Select(Relative).ToList();
        refusing.ShouldBeEmpty();
    }

    [Fact]
    public void No_project_of_src_opens_its_internals_to_another_project_of_src()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var friends = XDocument.Load(project).Descendants("InternalsVisibleTo").Select(e => (string?)e.Attribute("Include") ?? string.Empty);
            friends.ShouldAllBe(f => f.EndsWith(".Tests", StringComparison.Ordinal) || f == "$(AssemblyName).Tests", project);
        }
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

    private static List<string> ProjectReferences(string csproj) =>
        [.. XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include"))!.Replace('\\', '/')))];

    // | `Dossier.Linkage` | what it holds | `Dossier.Text` | packages |
    private static Dictionary<string, List<string>> DocumentedReferences()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var table = text[text.IndexOf("## Projects", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match row in TableRow().Matches(table))
        {
            rows[row.Groups["project"].Value] = [.. ProjectName().Matches(row.Groups["references"].Value).Select(m => m.Groups["name"].Value)];
        }

        return rows;
    }

    [GeneratedRegex(@"^\| `(?<project>Dossier\.[A-Za-z]+)` \|[^|]*\|(?<references>[^|]*)\|", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(?<name>Dossier\.[A-Za-z]+)`", RegexOptions.ExplicitCapture)]
    private static partial Regex ProjectName();

    // A call of the ledger's append (store.AppendAsync, _store.AppendAsync, ledger.AppendAsync …), not a
    // method of the same name declared or called on something else.
    [GeneratedRegex(@"\b(store|_store|ledger|_ledger|Store)\.AppendAsync\(")]
    private static partial Regex AppendCall();

    [GeneratedRegex(@"new NewEntry\(|new Dossier\.Application\.Ledger\.NewEntry\(")]
    private static partial Regex NewEntryCall();

    [GeneratedRegex(@"\((Dossier\.Application\.[A-Za-z]+\.)?I(Account|Evidence|EvidenceLink|SealedIdentity|List)Store\)|\((Dossier\.Application\.Access\.)?IAuditLog\)|\bas I(Account|Evidence|EvidenceLink|SealedIdentity|List)Store\b|\bas IAuditLog\b|is (not )?I(Account|Evidence|EvidenceLink|SealedIdentity|List)Store\b")]
    private static partial Regex StoreCast();
}
