using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dossier.Application.Exchange;

/// <summary>A problem in a workspace file, located by line (1-based) and field path.</summary>
public sealed record FileError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}

/// <summary>The records of a workspace file, in file order, or every error found in it.</summary>
public sealed record WorkspaceFileContent(IReadOnlyList<Record> Records, IReadOnlyList<FileError> Errors)
{
    /// <summary>Line of each record's start, to place validation errors found later.</summary>
    /// <summary>Ids and kinds of records the file declares but that failed to parse: they exist as far as references go.</summary>
    public IReadOnlyDictionary<string, RecordKind> UnparsedRecords { get; init; } = new Dictionary<string, RecordKind>(StringComparer.Ordinal);

    internal IReadOnlyDictionary<string, YamlMappingNode> RecordNodes { get; init; } = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);

    /// <summary>Identities to seal at import (the <c>protectedIdentities</c> block); never written in plaintext.</summary>
    public IReadOnlyList<Dossier.Application.Exchange.ProtectedIdentityEntry> ProtectedIdentities { get; init; } = [];
}

/// <summary>
/// The workspace exchange format (docs/formats/workspace.md): a document with <c>format: dossier-workspace</c>,
/// <c>version: 1</c> and a list of <c>records</c>, each a mapping with its <c>kind</c> and the record's
/// fields. JSON and YAML carry the same document; both are read through one YAML parser (JSON is YAML)
/// so every error can name its line.
/// </summary>
public static class WorkspaceFile
{
    public const string FormatName = "dossier-workspace";
    public const int FormatVersion = 1;

    public static WorkspaceFileContent Read(string fileName, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<FileError>();
        var records = new List<Record>();
        var nodes = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var unparsed = new Dictionary<string, RecordKind>(StringComparer.Ordinal);
        YamlMappingNode root;
        var text = ReadBounded(reader);
        if (text is null)
        {
            errors.Add(new FileError(fileName, 1, "$", $"the file is larger than {ImportLimits.MaxCharacters / (1024 * 1024)} Mi characters; split it, and name photo files instead of inlining them"));
            return new WorkspaceFileContent(records, errors);
        }

        if (YamlGuard.Check(fileName, text) is { } refused)
        {
            errors.Add(refused);
            return new WorkspaceFileContent(records, errors);
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add(new FileError(fileName, 1, "$", "the file must hold one document: a mapping with format, version and records"));
                return new WorkspaceFileContent(records, errors);
            }

            root = mapping;
        }
        catch (YamlException exception)
        {
            errors.Add(new FileError(fileName, checked((int)exception.Start.Line), "$", "not valid JSON or YAML: " + FieldPaths.Unquoted(exception.Message)));
            return new WorkspaceFileContent(records, errors);
        }
        catch (InvalidOperationException)
        {
            errors.Add(new FileError(fileName, 1, "$", "not valid JSON or YAML"));
            return new WorkspaceFileContent(records, errors);
        }

        CheckHeader(fileName, root, errors);
        if (Child(root, "records") is not YamlSequenceNode list)
        {
            errors.Add(new FileError(fileName, Line(root), "records", "a list of records is required"));
            return new WorkspaceFileContent(records, errors);
        }

        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>())
        {
            if (key.Value is not ("format" or "version" or "records" or "description" or ProtectedIdentityBlock.Key))
            {
                errors.Add(new FileError(fileName, Line(key), FieldPaths.Name(key.Value ?? string.Empty), $"unknown field; the file's fields are: format, version, description, records, {ProtectedIdentityBlock.Key}"));
            }
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"records[{i}]";
            if (list.Children[i] is not YamlMappingNode item)
            {
                errors.Add(new FileError(fileName, Line(list.Children[i]), path, "a record must be a mapping"));
                continue;
            }

            var record = ReadRecord(fileName, path, item, errors);
            if (record is not null)
            {
                records.Add(record);
                nodes.TryAdd(record.Id, item);
            }
            else if (Child(item, "id") is YamlScalarNode { Value: { } id } && Child(item, "kind") is YamlScalarNode { Value: var kindName }
                && RecordKinds.TryParse(kindName, out var declared))
            {
                unparsed.TryAdd(id, declared);
            }
        }

        var protectedIdentities = Child(root, ProtectedIdentityBlock.Key) is { } block
            ? ProtectedIdentityBlock.Read(fileName, block, ToJson, Locate, errors)
            : [];
        return new WorkspaceFileContent(records, errors) { RecordNodes = nodes, UnparsedRecords = unparsed, ProtectedIdentities = protectedIdentities };
    }

    /// <summary>Writes records as a workspace document: YAML when <paramref name="yaml"/>, else indented JSON.</summary>
    public static void Write(TextWriter writer, IEnumerable<Record> records, bool yaml, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        var list = new JsonArray();
        foreach (var record in records)
        {
            var node = JsonNode.Parse(RecordJson.ToElement(record).GetRawText())!.AsObject();
            var withKind = new JsonObject { ["kind"] = RecordKinds.Name(record.Kind) };
            foreach (var (name, value) in node.ToList())
            {
                node.Remove(name);
                withKind[name] = value;
            }

            list.Add(withKind);
        }

        var document = new JsonObject { ["format"] = FormatName, ["version"] = FormatVersion };
        if (description is not null)
        {
            document["description"] = description;
        }

        document["records"] = list;
        if (yaml)
        {
            YamlWriter.Write(writer, document);
        }
        else
        {
            writer.Write(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            writer.Write('\n');
        }
    }

    private static void CheckHeader(string fileName, YamlMappingNode root, List<FileError> errors)
    {
        if (Child(root, "format") is not YamlScalarNode { Value: FormatName })
        {
            errors.Add(new FileError(fileName, Line(Child(root, "format") ?? root), "format", $"must be '{FormatName}'"));
        }

        if (Child(root, "version") is not YamlScalarNode { Value: var version } || version != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            errors.Add(new FileError(fileName, Line(Child(root, "version") ?? root), "version", $"must be {FormatVersion}"));
        }
    }

    private static Record? ReadRecord(string fileName, string path, YamlMappingNode item, List<FileError> errors)
    {
        var kindNode = Child(item, "kind") as YamlScalarNode;
        if (kindNode?.Value is null || !RecordKinds.TryParse(kindNode.Value, out var kind))
        {
            var known = string.Join(", ", RecordKinds.All.Select(RecordKinds.Name));
            errors.Add(new FileError(fileName, Line((YamlNode?)kindNode ?? item), path + ".kind", $"must be one of: {known}"));
            return null;
        }

        var json = new JsonObject();
        foreach (var (key, value) in item.Children)
        {
            if (key is YamlScalarNode { Value: "kind" })
            {
                continue;
            }

            json[((YamlScalarNode)key).Value!] = ToJson(value);
        }

        return RecordNode.FromJson(kind, json, "a", ["kind"],
            (field, raw, message) => errors.Add(new FileError(fileName, Line(LocateNearest(item, raw)), $"{path}.{field}", message)));
    }

    /// <summary>The whole text, or null when it is longer than <see cref="ImportLimits.MaxCharacters"/>.</summary>
    private static string? ReadBounded(TextReader reader)
    {
        var builder = new System.Text.StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (builder.Length + read > ImportLimits.MaxCharacters)
            {
                return null;
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }

    /// <summary>Converts a YAML node to JSON: quoted scalars are strings; plain ones may be numbers, booleans or null.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p =>
            KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "null" or "~" or "":
                return null;
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            default:
                break;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }

    /// <summary>Finds the node at a JSON path such as "names[0].text" inside a record's mapping.</summary>
    internal static YamlNode? Locate(YamlNode node, string path)
    {
        var current = node;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
            }

            if (name.Length > 0)
            {
                current = current is YamlMappingNode mapping ? Child(mapping, name) : null;
            }

            while (current is not null && bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(part.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                current = current is YamlSequenceNode sequence && index < sequence.Children.Count ? sequence.Children[index] : null;
                bracket = part.IndexOf('[', close);
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The node at <paramref name="path"/>, else at the nearest enclosing path that exists (a field that is missing or unnamed).</summary>
    internal static YamlNode LocateNearest(YamlNode node, string path)
    {
        while (true)
        {
            if (Locate(node, path) is { } found)
            {
                return found;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return node;
            }

            path = path[..cut];
        }
    }

    /// <summary>Finds where a validation error (record id and field path) sits in the file.</summary>
    public static int LineOf(WorkspaceFileContent content, ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(error);
        return content.RecordNodes.TryGetValue(error.RecordId, out var node)
            ? Line(Locate(node, error.Field) ?? node)
            : 1;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static int Line(YamlNode node) => checked((int)node.Start.Line);
}
