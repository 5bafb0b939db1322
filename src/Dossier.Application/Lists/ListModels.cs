using System.Text.Json;

namespace Dossier.Application.Lists;

/// <summary>A column of a list and the role it plays in linkage (kebab-case role name, "ignore" for none).</summary>
public sealed record ListField(string Column, string Role);

/// <summary>A victim list as imported: its source, columns, linkage fields and how many rows it holds.</summary>
public sealed record VictimList(
    string ListId,
    string SourceId,
    string Name,
    bool Synthetic,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ListField> Fields,
    int RowCount,
    string FileName,
    string Sha256,
    long ImportedSequence);

/// <summary>One row of a list: its id within the list, the line it came from, and its values by column.</summary>
public sealed record ListRow(string ListId, string RowId, int Line, bool Synthetic, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The row's workspace-wide key: list id and row id (list ids never hold a slash).</summary>
    public string Key => RowKeys.Of(ListId, RowId);
}

/// <summary>Row keys are "LIST/ROW": list ids follow the record id pattern, which has no slash.</summary>
public static class RowKeys
{
    public static string Of(string listId, string rowId) => listId + "/" + rowId;

    public static (string ListId, string RowId) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? (string.Empty, key) : (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>A pair in a fixed order, so a decision on (a, b) and on (b, a) is the same decision.</summary>
    public static (string A, string B) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}

/// <summary>A recorded linkage run: which lists, its parameters and summary (as recorded), and its counts.</summary>
public sealed record LinkageRunInfo(
    long Sequence,
    IReadOnlyList<string> Lists,
    int Rows,
    int Clusters,
    int ReviewPairs,
    bool Synthetic,
    string Actor,
    DateTimeOffset Time,
    string Reason,
    JsonElement Parameters,
    JsonElement Summary);

/// <summary>A pair the engine was unsure of, with its explanation (every comparison's weight) as recorded.</summary>
public sealed record ReviewPair(long RunSequence, string A, string B, double Probability, JsonElement Explanation);

public enum LinkageVerdict
{
    Accept,
    Reject,
}

/// <summary>A person's decision on a pair: same person (accept) or not (reject), with who, why and when.</summary>
public sealed record LinkageDecision(long Sequence, long RunSequence, string A, string B, LinkageVerdict Verdict, string Actor, string Reason, DateTimeOffset Time);

/// <summary>A pair to review with both rows and any decision already taken on it.</summary>
public sealed record ReviewItem(ReviewPair Pair, ListRow? RowA, ListRow? RowB, LinkageDecision? Decision);

/// <summary>One person as the current clusters see them: every row behind them, and the decisions that shaped the cluster.</summary>
public sealed record ClusterView(string ClusterId, long RunSequence, IReadOnlyList<ListRow> Rows, IReadOnlyList<LinkageDecision> Decisions)
{
    public bool Synthetic => Rows.Any(r => r.Synthetic);

    public IReadOnlyList<string> Lists => [.. Rows.Select(r => r.ListId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>A recorded estimate, as listed on the estimates page.</summary>
public sealed record EstimateRunInfo(long Sequence, string Source, IReadOnlyList<string> Lists, bool Synthetic, bool FromWorkspace, string Method, string Actor, DateTimeOffset Time, string Reason);

/// <summary>Why a list import, run or decision was refused: where (file, line, column) and what.</summary>
public sealed record ListProblem(string Where, string Problem)
{
    public override string ToString() => $"{Where}: {Problem}";
}

/// <summary>How a row names its person, for headings: the full name, else given and family name, as spelled on the list.</summary>
public static class RowNames
{
    public static string NameOf(ListRow row, VictimList? list)
    {
        ArgumentNullException.ThrowIfNull(row);
        string Value(string role) => string.Join(' ', (list?.Fields ?? []).Where(f => f.Role == role)
            .Select(f => row.Values.TryGetValue(f.Column, out var v) ? v.Trim() : string.Empty).Where(v => v.Length > 0));
        var full = Value("full-name");
        var name = full.Length > 0 ? full : $"{Value("given-name")} {Value("family-name")}".Trim();
        return name.Length > 0 ? name : row.Key;
    }
}

/// <summary>A list as it would be imported: its id column, columns and their linkage roles, how many rows (and how many synthetic), and the first rows.</summary>
public sealed record ListPreview(string IdColumn, IReadOnlyList<string> Columns, IReadOnlyList<ListField> Fields, int RowCount, int SyntheticRows, IReadOnlyList<ListRow> FirstRows);
