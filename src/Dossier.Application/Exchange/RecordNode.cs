using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Application.Exchange;

/// <summary>
/// The one way a record written by hand becomes a <see cref="Record"/>: a workspace file's mapping and a
/// spreadsheet row both arrive here as JSON, are checked field by field (<see cref="FieldCheck"/>) and only
/// then deserialised, so both report the same problems in the same words.
/// </summary>
internal static class RecordNode
{
    /// <summary>The record, or null after reporting each problem as (field, field with its raw name, message).</summary>
    public static Record? FromJson(RecordKind kind, JsonObject json, string article, IReadOnlyCollection<string> extraFields, Action<string, string, string> fail)
    {
        var failed = false;
        var kindName = RecordKinds.Name(kind);
        FieldCheck.Check(json, RecordKinds.ClrType(kind), string.Empty, string.Empty, $"{article} {kindName} has the fields",
            (field, raw, message) =>
            {
                failed = true;
                fail(field, raw, message);
            }, extraFields);
        if (failed)
        {
            return null;
        }

        try
        {
            return RecordJson.FromElement(kind, JsonSerializer.SerializeToElement(json));
        }
        catch (JsonException exception)
        {
            var field = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
            fail(field.Length == 0 ? "?" : field, field, FieldPaths.Unquoted(Explain(exception)));
            return null;
        }
    }

    private static string Explain(JsonException exception)
    {
        var message = exception.Message;
        // System.Text.Json's messages end with its own path and position, which refer to our internal JSON.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
