using YamlDotNet.RepresentationModel;

namespace Dossier.Testing;

/// <summary>
/// The plaintext of the demo's invented protected witnesses (names in both scripts, contacts, locations),
/// read from demo/noury-case.yaml, the only place they exist in clear: tests search everything else for them.
/// </summary>
public static class DemoSecrets
{
    private static readonly Lazy<IReadOnlyList<string>> All = new(Read);

    public static IReadOnlyList<string> Strings => All.Value;

    /// <summary>The names only (every script), which are what a leak would most likely show.</summary>
    public static IReadOnlyList<string> Names => [.. All.Value.Where(s => !s.Contains("INVENTED", StringComparison.Ordinal) && !s.Contains('@', StringComparison.Ordinal))];

    private static readonly Lazy<IReadOnlyList<string>> Sealed = new(ReadSealedWords);

    /// <summary>
    /// The words of the invented protected witnesses' statements, and their translations (demo/noury-testimonies.yaml):
    /// sealed under each witness's key at import, so no page, report or package may show them.
    /// </summary>
    public static IReadOnlyList<string> SealedWords => Sealed.Value;

    private static IReadOnlyList<string> ReadSealedWords()
    {
        var protectedIds = Load("noury-case.yaml").Children[new YamlScalarNode("protectedIdentities")] is YamlSequenceNode identities
            ? identities.Children.Cast<YamlMappingNode>().Select(i => ((YamlScalarNode)i.Children[new YamlScalarNode("id")]).Value!).ToHashSet(StringComparer.Ordinal)
            : [];
        var records = ((YamlSequenceNode)Load("noury-testimonies.yaml").Children[new YamlScalarNode("records")]).Children.Cast<YamlMappingNode>().ToList();
        string? Field(YamlMappingNode node, string name) => node.Children.TryGetValue(new YamlScalarNode(name), out var value) ? (value as YamlScalarNode)?.Value : null;
        var protectedInterviews = records.Where(r => Field(r, "kind") == "interview" && protectedIds.Contains(Field(r, "witnessId") ?? string.Empty))
            .Select(r => Field(r, "id")!).ToHashSet(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var statement in records.Where(r => Field(r, "kind") == "statement" && protectedInterviews.Contains(Field(r, "interviewId") ?? string.Empty)))
        {
            words.Add(Field(statement, "text")!);
            if (statement.Children.TryGetValue(new YamlScalarNode("translations"), out var translations))
            {
                words.AddRange(((YamlSequenceNode)translations).Children.Cast<YamlMappingNode>().Select(t => Field(t, "text")!));
            }
        }

        return words;
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestEnvironment.RepositoryRoot, "demo", file)))
        {
            stream.Load(reader);
        }

        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IReadOnlyList<string> Read()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestEnvironment.RepositoryRoot, "demo", "noury-case.yaml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var secrets = new List<string>();
        foreach (var entry in ((YamlSequenceNode)root.Children[new YamlScalarNode("protectedIdentities")]).Children.Cast<YamlMappingNode>())
        {
            var identity = (YamlMappingNode)entry.Children[new YamlScalarNode("identity")];
            secrets.AddRange(((YamlSequenceNode)identity.Children[new YamlScalarNode("names")]).Children.Cast<YamlMappingNode>()
                .Select(name => ((YamlScalarNode)name.Children[new YamlScalarNode("text")]).Value!));
            secrets.Add(((YamlScalarNode)identity.Children[new YamlScalarNode("contact")]).Value!);
            secrets.Add(((YamlScalarNode)identity.Children[new YamlScalarNode("location")]).Value!);
        }

        return secrets;
    }
}
