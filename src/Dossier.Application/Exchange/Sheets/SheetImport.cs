using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Exchange.Sheets;

/// <summary>A spreadsheet of records to import: one kind per sheet, and which column fills which field.</summary>
public sealed record SheetImportRequest
{
    public required byte[] Content { get; init; }

    /// <summary>The file name, used in every message.</summary>
    public required string FileName { get; init; }

    /// <summary>The sheet to read (XLSX); the first when null.</summary>
    public string? Sheet { get; init; }

    public required RecordKind Kind { get; init; }

    /// <summary>Column → field path (<see cref="SheetFields"/>); an empty path leaves the column out. Columns not named are guessed from their header.</summary>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Marks every created record synthetic (invented people, training data), whatever the sheet says.</summary>
    public bool Synthetic { get; init; }
}

/// <summary>A problem with one cell, row or column of a sheet. It names the place and the field, never the value (it may be a protected name).</summary>
public sealed record SheetProblem(string Where, int Row, string? Column, string? Field, string Message)
{
    /// <summary>The validator's error behind this problem, when there is one: its code lets a page say it in the reader's language.</summary>
    public ValidationError? Error { get; init; }

    public override string ToString() =>
        $"{Where}{(Column is null ? string.Empty : $", column '{Column}'")}{(Field is null ? string.Empty : $" ({Field})")}: {Message}";
}

/// <summary>One row read into a record: created, or updating the record of its id from <see cref="ExpectedVersion"/>.</summary>
public sealed record SheetRow(int Number, Record Record, int? ExpectedVersion)
{
    public bool Updates => ExpectedVersion is not null;
}

/// <summary>What an import would do: the sheet's columns and their fields, every row's record, and every problem. Nothing is written while a problem remains.</summary>
public sealed record SheetPlan(Sheet Sheet, IReadOnlyList<string> SheetNames, IReadOnlyDictionary<string, string> Map, IReadOnlyList<SheetRow> Rows, IReadOnlyList<SheetProblem> Problems)
{
    /// <summary>The policy refused this person the sheet's classifications (audited).</summary>
    public bool Refused { get; init; }

    public bool Ok => Problems.Count == 0 && Rows.Count > 0;

    public int Creates => Rows.Count(r => !r.Updates);

    public int Updates => Rows.Count(r => r.Updates);
}

/// <summary>What an import did: how many records it created and updated, or why nothing was written.</summary>
public sealed record SheetImportResult(int Created, int Updated, IReadOnlyList<SheetProblem> Problems, bool Refused = false)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Spreadsheets in (ADR 1805): a CSV or XLSX sheet of one record kind becomes records — a row with the id
/// of an existing record updates the fields its mapped cells fill, any other row creates a record. Each row
/// becomes JSON and goes through the workspace format's own checks (<see cref="RecordNode"/>), then the whole
/// sheet through <see cref="WorkspaceService.CheckWritesAsync"/>; the import is one append, all or nothing.
/// </summary>
public static class SheetImport
{
    /// <summary>Most problems listed; past it the first ones are enough to fix the file.</summary>
    public const int MaxProblems = 500;

    /// <summary>Reads the sheet and checks every row against the workspace, writing nothing.</summary>
    public static async Task<SheetPlan> PlanAsync(WorkspaceService service, SheetImportRequest request, Principal by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        IReadOnlyList<string> names;
        Sheet sheet;
        try
        {
            names = SheetBook.SheetNames(request.Content, request.FileName);
            sheet = SheetBook.Read(request.Content, request.FileName, request.Sheet);
        }
        catch (SheetFormatException e)
        {
            var empty = new GridSheet([], 1, []) { Name = request.Sheet ?? string.Empty };
            return new SheetPlan(empty, [], new Dictionary<string, string>(), [], [new SheetProblem(request.FileName, 0, null, null, e.Message)]);
        }

        var problems = new List<SheetProblem>();
        var map = Mapping(sheet, request, problems);
        if (!SheetFields.Kinds.Contains(request.Kind))
        {
            problems.Add(new SheetProblem(request.FileName, 0, null, null,
                $"a sheet cannot hold {RecordKinds.Name(request.Kind)} records; kinds: {string.Join(", ", SheetFields.Kinds.Select(RecordKinds.Name))}"));
        }

        if (sheet.RowCount == 0)
        {
            problems.Add(new SheetProblem(SheetBook.Where(sheet, request.FileName, sheet.HeaderRow + 1), sheet.HeaderRow + 1, null, null, "the sheet has a header but no rows"));
        }

        if (problems.Count > 0)
        {
            return new SheetPlan(sheet, names, map, [], problems);
        }

        var fields = SheetFields.For(request.Kind).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var idColumn = map.FirstOrDefault(p => p.Value == "id").Key;
        var ids = new List<string>();
        if (idColumn is not null)
        {
            var index = sheet.ColumnIndex(idColumn);
            for (var r = 0; r < sheet.RowCount; r++)
            {
                if (sheet[r, index].Text.Trim() is { Length: > 0 } id)
                {
                    ids.Add(id);
                }
            }
        }

        // Rows whose id exists update that record; read them once, and only those this person may read.
        var existing = await service.Store.KindsOfAsync(ids.ToHashSet(StringComparer.Ordinal), cancellationToken);
        var rows = new List<SheetRow>();
        var columnsOf = new Dictionary<string, (int Row, IReadOnlyDictionary<string, string> Columns)>(StringComparer.Ordinal);
        for (var r = 0; r < sheet.RowCount && problems.Count < MaxProblems; r++)
        {
            var row = await ReadRowAsync(service, sheet, r, request, map, fields, existing, by, problems, cancellationToken);
            if (row is not null)
            {
                rows.Add(row.Value.Row);
                columnsOf.TryAdd(row.Value.Row.Record.Id, (row.Value.Row.Number, row.Value.Columns));
            }
        }

        // The sheet as one batch: ids used twice, references to records neither in the sheet nor the workspace, the policy.
        var refused = false;
        if (problems.Count < MaxProblems && rows.Count > 0)
        {
            var check = await service.CheckWritesAsync([.. rows.Select(r => new RecordWrite(r.Record, r.ExpectedVersion))], by, cancellationToken);
            refused = check.Refused;
            problems.AddRange(check.Errors.Select(e => Locate(sheet, request.FileName, e, columnsOf)));
        }

        return new SheetPlan(sheet, names, map, rows, [.. problems.OrderBy(p => p.Row).Take(MaxProblems)]) { Refused = refused };
    }

    /// <summary>Plans, and when nothing is wrong writes every row in one append.</summary>
    public static async Task<SheetImportResult> ImportAsync(WorkspaceService service, SheetImportRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        var plan = await PlanAsync(service, request, by, cancellationToken);
        if (!plan.Ok)
        {
            return new SheetImportResult(0, 0, plan.Problems.Count > 0 ? plan.Problems : [new SheetProblem(request.FileName, 0, null, null, "the sheet has no rows")], plan.Refused);
        }

        var errors = await service.WriteManyAsync([.. plan.Rows.Select(r => new RecordWrite(r.Record, r.ExpectedVersion))], by, reason ?? $"import of {request.FileName}", cancellationToken);
        if (errors.Count > 0)
        {
            var columnsOf = plan.Rows.ToDictionary(r => r.Record.Id, r => (r.Number, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>()), StringComparer.Ordinal);
            return new SheetImportResult(0, 0, [.. errors.Select(e => Locate(plan.Sheet, request.FileName, e, columnsOf))]);
        }

        return new SheetImportResult(plan.Creates, plan.Updates, []);
    }

    /// <summary>Column → field: as the request maps it, else guessed from the header; every column named, every field at most once (names may come from several columns).</summary>
    private static Dictionary<string, string> Mapping(Sheet sheet, SheetImportRequest request, List<SheetProblem> problems)
    {
        var where = SheetBook.Where(sheet, request.FileName, sheet.HeaderRow);
        var fields = SheetFields.For(request.Kind).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var duplicate in sheet.Header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new SheetProblem(where, sheet.HeaderRow, duplicate.Key, null, "the column name appears more than once in the header"));
        }

        foreach (var (column, _) in request.Map.Where(p => sheet.ColumnIndex(p.Key) < 0))
        {
            problems.Add(new SheetProblem(where, sheet.HeaderRow, column, null, $"the mapping names a column the header does not have (columns: {string.Join(", ", sheet.Header)})"));
        }

        foreach (var column in sheet.Header)
        {
            var path = request.Map.TryGetValue(column, out var given) ? given : SheetFields.Guess(request.Kind, column);
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            if (!fields.ContainsKey(path))
            {
                problems.Add(new SheetProblem(where, sheet.HeaderRow, column, path,
                    $"a {RecordKinds.Name(request.Kind)} has no such field; its fields: {string.Join(", ", fields.Keys)}"));
                continue;
            }

            if (fields[path].Shape != FieldShape.Name && map.FirstOrDefault(p => p.Value == path).Key is { } other)
            {
                problems.Add(new SheetProblem(where, sheet.HeaderRow, column, path, $"the column '{other}' already fills this field"));
                continue;
            }

            map[column] = path;
        }

        if (problems.Count == 0 && map.Count == 0)
        {
            problems.Add(new SheetProblem(where, sheet.HeaderRow, null, null, "no column is mapped to a field; map them (--map COLUMN=FIELD)"));
        }

        return map;
    }

    private static async Task<(SheetRow Row, IReadOnlyDictionary<string, string> Columns)?> ReadRowAsync(WorkspaceService service, Sheet sheet, int r, SheetImportRequest request,
        Dictionary<string, string> map, Dictionary<string, SheetField> fields, IReadOnlyDictionary<string, RecordKind> existing, Principal by, List<SheetProblem> problems, CancellationToken cancellationToken)
    {
        var number = sheet.NumberOf(r);
        var where = SheetBook.Where(sheet, request.FileName, number);
        var before = problems.Count;
        var cells = map.Select(p => (Column: p.Key, Field: fields[p.Value], Value: sheet[r, sheet.ColumnIndex(p.Key)])).ToList();
        var id = cells.FirstOrDefault(c => c.Field.Path == "id").Value.Text?.Trim() ?? string.Empty;
        var idColumn = cells.FirstOrDefault(c => c.Field.Path == "id").Column;

        JsonObject json;
        int? expected = null;
        var versionCell = cells.FirstOrDefault(c => c.Field.Shape == FieldShape.Version);
        if (id.Length > 0 && existing.ContainsKey(id))
        {
            var current = await service.Store.GetAsync(id, cancellationToken);
            if (current is null || !AccessPolicy.CanRead(by.Role, current.Record.Classification))
            {
                // As the service answers: a record this person may not read is not there for them, and its id is taken.
                var taken = ValidationMessages.Error(id, "id", "id-taken", id);
                problems.Add(new SheetProblem(where, number, idColumn, "id", taken.Message) { Error = taken });
                return null;
            }

            if (current.Kind != request.Kind)
            {
                problems.Add(new SheetProblem(where, number, idColumn, "id", $"'{id}' is a {RecordKinds.Name(current.Kind)}; this sheet holds {RecordKinds.Name(request.Kind)} records"));
                return null;
            }

            json = (JsonObject)JsonNode.Parse(RecordJson.ToElement(current.Record).GetRawText())!;
            json.Remove("kind");
            expected = current.Version;
            if (versionCell.Column is not null && !versionCell.Value.IsEmpty)
            {
                if (!int.TryParse(Digits(versionCell.Value.Text), NumberStyles.None, CultureInfo.InvariantCulture, out var given))
                {
                    problems.Add(new SheetProblem(where, number, versionCell.Column, SheetFields.Version, "must be a whole number (the version the row was made from)"));
                    return null;
                }

                if (given != current.Version)
                {
                    problems.Add(new SheetProblem(where, number, versionCell.Column, SheetFields.Version,
                        $"'{id}' is at version {current.Version}, not {given}: it changed since the sheet was made; nothing was written"));
                    return null;
                }
            }
        }
        else
        {
            json = [];
            if (request.Synthetic)
            {
                json["synthetic"] = true;
            }
        }

        var columnsByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<(string Column, SheetField Field, string Text)>();
        foreach (var (column, field, value) in cells)
        {
            if (value.IsEmpty || field.Shape == FieldShape.Version)
            {
                // An empty cell leaves the field as it is (a new record: absent).
                continue;
            }

            if (field.Shape == FieldShape.Name)
            {
                names.Add((column, field, value.Text.Trim()));
                continue;
            }

            var node = field.Shape == FieldShape.List ? Split(value.Text) : ValueNode(value, field.ValueType);
            Set(json, field.Path, node);
            columnsByPath[field.Path] = column;
        }

        if (names.Count > 0)
        {
            MergeNames(json, request.Kind, names, columnsByPath);
        }

        if (request.Synthetic)
        {
            json["synthetic"] = true;
        }

        if (!json.ContainsKey("id"))
        {
            problems.Add(new SheetProblem(where, number, idColumn, "id", "the row has no id; give every row one (a new record's id is its choice, an existing record's id updates it)"));
            return null;
        }

        var record = RecordNode.FromJson(request.Kind, json, "a", [],
            (field, _, message) => problems.Add(new SheetProblem(where, number, ColumnOf(columnsByPath, field), field, message)));
        if (record is null || problems.Count > before)
        {
            return null;
        }

        return (new SheetRow(number, record, expected), columnsByPath);
    }

    /// <summary>A cell as the JSON a field's type reads: numbers and true/false from text too (Persian digits included), everything else as text.</summary>
    private static JsonNode? ValueNode(CellValue value, Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        var text = value.Text.Trim();
        if (bare == typeof(bool))
        {
            return text.ToUpperInvariant() switch
            {
                "TRUE" or "YES" or "1" or "بله" or "آری" or "SYNTHETIC" => JsonValue.Create(true),
                "FALSE" or "NO" or "0" or "خیر" or "نه" => JsonValue.Create(false),
                _ => JsonValue.Create(text),
            };
        }

        if (bare == typeof(int) || bare == typeof(long))
        {
            return long.TryParse(Digits(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : JsonValue.Create(text);
        }

        if (bare == typeof(double) || bare == typeof(decimal) || bare == typeof(float))
        {
            return double.TryParse(Digits(text), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text);
        }

        if (bare.IsEnum)
        {
            // Enumerated values are kebab-case; a sheet may write them capitalised ("Male", "Protected identity").
            return JsonValue.Create(text.ToLowerInvariant().Replace(' ', '-'));
        }

        return JsonValue.Create(text);
    }

    /// <summary>Persian and Arabic-Indic digits, and the Persian decimal and thousands separators, as ASCII.</summary>
    private static string Digits(string text)
    {
        var chars = text.Trim().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                >= '۰' and <= '۹' => (char)('0' + (chars[i] - '۰')),
                >= '٠' and <= '٩' => (char)('0' + (chars[i] - '٠')),
                '٫' => '.',
                '٬' => ',',
                '−' => '-',
                _ => chars[i],
            };
        }

        return new string(chars).Replace(",", string.Empty, StringComparison.Ordinal);
    }

    private static JsonArray Split(string text) =>
        [.. text.Split([';', '؛'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)JsonValue.Create(v))];

    private static void Set(JsonObject json, string path, JsonNode? node)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            json[path] = node;
            return;
        }

        var outer = path[..dot];
        if (json[outer] is not JsonObject inner)
        {
            inner = [];
            json[outer] = inner;
        }

        inner[path[(dot + 1)..]] = node;
    }

    /// <summary>A row's names replace the record's names of the same part and script, and are added otherwise; the script is read from the letters.</summary>
    private static void MergeNames(JsonObject json, RecordKind kind, List<(string Column, SheetField Field, string Text)> names, Dictionary<string, string> columnsByPath)
    {
        var list = json["names"] as JsonArray ?? [];
        json["names"] = list;
        foreach (var (column, field, text) in names)
        {
            var script = Script(text);
            var part = JsonNamingPolicy.KebabCaseLower.ConvertName(field.NamePart!.Value.ToString());
            var index = -1;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject name && (string?)name["script"] == script && (kind != RecordKind.Person || (string?)name["kind"] == part))
                {
                    index = i;
                }
            }

            var entry = new JsonObject { ["text"] = text, ["script"] = script };
            if (kind == RecordKind.Person)
            {
                entry["kind"] = part;
            }

            if (index >= 0)
            {
                list[index] = entry;
            }
            else
            {
                index = list.Count;
                list.Add(entry);
            }

            columnsByPath[$"names[{index}]"] = column;
        }
    }

    /// <summary>ISO 15924: Arab when the text has Arabic-script letters (Persian, Arabic), else Latn.</summary>
    internal static string Script(string text) =>
        text.Any(c => c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF') ? "Arab" : "Latn";

    private static string? ColumnOf(IReadOnlyDictionary<string, string> columns, string field)
    {
        for (var path = field; path.Length > 0;)
        {
            if (columns.TryGetValue(path, out var column))
            {
                return column;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }

            path = path[..cut];
        }

        return null;
    }

    private static SheetProblem Locate(Sheet sheet, string fileName, ValidationError error, IReadOnlyDictionary<string, (int Row, IReadOnlyDictionary<string, string> Columns)> rows)
    {
        if (rows.TryGetValue(error.RecordId, out var row))
        {
            return new SheetProblem(SheetBook.Where(sheet, fileName, row.Row), row.Row, ColumnOf(row.Columns, error.Field), error.Field, error.Message) { Error = error };
        }

        return new SheetProblem(fileName, 0, null, error.Field, error.Message) { Error = error };
    }
}
