using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Dossier.Application.Serialization;
using Dossier.Domain;

namespace Dossier.Application.Exchange;

/// <summary>
/// Checks a record (or a protected identity) field by field against the shape
/// <see cref="RecordJson"/> reads, before it is deserialised: every unknown field (with the fields that
/// kind has), missing required field, null where a value is needed, and value of the wrong type is
/// reported, not only the first, and in words that name the field and never quote the value.
/// </summary>
internal static class FieldCheck
{
    /// <summary>The record options, but refusing null where the C# type has no null (the domain's lists and texts).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RecordJson.Options) { RespectNullableAnnotations = true };
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    /// <summary>Reports each problem as (field path relative to the object, message); <paramref name="what"/> introduces the list of fields ("a person has the fields").</summary>
    public static void Check(JsonNode? node, Type type, string path, string what, Action<string, string> fail, IReadOnlyCollection<string>? extraFields = null, bool sealedContent = false) =>
        Check(node, type, path, path, what, (field, _, message) => fail(field, message), extraFields, sealedContent);

    /// <summary>As above; <paramref name="fail"/> also gets the field's path with its real names, to find its line (it may hold what must not be shown).</summary>
    public static void Check(JsonNode? node, Type type, string path, string rawPath, string what, Action<string, string, string> fail, IReadOnlyCollection<string>? extraFields = null, bool sealedContent = false)
    {
        var info = Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (node is not JsonObject obj)
                {
                    fail(path, rawPath, $"must be a mapping with the fields: {Fields(info, extraFields)}");
                    return;
                }

                foreach (var (name, value) in obj)
                {
                    var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    // Inside a sealed identity an unknown key may be a misplaced name: never echo it.
                    var field = Join(path, property is null && sealedContent ? "(field)" : FieldPaths.Name(name));
                    var raw = Join(rawPath, name);
                    if (property is null)
                    {
                        fail(field, raw, $"unknown field; {what}: {Fields(info, extraFields)}");
                        continue;
                    }

                    if (value is null)
                    {
                        if (!property.IsSetNullable)
                        {
                            fail(field, raw, "must have a value (it is empty or null)");
                        }

                        continue;
                    }

                    Check(value, property.PropertyType, field, raw, $"the fields of {property.Name} are", fail, sealedContent: sealedContent);
                }

                foreach (var required in info.Properties.Where(p => p.IsRequired))
                {
                    if (!obj.Any(p => string.Equals(p.Key, required.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        fail(Join(path, required.Name), Join(rawPath, required.Name), "is required");
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } element:
                if (node is not JsonArray array)
                {
                    fail(path, rawPath, "must be a list");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    var item = $"{path}[{i}]";
                    var rawItem = $"{rawPath}[{i}]";
                    if (array[i] is null)
                    {
                        if (element.IsValueType ? Nullable.GetUnderlyingType(element) is null : true)
                        {
                            fail(item, rawItem, "must have a value (it is empty or null)");
                        }

                        continue;
                    }

                    Check(array[i], element, item, rawItem, what, fail, sealedContent: sealedContent);
                }

                break;
            default:
                Leaf(node, type, path, rawPath, fail);
                break;
        }
    }

    private static void Leaf(JsonNode? node, Type type, string path, string rawPath, Action<string, string, string> fail)
    {
        try
        {
            node.Deserialize(type, Options);
        }
        catch (JsonException exception)
        {
            fail(path, rawPath, Explain(node, type, exception));
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or OverflowException or ArgumentException or NotSupportedException)
        {
            fail(path, rawPath, Explain(node, type, null));
        }
    }

    private static string Explain(JsonNode? node, Type type, JsonException? exception)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        if (bare == typeof(FuzzyDate))
        {
            // The date grammar's messages quote the text; say the same without it.
            var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
            var message = exception?.Message ?? "is not a date";
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            if (text is not { Length: > 0 })
            {
                return FieldPaths.Unquoted(message);
            }

            // "'TEXT' is not a date…" and "'TEXT': the year…" lose the quoted text; anywhere else it becomes "this date".
            var quoted = $"'{text}'";
            return message.StartsWith(quoted, StringComparison.Ordinal)
                ? message[quoted.Length..].TrimStart(':', ' ')
                : message.Replace(quoted, "this date", StringComparison.Ordinal);
        }

        if (bare.IsEnum)
        {
            return $"must be one of: {string.Join(", ", Enum.GetNames(bare).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)))}";
        }

        if (bare == typeof(string))
        {
            return "must be text (quote it if it looks like a number, true/false or null)";
        }

        if (bare == typeof(bool))
        {
            return "must be true or false";
        }

        if (bare == typeof(int) || bare == typeof(long))
        {
            return "must be a whole number";
        }

        if (bare == typeof(double) || bare == typeof(decimal) || bare == typeof(float))
        {
            return "must be a number";
        }

        return "has the wrong type";
    }

    private static string Fields(JsonTypeInfo info, IReadOnlyCollection<string>? extra) =>
        string.Join(", ", (extra ?? []).Concat(info.Properties.Select(p => p.Name)));

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
