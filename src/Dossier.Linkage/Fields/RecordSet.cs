using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Fields;

/// <summary>
/// The records to link or deduplicate, encoded once for matching: one id per record, and per field
/// a column of pre-computed values (normalised text, phonetic keys, dates as integers). For linkage
/// the left table's records come first (indices 0 … LeftCount−1), then the right table's.
/// </summary>
public sealed class RecordSet
{
    private readonly Dictionary<string, int>[] _indexById;

    private RecordSet(string[] ids, int leftCount, bool isLink, FieldSpec[] fields, object[] columns, Comparison[] comparisons,
        CsvTable[] tables, Dictionary<string, int>[] indexById, List<string> notes)
    {
        Ids = ids;
        LeftCount = leftCount;
        IsLink = isLink;
        Fields = fields;
        Columns = columns;
        Comparisons = comparisons;
        Tables = tables;
        _indexById = indexById;
        Notes = notes;
    }

    public int Count => Ids.Length;

    /// <summary>Records from the left table (all records when deduplicating).</summary>
    public int LeftCount { get; }

    public bool IsLink { get; }

    /// <summary>The fields used for matching, in comparison order.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>Things the user should know: ignored columns, unreadable dates.</summary>
    public IReadOnlyList<string> Notes { get; }

    internal string[] Ids { get; }

    internal object[] Columns { get; }

    internal Comparison[] Comparisons { get; }

    internal CsvTable[] Tables { get; }

    public string IdOf(int record) => Ids[record];

    /// <summary>True when some birth date is known to the day (not only years).</summary>
    public bool BirthHasDays
    {
        get
        {
            for (var f = 0; f < Fields.Count; f++)
            {
                if (Fields[f].Role == FieldRole.BirthDate && Columns[f] is DateColumn { YearsOnly: false })
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Index of a record by id: side 0 is the left (or only) table, side 1 the right; −1 if absent.</summary>
    public int IndexOf(string id, int side = 0) => _indexById[side].TryGetValue(id, out var i) ? i : -1;

    /// <summary>The raw value of a field for a record, as written in the input.</summary>
    public string RawValue(int record, int field)
    {
        var (table, row) = record < LeftCount || !IsLink ? (Tables[0], record) : (Tables[1], record - LeftCount);
        var column = table.ColumnIndex(Fields[field].Column);
        return table[row, column];
    }

    /// <summary>Records of one table for deduplication.</summary>
    public static RecordSet ForDedupe(CsvTable table, string idColumn, IReadOnlyList<FieldSpec>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Build([table], idColumn, fields, isLink: false);
    }

    /// <summary>Records of two tables for linkage; both must hold the id column and the matched fields.</summary>
    public static RecordSet ForLink(CsvTable left, CsvTable right, string idColumn, IReadOnlyList<FieldSpec>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Build([left, right], idColumn, fields, isLink: true);
    }

    private static RecordSet Build(CsvTable[] tables, string idColumn, IReadOnlyList<FieldSpec>? overrides, bool isLink)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idColumn);
        var notes = new List<string>();
        var total = 0;
        foreach (var t in tables)
        {
            if (t.RowCount == 0)
            {
                throw new LinkageInputException(t.Source, 2, null, "the file has a header but no records");
            }

            total += t.RowCount;
        }

        // Ids are checked in file order (so errors name the right lines), then the work is done in id order.
        _ = ReadIds(tables, idColumn, total);
        for (var s = 0; s < tables.Length; s++)
        {
            tables[s] = tables[s].OrderedBy(tables[s].ColumnIndex(idColumn));
        }

        var (ids, indexById) = ReadIds(tables, idColumn, total);
        var fields = ChooseFields(tables, idColumn, overrides, notes);
        if (fields.Count == 0)
        {
            throw new LinkageInputException(tables[0].Source, 1, null,
                "no column has a known role; name the fields with --fields, e.g. --fields given=first,family=last,birth-date=dob");
        }

        var columns = new object[fields.Count];
        var phoneticIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var placeKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < fields.Count; f++)
        {
            var parts = new (CsvTable, int)[tables.Length];
            for (var s = 0; s < tables.Length; s++)
            {
                parts[s] = (tables[s], tables[s].ColumnIndex(fields[f].Column));
            }

            columns[f] = fields[f].Role switch
            {
                FieldRole.BirthDate or FieldRole.DeathDate => DateColumn.Build(parts),
                FieldRole.FullName => TextColumn.Build(parts, NameKeys.Comparable, phoneticIds, NameKeys.PhoneticUnordered),
                FieldRole.GivenName or FieldRole.FamilyName or FieldRole.OtherName =>
                    TextColumn.Build(parts, NameKeys.Comparable, phoneticIds),
                FieldRole.Place => TextColumn.Build(parts, NameKeys.Comparable, placeKeys, NameKeys.PhoneticUnordered),
                FieldRole.Address or FieldRole.Email => TextColumn.Build(parts, NameKeys.Comparable, null),
                _ => TextColumn.Build(parts, CodeText, null),
            };
            if (columns[f] is DateColumn { Unreadable: > 0 } dates)
            {
                notes.Add($"column '{fields[f].Column}': {dates.Unreadable} value(s) are not dates and count as missing (first on line {dates.FirstUnreadableLine})");
            }
        }

        var comparisons = BuildComparisons(fields, columns);
        return new RecordSet(ids, isLink ? tables[0].RowCount : total, isLink, [.. fields], columns, comparisons, tables, indexById, notes);
    }

    // Ids: present, non-empty, unique within each table.
    private static (string[] Ids, Dictionary<string, int>[] IndexById) ReadIds(CsvTable[] tables, string idColumn, int total)
    {
        var ids = new string[total];
        var indexById = new Dictionary<string, int>[tables.Length];
        var offset = 0;
        for (var s = 0; s < tables.Length; s++)
        {
            var table = tables[s];
            var idIndex = table.ColumnIndex(idColumn);
            if (idIndex < 0)
            {
                throw new LinkageInputException(table.Source, 1, idColumn,
                    $"the id column is missing; the header has: {string.Join(", ", table.Header)}");
            }

            var seen = new Dictionary<string, int>(table.RowCount, StringComparer.Ordinal);
            for (var r = 0; r < table.RowCount; r++)
            {
                var id = table[r, idIndex];
                if (id.Length == 0)
                {
                    throw new LinkageInputException(table.Source, table.LineOf(r), idColumn, "the id is empty");
                }

                if (!seen.TryAdd(id, offset + r))
                {
                    throw new LinkageInputException(table.Source, table.LineOf(r), idColumn,
                        $"duplicate id '{id}' (first on line {table.LineOf(seen[id] - offset)})");
                }

                ids[offset + r] = id;
            }

            indexById[s] = seen;
            offset += table.RowCount;
        }

        return (ids, indexById);
    }

    private static string CodeText(string raw) => raw.Trim().ToLowerInvariant();

    private static List<FieldSpec> ChooseFields(CsvTable[] tables, string idColumn, IReadOnlyList<FieldSpec>? overrides, List<string> notes)
    {
        var fields = new List<FieldSpec>();
        if (overrides is { Count: > 0 })
        {
            foreach (var spec in overrides)
            {
                foreach (var t in tables)
                {
                    if (t.ColumnIndex(spec.Column) < 0)
                    {
                        throw new LinkageInputException(t.Source, 1, spec.Column,
                            $"--fields names a column the file does not have; the header has: {string.Join(", ", t.Header)}");
                    }
                }

                if (spec.Role == FieldRole.Marker)
                {
                    notes.Add(MarkerNote(tables, spec.Column));
                }
                else if (spec.Role != FieldRole.Ignore && !string.Equals(spec.Column, idColumn, StringComparison.Ordinal))
                {
                    fields.Add(spec);
                }
            }

            return fields;
        }

        foreach (var column in tables[0].Header)
        {
            if (string.Equals(column, idColumn, StringComparison.Ordinal))
            {
                continue;
            }

            var role = FieldRoles.Detect(column);
            if (role == FieldRole.Marker)
            {
                notes.Add(MarkerNote(tables, column));
                continue;
            }

            if (role == FieldRole.Ignore)
            {
                notes.Add($"column '{column}' is not used for matching (no known role; name it with --fields)");
                continue;
            }

            var missingIn = Array.Find(tables, t => t.ColumnIndex(column) < 0);
            if (missingIn is not null)
            {
                notes.Add($"column '{column}' is not used: {missingIn.Source} does not have it");
                continue;
            }

            fields.Add(new FieldSpec(column, role));
        }

        return fields;
    }

    // A marker column is carried with the records and reported, never compared: "column 'synthetic' is a
    // marker (never compared): 15,102 of 15,102 records are SYNTHETIC".
    private static string MarkerNote(CsvTable[] tables, string column)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var table in tables)
        {
            var index = table.ColumnIndex(column);
            for (var r = 0; r < table.RowCount; r++)
            {
                var value = table[r, index];
                counts[value] = counts.GetValueOrDefault(value) + 1;
                total++;
            }
        }

        var values = string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3)
            .Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Value:N0} of {total:N0} records are {(c.Key.Length == 0 ? "(empty)" : c.Key)}")));
        return $"column '{column}' is a marker (carried with the records, never compared): {values}";
    }

    private static Comparison[] BuildComparisons(List<FieldSpec> fields, object[] columns)
    {
        var given = fields.FindAll(f => f.Role == FieldRole.GivenName);
        var family = fields.FindAll(f => f.Role == FieldRole.FamilyName);
        TextColumn? givenColumn = given.Count == 1 ? (TextColumn)columns[fields.IndexOf(given[0])] : null;
        TextColumn? familyColumn = family.Count == 1 ? (TextColumn)columns[fields.IndexOf(family[0])] : null;
        var comparisons = new Comparison[fields.Count];
        for (var f = 0; f < fields.Count; f++)
        {
            var spec = fields[f];
            var column = columns[f];
            comparisons[f] = spec.Role switch
            {
                FieldRole.GivenName => new TextComparison(spec.Column, spec.Role, (TextColumn)column, NameThresholds, phonetic: true, tokenSort: false, partner: familyColumn),
                FieldRole.FamilyName => new TextComparison(spec.Column, spec.Role, (TextColumn)column, NameThresholds, phonetic: true, tokenSort: false, partner: givenColumn),
                FieldRole.OtherName => new TextComparison(spec.Column, spec.Role, (TextColumn)column, NameThresholds, phonetic: true, tokenSort: false, partner: null),
                FieldRole.FullName => new TextComparison(spec.Column, spec.Role, (TextColumn)column, NameThresholds, phonetic: true, tokenSort: true, partner: null),
                // Places written in Persian script romanise letter by letter (تهران → thran): the phonetic key meets "tehran".
                FieldRole.Place => new TextComparison(spec.Column, spec.Role, (TextColumn)column, [0.92, 0.80], phonetic: true, tokenSort: true, partner: null),
                FieldRole.Address => new TextComparison(spec.Column, spec.Role, (TextColumn)column, [0.92, 0.80], phonetic: false, tokenSort: false, partner: null),
                FieldRole.Email => new TextComparison(spec.Column, spec.Role, (TextColumn)column, [0.88], phonetic: false, tokenSort: false, partner: null),
                FieldRole.BirthDate or FieldRole.DeathDate => new DateComparison(spec.Column, spec.Role, (DateColumn)column),
                FieldRole.Category => new CodeComparison(spec.Column, spec.Role, (TextColumn)column, exactOnly: true),
                _ => new CodeComparison(spec.Column, spec.Role, (TextColumn)column, exactOnly: false),
            };
        }

        return comparisons;
    }

    private static readonly double[] NameThresholds = [0.92, 0.85, 0.70];
}
