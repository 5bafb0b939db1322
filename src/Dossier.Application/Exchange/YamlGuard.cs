using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Dossier.Application.Exchange;

/// <summary>
/// What a workspace file may hold before it is loaded (docs/formats/workspace.md, "Limits"; ADR 0903). The
/// caps are far above any real case file and far below what exhausts memory or the stack.
/// </summary>
public static class ImportLimits
{
    /// <summary>Largest file, in characters (64 Mi; inline base64 photos count — name photo files instead).</summary>
    public const int MaxCharacters = 64 * 1024 * 1024;

    /// <summary>Deepest nesting of lists and mappings; a record with names and a quantity needs 6.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most nodes (scalars, lists, mappings) once every alias is expanded.</summary>
    public const long MaxNodes = 2_000_000;

    /// <summary>Most aliases (<c>*name</c>) in one file.</summary>
    public const int MaxAliases = 1_000;
}

/// <summary>
/// Walks a YAML (or JSON) text as a stream of parser events — no recursion, nothing built — and stops at the
/// first thing the loader must not see: nesting past <see cref="ImportLimits.MaxDepth"/>, too many aliases, an
/// alias that expands past <see cref="ImportLimits.MaxNodes"/> or refers to a node that contains it, a field
/// name that is not plain text or is given twice, a NUL character. Errors name the line and the field path, never a value.
/// </summary>
internal static class YamlGuard
{
    private sealed class Frame(bool mapping, string path, long startNodes, string? anchor)
    {
        public bool Mapping { get; } = mapping;

        public string Path { get; } = path;

        public long StartNodes { get; } = startNodes;

        public string? Anchor { get; } = anchor;

        public bool ExpectKey { get; set; } = true;

        public string? Key { get; set; }

        public int Index { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>The path of the value the next event is.</summary>
        public string Child => Mapping ? Join(Path, Key ?? "?") : $"{Path}[{Index.ToString(CultureInfo.InvariantCulture)}]";
    }

    public static FileError? Check(string fileName, string text)
    {
        var frames = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        long nodes = 0;
        var aliases = 0;
        var parser = new Parser(new StringReader(text));
        var lastLine = 1;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = checked((int)current.Start.Line);
                lastLine = line;
                var top = frames.Count > 0 ? frames.Peek() : null;
                var inKey = top is { Mapping: true, ExpectKey: true };
                var path = top is null ? "$" : inKey ? Join(top.Path, "?") : top.Child;
                switch (current)
                {
                    case Scalar scalar:
                        nodes++;
                        if (scalar.Value.Contains('\0', StringComparison.Ordinal))
                        {
                            // PostgreSQL stores no U+0000 in text or jsonb; found by fuzzing (a NUL in a referenced id).
                            return new FileError(fileName, line, inKey ? Join(top!.Path, "?") : path, "holds a NUL character (U+0000), which cannot be stored");
                        }

                        if (inKey)
                        {
                            if (scalar.Value.Length == 0 || (scalar.IsPlainImplicit && scalar.Value is "~" or "null"))
                            {
                                return new FileError(fileName, line, path, "a field name is empty");
                            }

                            if (!top!.Keys.Add(scalar.Value))
                            {
                                return new FileError(fileName, line, Join(top.Path, FieldPaths.Name(scalar.Value)), "the field is given twice");
                            }

                            top.Key = FieldPaths.Name(scalar.Value);
                            top.ExpectKey = false;
                            break;
                        }

                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = 1;
                        }

                        Advance(top);
                        break;
                    case AnchorAlias alias:
                        if (inKey)
                        {
                            return new FileError(fileName, line, path, "a field name must be plain text, not an alias");
                        }

                        if (++aliases > ImportLimits.MaxAliases)
                        {
                            return new FileError(fileName, line, path, $"more than {ImportLimits.MaxAliases} aliases (*name) in one file");
                        }

                        if (open.Contains(alias.Value.Value))
                        {
                            return new FileError(fileName, line, path, "an alias may not refer to a list or mapping that contains it");
                        }

                        if (!anchors.TryGetValue(alias.Value.Value, out var size))
                        {
                            return new FileError(fileName, line, path, "the alias refers to no anchor (&name) before it");
                        }

                        nodes += size;
                        if (nodes > ImportLimits.MaxNodes)
                        {
                            return new FileError(fileName, line, path, $"with its aliases expanded the file holds more than {ImportLimits.MaxNodes:N0} values; write the values out instead of nesting aliases");
                        }

                        Advance(top);
                        break;
                    case NodeEvent start and (MappingStart or SequenceStart):
                        if (inKey)
                        {
                            return new FileError(fileName, line, path, "a field name must be plain text, not a list or mapping");
                        }

                        if (frames.Count >= ImportLimits.MaxDepth)
                        {
                            return new FileError(fileName, line, path, $"lists and mappings are nested more than {ImportLimits.MaxDepth} deep");
                        }

                        var anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                        if (anchor is not null)
                        {
                            open.Add(anchor);
                        }

                        nodes++;
                        frames.Push(new Frame(start is MappingStart, path, nodes, anchor));
                        break;
                    case MappingEnd or SequenceEnd:
                        var done = frames.Pop();
                        if (done.Anchor is not null)
                        {
                            open.Remove(done.Anchor);
                            anchors[done.Anchor] = nodes - done.StartNodes + 1;
                        }

                        Advance(frames.Count > 0 ? frames.Peek() : null);
                        break;
                    default:
                        break;
                }

                if (nodes > ImportLimits.MaxNodes)
                {
                    return new FileError(fileName, line, path, $"the file holds more than {ImportLimits.MaxNodes:N0} values");
                }
            }
        }
        catch (YamlException exception)
        {
            return new FileError(fileName, checked((int)exception.Start.Line), "$", "not valid JSON or YAML: " + FieldPaths.Unquoted(exception.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can lose its state on some broken input (found by fuzzing) instead of
            // throwing a YamlException; the text is broken either way, somewhere after the last good event.
            return new FileError(fileName, lastLine, "$", "not valid JSON or YAML after this line");
        }

        return null;
    }

    private static void Advance(Frame? frame)
    {
        if (frame is null)
        {
            return;
        }

        if (frame.Mapping)
        {
            frame.ExpectKey = true;
        }
        else
        {
            frame.Index++;
        }
    }

    private static string Join(string path, string name) => path == "$" ? name : $"{path}.{name}";
}

/// <summary>How field names and parser messages appear in errors: names only when they look like field names, never values.</summary>
internal static class FieldPaths
{
    /// <summary>A key as it may appear in a path: a field-like name (ASCII letters, digits, '_', '-', at most 40), else "(field)".</summary>
    public static string Name(string key) =>
        key.Length is > 0 and <= 40 && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? key
            : "(field)";

    /// <summary>A parser message with anything it quotes from the file cut out.</summary>
    public static string Unquoted(string message)
    {
        var builder = new System.Text.StringBuilder(message.Length);
        var quote = '\0';
        foreach (var c in message)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                    builder.Append('…').Append(c);
                }

                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                quote = c;
            }

            builder.Append(c);
        }

        return quote == '\0' ? builder.ToString() : builder.Append('…').ToString();
    }
}
