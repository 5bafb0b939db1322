using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Exchange.Sheets;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Application.Lists;

/// <summary>What to import: the file's bytes (CSV or XLSX), the source they come from, and how to read them.</summary>
public sealed record ListImportRequest
{
    /// <summary>The file as it is: CSV, or an XLSX workbook (told apart by content, ADR 1805).</summary>
    public required byte[] Csv { get; init; }

    /// <summary>The sheet of an XLSX workbook to read; the first when null.</summary>
    public string? Sheet { get; init; }

    /// <summary>The file name, used in error messages and recorded with the list.</summary>
    public required string FileName { get; init; }

    /// <summary>The Source record of the list (created when absent); also the list's id.</summary>
    public required string SourceId { get; init; }

    public string? Name { get; init; }

    /// <summary>Linkage roles as ROLE=COLUMN,… (as <c>dossier dedupe --fields</c>); detected from column names when null.</summary>
    public string? Fields { get; init; }

    /// <summary>The column holding each row's id; default the first of record_id, row_id, id; else the line number.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Marks every row synthetic (invented people), whatever the file says.</summary>
    public bool Synthetic { get; init; }
}

/// <summary>A CSV list parsed and checked, ready to become ledger entries.</summary>
internal sealed record ParsedList(string IdColumn, IReadOnlyList<string> Columns, IReadOnlyList<ListField> Fields, IReadOnlyList<ListRow> Rows, string Sha256, bool AllRowsSynthetic);

/// <summary>
/// Reads a victim list — CSV (UTF-8, RFC 4180, header row) or one sheet of an XLSX workbook — and checks it whole before anything is written:
/// encoding, ragged rows, the id column, empty and duplicate ids, <c>--fields</c> naming absent columns,
/// at least one name column. Every problem names the file, the line and the column.
/// </summary>
internal static class ListImport
{
    public const string SyntheticColumn = "synthetic";
    public const string SyntheticMarker = "SYNTHETIC";

    private static readonly string[] IdColumns = ["record_id", "row_id", "id"];

    // Columns that name the list itself: the same on every row of a list, so comparing them would only
    // push rows of different lists apart.
    private static readonly string[] ListColumns = ["list", "list_id", "source", "source_list"];

    public static (ParsedList? List, IReadOnlyList<ListProblem> Problems) Parse(ListImportRequest request)
    {
        Sheet table;
        try
        {
            table = SheetBook.Read(request.Csv, request.FileName, request.Sheet);
        }
        catch (SheetFormatException e)
        {
            return (null, [new ListProblem(request.FileName, e.Message)]);
        }

        // "file, line N" in a CSV file, "file, sheet 'S', row N" in a workbook.
        string At(int number) => SheetBook.Where(table, request.FileName, number);

        var problems = new List<ListProblem>();
        if (table.RowCount == 0)
        {
            return (null, [new ListProblem(At(table.HeaderRow + 1), "the file has a header but no rows")]);
        }

        var duplicateColumns = table.Header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var column in duplicateColumns)
        {
            problems.Add(new ListProblem($"{At(table.HeaderRow)}, column '{column}'", "the column name appears more than once in the header"));
        }

        var idColumn = request.IdColumn ?? IdColumns.FirstOrDefault(c => table.ColumnIndex(c) >= 0);
        var idIndex = idColumn is null ? -1 : table.ColumnIndex(idColumn);
        if (request.IdColumn is not null && idIndex < 0)
        {
            problems.Add(new ListProblem(At(table.HeaderRow), $"--id names the column '{request.IdColumn}', which the header does not have (columns: {string.Join(", ", table.Header)})"));
        }

        var fields = new List<ListField>();
        if (request.Fields is not null)
        {
            try
            {
                foreach (var spec in FieldRoles.ParseOverrides(request.Fields))
                {
                    if (table.ColumnIndex(spec.Column) < 0)
                    {
                        problems.Add(new ListProblem(At(table.HeaderRow), $"--fields names the column '{spec.Column}', which the header does not have (columns: {string.Join(", ", table.Header)})"));
                    }

                    fields.Add(new ListField(spec.Column, RoleName(spec.Role)));
                }
            }
            catch (LinkageInputException e)
            {
                problems.Add(new ListProblem("--fields", e.Message));
            }
        }
        else
        {
            foreach (var column in table.Header)
            {
                var role = ListColumns.Contains(column.ToLowerInvariant()) || string.Equals(column, idColumn, StringComparison.Ordinal)
                    ? FieldRole.Ignore
                    : FieldRoles.Detect(column);
                fields.Add(new ListField(column, RoleName(role)));
            }
        }

        if (problems.Count == 0 && !fields.Any(f => f.Role is "given-name" or "family-name" or "full-name"))
        {
            problems.Add(new ListProblem(At(table.HeaderRow),
                $"no column holds a name, so rows cannot be linked (columns: {string.Join(", ", table.Header)}); name the roles with --fields, e.g. given=first,family=surname"));
        }

        var syntheticIndex = table.ColumnIndex(SyntheticColumn);
        var rows = new List<ListRow>(table.RowCount);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var allSynthetic = syntheticIndex >= 0;
        for (var r = 0; r < table.RowCount && problems.Count < 50; r++)
        {
            var line = table.NumberOf(r);
            var id = idIndex >= 0 ? table[r, idIndex].Text.Trim() : $"{table.RowWord}-{line}";
            if (id.Length == 0)
            {
                problems.Add(new ListProblem($"{At(line)}, column '{idColumn}'", "the row has no id"));
                continue;
            }

            if (id.Contains('/', StringComparison.Ordinal) || id.Any(char.IsControl))
            {
                problems.Add(new ListProblem($"{At(line)}, column '{idColumn}'", $"the id '{id}' holds a slash or a control character"));
                continue;
            }

            if (seen.TryGetValue(id, out var firstLine))
            {
                problems.Add(new ListProblem($"{At(line)}, column '{idColumn}'", $"the id '{id}' was already used on {table.RowWord} {firstLine}"));
                continue;
            }

            seen[id] = line;
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < table.Header.Count; c++)
            {
                values[table.Header[c]] = table[r, c].Text;
            }

            var rowSynthetic = syntheticIndex >= 0 && string.Equals(table[r, syntheticIndex].Text.Trim(), SyntheticMarker, StringComparison.OrdinalIgnoreCase);
            allSynthetic &= rowSynthetic;
            rows.Add(new ListRow(request.SourceId, id, line, request.Synthetic || rowSynthetic, values));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(request.Csv));
        return (new ParsedList(idColumn ?? "(line number)", [.. table.Header], fields, rows, sha, allSynthetic), []);
    }

    /// <summary>The kebab-case name of a role, as --fields writes it.</summary>
    public static string RoleName(FieldRole role)
    {
        var name = role.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
