using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Dossier.Application.Exchange;

/// <summary>Writes a JSON document as block-style YAML, quoting strings that would otherwise read back as numbers or booleans.</summary>
internal static class YamlWriter
{
    public static void Write(TextWriter writer, JsonNode document)
    {
        var serializer = new SerializerBuilder()
            .WithQuotingNecessaryStrings()
            .DisableAliases()
            .Build();
        serializer.Serialize(writer, ToPlain(document));
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var integer) => integer,
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
