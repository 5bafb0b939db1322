using System.Buffers;
using System.Text.Json;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Application.Ledger;

/// <summary>The bodies of record entries, written once with a Utf8JsonWriter (no intermediate DOM).</summary>
public static class EntryBodies
{
    public static JsonElement Created(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(writer =>
        {
            writer.WriteString("kind", RecordKinds.Name(record.Kind));
            writer.WritePropertyName("record");
            JsonSerializer.Serialize(writer, record, record.GetType(), RecordJson.Options);
        });
    }

    public static JsonElement Revised(Record record, int previousVersion)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(writer =>
        {
            writer.WriteString("kind", RecordKinds.Name(record.Kind));
            writer.WriteNumber("previousVersion", previousVersion);
            writer.WritePropertyName("record");
            JsonSerializer.Serialize(writer, record, record.GetType(), RecordJson.Options);
        });
    }

    public static JsonElement Retracted(RecordKind kind, string id, int previousVersion) => Write(writer =>
    {
        writer.WriteString("kind", RecordKinds.Name(kind));
        writer.WriteString("id", id);
        writer.WriteNumber("previousVersion", previousVersion);
    });

    private static JsonElement Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
