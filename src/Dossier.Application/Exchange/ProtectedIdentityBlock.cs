using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Protection;
using Dossier.Domain.Records;
using YamlDotNet.RepresentationModel;

namespace Dossier.Application.Exchange;

/// <summary>A photo named in a workspace file: a file beside it, or the bytes inline as base64.</summary>
public sealed record ImportedPhoto(string MediaType, string? File, string? Base64)
{
    public override string ToString() => $"photo ({MediaType})";
}

/// <summary>The identity as a workspace file states it; sealed at import, never stored in plaintext.</summary>
public sealed record ImportedIdentity
{
    public IReadOnlyList<PersonName> Names { get; init; } = [];

    public string? Contact { get; init; }

    public string? Location { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<ImportedPhoto> Photos { get; init; } = [];

    public override string ToString() => "ImportedIdentity (content withheld)";
}

/// <summary>One entry of a workspace file's <c>protectedIdentities</c> list (docs/formats/workspace.md).</summary>
public sealed record ProtectedIdentityEntry
{
    /// <summary>The record id (default: the allocated pseudonym in lower case). It must not reveal who the person is.</summary>
    public string? Id { get; init; }

    public SubjectCategory Category { get; init; } = SubjectCategory.Witness;

    public bool Synthetic { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    public ImportedIdentity Identity { get; init; } = new();

    /// <summary>Where the entry starts in the file (1-based), for errors found after parsing.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Line { get; init; }

    /// <summary>The entry's position in the file's list, for error paths.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Index { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    internal YamlMappingNode? Node { get; init; }

    public override string ToString() => $"protected identity at line {Line}";
}

/// <summary>
/// Reads the <c>protectedIdentities</c> block. Error messages name the line and the field and never
/// quote a value: the block holds the very text that must not leak.
/// </summary>
internal static class ProtectedIdentityBlock
{
    public const string Key = "protectedIdentities";

    public static List<ProtectedIdentityEntry> Read(string fileName, YamlNode block, Func<YamlNode, JsonNode?> toJson, Func<YamlNode, string, YamlNode?> locate, List<FileError> errors)
    {
        var entries = new List<ProtectedIdentityEntry>();
        if (block is not YamlSequenceNode list)
        {
            errors.Add(new FileError(fileName, Line(block), Key, "must be a list of protected identities"));
            return entries;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"{Key}[{i}]";
            if (list.Children[i] is not YamlMappingNode item)
            {
                errors.Add(new FileError(fileName, Line(list.Children[i]), path, "must be a mapping with an identity"));
                continue;
            }

            try
            {
                var json = toJson(item) ?? new JsonObject();
                var before = errors.Count;
                FieldCheck.Check(json, typeof(ProtectedIdentityEntry), string.Empty, string.Empty, "a protected identity has the fields",
                    (field, raw, message) => errors.Add(new FileError(fileName, Line(WorkspaceFile.LocateNearest(item, raw)), $"{path}.{field}", message)), sealedContent: true);
                if (errors.Count > before)
                {
                    continue;
                }

                var entry = JsonSerializer.Deserialize<ProtectedIdentityEntry>(json, FieldCheck.Options)!;
                if (entry.Identity.Names.Count == 0)
                {
                    errors.Add(new FileError(fileName, Line(item), path + ".identity.names", "a protected identity needs at least one name"));
                }

                entries.Add(entry with { Line = Line(item), Node = item, Index = i });
            }
            catch (JsonException exception)
            {
                var field = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
                var node = locate(item, field) ?? item;
                // System.Text.Json's messages name types and paths, not values; cut its internal position anyway.
                var message = exception.Message;
                var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
                errors.Add(new FileError(fileName, Line(node), $"{path}.{(field.Length == 0 ? "?" : field)}", FieldPaths.Unquoted(cut > 0 ? message[..cut] : message)));
            }
        }

        return entries;
    }

    /// <summary>The line of a field inside an entry, e.g. "identity.photos[0].file".</summary>
    public static int LineOf(ProtectedIdentityEntry entry, string field, Func<YamlNode, string, YamlNode?> locate) =>
        entry.Node is null ? entry.Line : Line(locate(entry.Node, field) ?? entry.Node);

    private static int Line(YamlNode node) => checked((int)node.Start.Line);
}
