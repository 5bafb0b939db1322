using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dossier.Application.Cases;

/// <summary>What kind of proof an element needs (issue 15 §1).</summary>
public enum ProofKind
{
    Conduct,
    Consequence,
    Circumstance,
    Mental,
    Context,
}

/// <summary>One element of a crime or a mode of liability: what must be proved, of which kind, and where the law says so.</summary>
public sealed record LegalElement(string Id, ProofKind Kind, string Text, string Cite);

/// <summary>A crime of a framework, with its own elements and those of its context (the chapeau of crimes against humanity).</summary>
public sealed record LegalCrime(string Id, string Title, string Cite, string FrameworkId, IReadOnlyList<LegalElement> Elements, IReadOnlyList<LegalElement> ContextElements)
{
    /// <summary>Context first, then the crime's own elements: the order a proof matrix reads in.</summary>
    public IEnumerable<LegalElement> AllElements => ContextElements.Concat(Elements);
}

/// <summary>A mode of liability (commission, ordering, aiding, superior responsibility …) with its elements.</summary>
public sealed record LiabilityMode(string Id, string Title, string Cite, string FrameworkId, IReadOnlyList<LegalElement> Elements);

public sealed record LegalFramework(string Id, string Title, string Source, IReadOnlyList<LegalCrime> Crimes, IReadOnlyList<LiabilityMode> Modes);

/// <summary>A framework file that cannot be used: which file, line and field, and why.</summary>
public sealed class LegalFrameworkException(string file, int line, string field, string message)
    : Exception($"{file}:{line}: {field}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Field { get; } = field;
}

/// <summary>
/// The legal frameworks cases are charged under (issue 15 §1; ADR 1501): the ones shipped in the repository's
/// <c>frameworks/</c> (the Rome Statute's crimes against humanity, grave breaches and modes of liability; the
/// Swedish charges of the Noury judgment) and any a workspace adds in its own <c>frameworks/</c> folder. Every
/// file is checked when loaded — unknown members, missing texts, unknown kinds, an id used twice anywhere — and a
/// bad file stops the start with its file, line and field, rather than leave a charge without its elements.
/// </summary>
public sealed class LegalFrameworks
{
    public const string Format = "dossier-legal-framework";

    private static readonly Lazy<LegalFrameworks> Shipped = new(() => Load(null));

    private readonly Dictionary<string, LegalCrime> _crimes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiabilityMode> _modes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LegalElement> _elements = new(StringComparer.Ordinal);

    private LegalFrameworks(IReadOnlyList<LegalFramework> all)
    {
        All = all;
        foreach (var framework in all)
        {
            foreach (var crime in framework.Crimes)
            {
                _crimes[crime.Id] = crime;
                foreach (var element in crime.AllElements)
                {
                    _elements[element.Id] = element;
                }
            }

            foreach (var mode in framework.Modes)
            {
                _modes[mode.Id] = mode;
                foreach (var element in mode.Elements)
                {
                    _elements[element.Id] = element;
                }
            }
        }
    }

    /// <summary>The frameworks shipped with Dossier (embedded in this assembly).</summary>
    public static LegalFrameworks Builtin => Shipped.Value;

    public IReadOnlyList<LegalFramework> All { get; }

    public LegalCrime? Crime(string id) => _crimes.GetValueOrDefault(id);

    public LiabilityMode? Mode(string id) => _modes.GetValueOrDefault(id);

    public LegalElement? Element(string id) => _elements.GetValueOrDefault(id);

    /// <summary>The shipped frameworks and every <c>*.yaml</c> in <paramref name="workspaceFolder"/>/frameworks, if it exists.</summary>
    public static LegalFrameworks Load(string? workspaceFolder)
    {
        var files = new List<(string Name, string Text)>();
        var assembly = typeof(LegalFrameworks).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Dossier.Frameworks.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            files.Add((resource["Dossier.Frameworks.".Length..], reader.ReadToEnd()));
        }

        var folder = workspaceFolder is null ? null : Path.Combine(workspaceFolder, "frameworks");
        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                files.Add((path, File.ReadAllText(path)));
            }
        }

        var frameworks = new List<LegalFramework>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in files)
        {
            frameworks.Add(Parse(name, text, ids));
        }

        return new LegalFrameworks(frameworks);
    }

    /// <summary>Reads one framework file; <paramref name="ids"/> holds every id seen so far (with its file), so none is used twice.</summary>
    public static LegalFramework Parse(string file, string text, Dictionary<string, string> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new LegalFrameworkException(file, (int)exception.Start.Line, "$", $"not valid YAML ({exception.Message})");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new LegalFrameworkException(file, 1, "$", "a framework file is one YAML mapping");
        }

        var reader = new Reader(file, ids);
        reader.Only(root, "$", "format", "version", "id", "title", "contexts", "crimes", "modes");
        if (reader.Text(root, "format", "$") != Format)
        {
            throw reader.Fail(root, "format", $"must be {Format}");
        }

        if (reader.Text(root, "version", "$") != "1")
        {
            throw reader.Fail(root, "version", "must be 1");
        }

        var id = reader.Id(root, "$");
        var title = reader.Text(root, "title", "$");
        var contexts = new Dictionary<string, IReadOnlyList<LegalElement>>(StringComparer.Ordinal);
        foreach (var (context, path) in reader.Items(root, "contexts"))
        {
            reader.Only(context, path, "id", "title", "elements");
            var contextId = reader.Id(context, path);
            reader.Text(context, "title", path);
            contexts[contextId] = reader.Elements(context, path);
        }

        var crimes = new List<LegalCrime>();
        foreach (var (crime, path) in reader.Items(root, "crimes"))
        {
            reader.Only(crime, path, "id", "title", "cite", "context", "elements");
            var crimeId = reader.Id(crime, path);
            IReadOnlyList<LegalElement> context = [];
            if (crime.Children.ContainsKey(new YamlScalarNode("context")))
            {
                var contextId = reader.Text(crime, "context", path);
                context = contexts.TryGetValue(contextId, out var found) ? found : throw reader.Fail(crime, "context", $"no context '{contextId}' in this file");
            }

            crimes.Add(new LegalCrime(crimeId, reader.Text(crime, "title", path), reader.Text(crime, "cite", path), id, reader.Elements(crime, path), context));
        }

        var modes = new List<LiabilityMode>();
        foreach (var (mode, path) in reader.Items(root, "modes"))
        {
            reader.Only(mode, path, "id", "title", "cite", "elements");
            modes.Add(new LiabilityMode(reader.Id(mode, path), reader.Text(mode, "title", path), reader.Text(mode, "cite", path), id, reader.Elements(mode, path)));
        }

        return new LegalFramework(id, title, file, crimes, modes);
    }

    private sealed class Reader(string file, Dictionary<string, string> ids)
    {
        public LegalFrameworkException Fail(YamlNode node, string field, string message) =>
            new(file, (int)node.Start.Line, field, message);

        public void Only(YamlMappingNode node, string path, params string[] allowed)
        {
            foreach (var key in node.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Fail(key, $"{path}.{key}", $"unknown member; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        public string Text(YamlMappingNode node, string member, string path) =>
            node.Children.TryGetValue(new YamlScalarNode(member), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } && !string.IsNullOrWhiteSpace(text)
                ? text.Trim()
                : throw Fail(node, $"{path}.{member}", "is required (text)");

        public string Id(YamlMappingNode node, string path)
        {
            var id = Text(node, "id", path);
            if (!Dossier.Application.Workspace.RecordValidator.IsValidId(id))
            {
                throw Fail(node, $"{path}.id", "an id is letters, digits, '.', '_', ':' or '-'");
            }

            if (ids.TryGetValue(id, out var where))
            {
                throw Fail(node, $"{path}.id", $"'{id}' is already used in {where}");
            }

            ids[id] = file;
            return id;
        }

        public IEnumerable<(YamlMappingNode Node, string Path)> Items(YamlMappingNode node, string member)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(member), out var value))
            {
                yield break;
            }

            if (value is not YamlSequenceNode sequence)
            {
                throw Fail(value, member, "must be a list");
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                yield return sequence.Children[i] is YamlMappingNode item
                    ? (item, string.Create(CultureInfo.InvariantCulture, $"{member}[{i}]"))
                    : throw Fail(sequence.Children[i], string.Create(CultureInfo.InvariantCulture, $"{member}[{i}]"), "must be a mapping");
            }
        }

        public IReadOnlyList<LegalElement> Elements(YamlMappingNode node, string path)
        {
            var elements = new List<LegalElement>();
            foreach (var (element, at) in Items(node, "elements"))
            {
                var where = $"{path}.{at}";
                Only(element, where, "id", "kind", "text", "cite");
                var kindText = Text(element, "kind", where);
                if (!Enum.TryParse<ProofKind>(kindText, ignoreCase: false, out var kind) && !Enum.TryParse(Capitalised(kindText), ignoreCase: false, out kind))
                {
                    throw Fail(element, $"{where}.kind", $"'{kindText}' is not one of conduct, consequence, circumstance, mental, context");
                }

                elements.Add(new LegalElement(Id(element, where), kind, Text(element, "text", where), Text(element, "cite", where)));
            }

            return elements.Count > 0 ? elements : throw Fail(node, $"{path}.elements", "at least one element is needed");
        }

        private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
