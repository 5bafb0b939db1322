using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dossier.Application.Lists;

/// <summary>
/// Bodies of the list and linkage ledger entries (docs/formats/lists-and-linkage.md). A list is one
/// <c>list.imported</c> entry followed, in the same append, by <c>list.rows</c> entries of at most
/// <see cref="RowsPerEntry"/> rows, so no entry grows with the list.
/// </summary>
public static class ListEntries
{
    public const int RowsPerEntry = 1000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public sealed record ImportedFile(string Name, string Sha256);

    public sealed record ListImportedBody(
        string ListId, string SourceId, string Name, bool Synthetic, ImportedFile File, string IdColumn,
        IReadOnlyList<string> Columns, IReadOnlyList<ListField> Fields, int Rows);

    /// <summary>One row: id, line in the file, synthetic flag, and values in the list's column order.</summary>
    public sealed record RowBody(string Id, int Line, bool Synthetic, IReadOnlyList<string> Values);

    public sealed record ListRowsBody(string ListId, int First, IReadOnlyList<RowBody> Rows);

    /// <summary>Every column's linkage role after a change (the whole list of fields, as an import writes it).</summary>
    public sealed record FieldsChangedBody(string ListId, IReadOnlyList<ListField> Fields);

    /// <summary>A decision on a pair of rows (keys "LIST/ROW"), taken while reviewing run <c>Run</c>.</summary>
    public sealed record DecisionBody(long Run, string A, string B, LinkageVerdict Decision);

    /// <summary>
    /// List rows (keys "LIST/ROW") identified as the person record <c>Person</c>, from the cluster of linkage run
    /// <c>Run</c> (with its decisions) as the analyst saw it. The record is created or revised in the same append.
    /// </summary>
    public sealed record RowsIdentifiedBody(string Person, long Run, IReadOnlyList<string> Rows);

    public static JsonElement ToElement<T>(T body) => JsonSerializer.SerializeToElement(body, Json);

    public static T Read<T>(JsonElement body) => body.Deserialize<T>(Json) ?? throw new InvalidDataException($"empty {typeof(T).Name}");
}
