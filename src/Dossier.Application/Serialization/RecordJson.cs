using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dossier.Domain;
using Dossier.Domain.Records;

namespace Dossier.Application.Serialization;

/// <summary>
/// The one JSON shape of records: in ledger entries, the API and the workspace file format. camelCase
/// members, kebab-case enum names, fuzzy dates as their canonical text, nulls and empty lists left out,
/// unknown members rejected.
/// </summary>
public static class RecordJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonElement ToElement(Record record) =>
        JsonSerializer.SerializeToElement(record, record.GetType(), Options);

    public static Record FromElement(RecordKind kind, JsonElement element) =>
        (Record)(element.Deserialize(RecordKinds.ClrType(kind), Options)
            ?? throw new JsonException("A record cannot be null."));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { HideComputedMembers } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new FuzzyDateJsonConverter());
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    // Kind and Label are computed from other members; empty lists and default flags add only noise.
    private static void HideComputedMembers(JsonTypeInfo info)
    {
        if (!typeof(Record).IsAssignableFrom(info.Type) && info.Type != typeof(Quantity))
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Name is "kind" or "label")
            {
                info.Properties.RemoveAt(i);
                continue;
            }

            if (property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is System.Collections.IEnumerable items && items.GetEnumerator().MoveNext();
            }
            else if (property.PropertyType == typeof(bool))
            {
                property.ShouldSerialize = static (_, value) => value is true;
            }
        }
    }
}

/// <summary>Fuzzy dates travel as their canonical text ("summer 1988", "1988-07-30..1988-08-16").</summary>
public sealed class FuzzyDateJsonConverter : JsonConverter<FuzzyDate>
{
    public override FuzzyDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A bare year (1988) is a date too; YAML writers leave it unquoted.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var year))
        {
            return FuzzyDate.TryParse(year.ToString(System.Globalization.CultureInfo.InvariantCulture), out var yearDate, out var yearError)
                ? yearDate
                : throw new JsonException(yearError);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A date must be a string such as \"1988-07-30\", \"summer 1988\" or \"1367/05/08\".");
        }

        var text = reader.GetString();
        return FuzzyDate.TryParse(text, out var value, out var error)
            ? value
            : throw new JsonException(error ?? $"'{text}' is not a date.");
    }

    public override void Write(Utf8JsonWriter writer, FuzzyDate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
