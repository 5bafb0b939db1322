using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Dossier.Application.Serialization;
using Dossier.Domain;
using Dossier.Domain.Records;
using Microsoft.AspNetCore.Http;

namespace Dossier.Web.Forms;

public enum FieldShape
{
    Text,
    LongText,
    Date,
    Choice,
    Flag,
    Number,
    Lines,
    PersonNames,
    Names,
    Rows,

    /// <summary>A nested part (a claim's quantity): one input per member.</summary>
    Group,
}

/// <summary>One input of a record form, derived from the record type's JSON contract (so forms follow the model without hand-written pages).</summary>
public sealed record FormField(string Name, FieldShape Shape, bool Required, IReadOnlyList<string> Choices, IReadOnlyList<string> Columns, bool IsReference)
{
    /// <summary>For a <see cref="FieldShape.Group"/>: the accepted values of its enum members (a quantity's qualifier), offered as a select.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MemberChoices { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Blank rows offered under the filled ones, for names and other lists of parts.</summary>
    public const int SpareRows = 2;
}

/// <summary>
/// Forms for every record kind: fields derived from <see cref="RecordJson"/>'s contract, values read
/// from a record's JSON, and a posted form turned back into the same JSON, so parsing and validation
/// are exactly those of the API and the workspace file.
/// </summary>
public static class RecordForm
{
    private static readonly HashSet<string> LongTexts = new(StringComparer.Ordinal) { "description", "notes", "statement", "text", "provenance", "sentence", "citation", "outcome" };

    // Members a person should not type: the id is chosen once, at creation; sealed words are made by the one door.
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "id", "sealed" };

    public static IReadOnlyList<FormField> Fields(RecordKind kind)
    {
        var info = RecordJson.Options.GetTypeInfo(RecordKinds.ClrType(kind));
        var fields = new List<FormField>();
        foreach (var property in info.Properties.Where(p => !Hidden.Contains(p.Name)).OrderBy(Order))
        {
            fields.Add(Describe(property));
        }

        return fields;
    }

    /// <summary>The current values of a record as form strings, keyed like the inputs (names[0].text …).</summary>
    public static Dictionary<string, string> Values(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = RecordJson.ToElement(record);
        foreach (var field in Fields(record.Kind))
        {
            if (!json.TryGetProperty(field.Name, out var value))
            {
                continue;
            }

            switch (field.Shape)
            {
                case FieldShape.Lines:
                    values[field.Name] = string.Join('\n', value.EnumerateArray().Select(v => v.GetString()));
                    break;
                case FieldShape.PersonNames or FieldShape.Names or FieldShape.Rows:
                    var i = 0;
                    foreach (var row in value.EnumerateArray())
                    {
                        foreach (var column in field.Columns)
                        {
                            if (row.TryGetProperty(column, out var cell))
                            {
                                values[$"{field.Name}[{i}].{column}"] = Text(cell);
                            }
                        }

                        i++;
                    }

                    break;
                case FieldShape.Group:
                    foreach (var member in value.EnumerateObject())
                    {
                        // A list inside a part (a consent's audiences) is one input, its values separated by commas.
                        values[$"{field.Name}.{member.Name}"] = member.Value.ValueKind == JsonValueKind.Array
                            ? string.Join(", ", member.Value.EnumerateArray().Select(Text))
                            : Text(member.Value);
                    }

                    break;
                default:
                    values[field.Name] = Text(value);
                    break;
            }
        }

        values["id"] = record.Id;
        return values;
    }

    /// <summary>How many rows a list field has in these values (filled ones; the form adds spare rows).</summary>
    public static int RowCount(FormField field, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(values);
        var count = 0;
        while (field.Columns.Any(c => values.ContainsKey($"{field.Name}[{count}].{c}")))
        {
            count++;
        }

        return count;
    }

    /// <summary>The posted fields as strings (only the ones the form knows).</summary>
    public static Dictionary<string, string> Read(IFormCollection form, RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(form);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("__", StringComparison.Ordinal) || key is "reason" or "version" or "confirmNew")
            {
                continue;
            }

            values[key] = value.ToString();
        }

        // Rows are renumbered without gaps, so a blank row in the middle is simply dropped.
        foreach (var field in Fields(kind).Where(f => f.Shape is FieldShape.PersonNames or FieldShape.Names or FieldShape.Rows))
        {
            var rows = new List<Dictionary<string, string>>();
            for (var i = 0; i < 200; i++)
            {
                var cells = field.Columns.ToDictionary(c => c, c => values.GetValueOrDefault($"{field.Name}[{i}].{c}", string.Empty).Trim(), StringComparer.Ordinal);
                field.Columns.ToList().ForEach(c => values.Remove($"{field.Name}[{i}].{c}"));
                if (cells.Values.Any(v => v.Length > 0) && !IsBlankNameRow(field, cells))
                {
                    rows.Add(cells);
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                foreach (var (column, cell) in rows[i])
                {
                    values[$"{field.Name}[{i}].{column}"] = cell;
                }
            }
        }

        return values;
    }

    /// <summary>Builds the record's JSON from form values; numbers and flags that do not parse are reported, not guessed.</summary>
    public static JsonObject ToJson(RecordKind kind, IReadOnlyDictionary<string, string> values, List<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var json = new JsonObject();
        if (values.TryGetValue("id", out var id) && id.Trim().Length > 0)
        {
            json["id"] = id.Trim();
        }

        foreach (var field in Fields(kind))
        {
            var text = values.GetValueOrDefault(field.Name, string.Empty).Trim();
            switch (field.Shape)
            {
                case FieldShape.Flag:
                    if (text is "true" or "on")
                    {
                        json[field.Name] = true;
                    }

                    break;
                case FieldShape.Number when text.Length > 0:
                    if (double.TryParse(text.Replace('٫', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        json[field.Name] = IsInteger(kind, field.Name) ? JsonValue.Create((int)Math.Round(number)) : JsonValue.Create(number);
                    }
                    else
                    {
                        errors.Add((field.Name, "must be a number"));
                    }

                    break;
                case FieldShape.Lines:
                    var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (lines.Length > 0)
                    {
                        json[field.Name] = new JsonArray([.. lines.Select(l => (JsonNode?)JsonValue.Create(l))]);
                    }

                    break;
                case FieldShape.PersonNames or FieldShape.Names or FieldShape.Rows:
                    var rows = new JsonArray();
                    for (var i = 0; values.Keys.Any(k => k.StartsWith($"{field.Name}[{i}].", StringComparison.Ordinal)); i++)
                    {
                        var row = new JsonObject();
                        foreach (var column in field.Columns)
                        {
                            if (values.GetValueOrDefault($"{field.Name}[{i}].{column}") is { Length: > 0 } cell)
                            {
                                row[column] = cell;
                            }
                        }

                        rows.Add(row);
                    }

                    if (rows.Count > 0)
                    {
                        json[field.Name] = rows;
                    }

                    break;
                case FieldShape.Group:
                    var group = new JsonObject();
                    foreach (var member in GroupMembers(kind, field.Name))
                    {
                        var cell = values.GetValueOrDefault($"{field.Name}.{member.Name}", string.Empty).Trim();
                        if (cell.Length == 0)
                        {
                            continue;
                        }

                        var memberType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
                        if (memberType == typeof(IReadOnlyList<string>))
                        {
                            group[member.Name] = new JsonArray([.. cell.Split([',', '\n', '،'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                                .Select(v => (JsonNode?)JsonValue.Create(v))]);
                        }
                        else if (memberType == typeof(double) || memberType == typeof(int))
                        {
                            if (double.TryParse(cell.Replace('٫', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var part))
                            {
                                group[member.Name] = part;
                            }
                            else
                            {
                                errors.Add(($"{field.Name}.{member.Name}", "must be a number"));
                            }
                        }
                        else
                        {
                            group[member.Name] = cell;
                        }
                    }

                    if (group.Count > 0)
                    {
                        json[field.Name] = group;
                    }

                    break;
                default:
                    if (text.Length > 0)
                    {
                        json[field.Name] = text;
                    }

                    break;
            }
        }

        return json;
    }

    /// <summary>A readable label for a JSON member: "sourceId" → "Source", "accusedIds" → "Accused", "witnessCount" → "Witness count".</summary>
    public static string Humanize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").Replace('-', ' ').ToLowerInvariant();
        if (words.EndsWith(" ids", StringComparison.Ordinal))
        {
            words = words[..^4];
        }
        else if (words.EndsWith(" id", StringComparison.Ordinal))
        {
            words = words[..^3];
        }

        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static IEnumerable<JsonPropertyInfo> GroupMembers(RecordKind kind, string name)
    {
        var property = RecordJson.Options.GetTypeInfo(RecordKinds.ClrType(kind)).Properties.First(p => p.Name == name);
        return RecordJson.Options.GetTypeInfo(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).Properties;
    }

    private static bool IsBlankNameRow(FormField field, Dictionary<string, string> cells) =>
        field.Shape is FieldShape.PersonNames or FieldShape.Names && cells.GetValueOrDefault("text", string.Empty).Length == 0;

    private static bool IsInteger(RecordKind kind, string name) =>
        RecordJson.Options.GetTypeInfo(RecordKinds.ClrType(kind)).Properties.First(p => p.Name == name).PropertyType is var t
        && (t == typeof(int) || t == typeof(int?));

    private static FormField Describe(JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var required = property.IsRequired;
        var reference = property.Name.EndsWith("Id", StringComparison.Ordinal) || property.Name.EndsWith("Ids", StringComparison.Ordinal)
            || property.Name is "sources" or "subjects" or "witnesses";
        if (type == typeof(string))
        {
            return new(property.Name, LongTexts.Contains(property.Name) ? FieldShape.LongText : FieldShape.Text, required, [], [], reference);
        }

        if (type == typeof(FuzzyDate))
        {
            return new(property.Name, FieldShape.Date, required, [], [], false);
        }

        if (type.IsEnum)
        {
            return new(property.Name, FieldShape.Choice, required, [.. Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)], [], false);
        }

        if (type == typeof(bool))
        {
            return new(property.Name, FieldShape.Flag, false, [], [], false);
        }

        if (type == typeof(int) || type == typeof(double))
        {
            return new(property.Name, FieldShape.Number, required, [], [], false);
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return new(property.Name, FieldShape.Lines, required, [], [], reference);
        }

        if (type == typeof(IReadOnlyList<PersonName>))
        {
            return new(property.Name, FieldShape.PersonNames, required, [], ["text", "script", "kind"], false);
        }

        if (type == typeof(IReadOnlyList<LocalizedName>))
        {
            return new(property.Name, FieldShape.Names, required, [], ["text", "script"], false);
        }

        // Lists of small parts (charges, counsel): one row each, a column per member.
        var element = type.IsGenericType ? type.GetGenericArguments()[0] : null;
        if (element is not null)
        {
            var columns = RecordJson.Options.GetTypeInfo(element).Properties.Select(p => p.Name).ToList();
            return new(property.Name, FieldShape.Rows, required, [], columns, false);
        }

        // A nested part (a claim's quantity): one input per member, keyed "quantity.value" and so on.
        var members = RecordJson.Options.GetTypeInfo(type).Properties;
        if (members.Count == 0)
        {
            return new(property.Name, FieldShape.Text, required, [], [], false);
        }

        var choices = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var memberType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            if (memberType.IsEnum)
            {
                // The same kebab-case names the JSON contract accepts, so a chosen value always parses.
                choices[member.Name] = [.. Enum.GetNames(memberType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)];
            }
        }

        return new(property.Name, FieldShape.Group, required, [], [.. members.Select(m => m.Name)], false) { MemberChoices = choices };
    }

    private static int Order(JsonPropertyInfo property) => property.Name switch
    {
        "classification" => 1000,
        "sources" => 1001,
        "synthetic" => 1002,
        "notes" => 1003,
        _ => 0,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => string.Empty,
        _ => value.GetRawText(),
    };
}
