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
