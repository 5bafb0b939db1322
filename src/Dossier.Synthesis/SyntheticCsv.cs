using System.Globalization;
using System.Text;

namespace Dossier.Synthesis;

/// <summary>
/// Writes synthetic lists as CSV (RFC 4180, UTF-8, LF line ends). Every row carries the column
/// <c>synthetic</c> = <c>SYNTHETIC</c>. The ground truth (<c>record_id,person_id</c>) goes to its own
/// file unless asked for inline. Column layout is in docs/synthetic-lists.md.
/// </summary>
public static class SyntheticCsv
{
    /// <summary>Columns of a list file.</summary>
    public static IReadOnlyList<string> ListColumns { get; } =
        ["record_id", "list_id", "given_name", "family_name", "father_name", "sex", "birth_year", "city", "prison", "death_date", "synthetic"];

    /// <summary>Columns of a truth file.</summary>
    public static IReadOnlyList<string> TruthColumns { get; } = ["record_id", "person_id"];

    /// <summary>Columns of a population file.</summary>
    public static IReadOnlyList<string> PeopleColumns { get; } =
    [
        "person_id", "given_name_fa", "given_name", "family_name_fa", "family_name", "father_name_fa", "father_name",
        "sex", "birth_year", "city", "prison", "death_date", "visibility", "synthetic",
    ];

    /// <summary>Writes rows (with a <c>person_id</c> column after <c>record_id</c> when <paramref name="includePersonId"/>); returns the row count.</summary>
    public static long WriteRecords(TextWriter writer, IEnumerable<ListRecord> records, bool includePersonId = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        WriteHeader(writer, includePersonId);
        long count = 0;
        foreach (var record in records)
        {
            WriteRecord(writer, record, includePersonId);
            count++;
        }

        return count;
    }

    /// <summary>Writes the header of a list file.</summary>
    public static void WriteHeader(TextWriter writer, bool includePersonId = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var columns = includePersonId ? ListColumns.Take(1).Append("person_id").Concat(ListColumns.Skip(1)) : ListColumns;
        writer.Write(string.Join(',', columns));
        writer.Write('\n');
    }

    /// <summary>Writes one list row.</summary>
    public static void WriteRecord(TextWriter writer, ListRecord record, bool includePersonId = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        Field(writer, record.RecordId, first: true);
        if (includePersonId)
        {
            Field(writer, record.PersonId.ToString(CultureInfo.InvariantCulture));
        }

        Field(writer, record.ListId);
        Field(writer, record.GivenName);
        Field(writer, record.FamilyName);
        Field(writer, record.FatherName);
        Field(writer, record.Sex);
        Field(writer, record.BirthYear);
        Field(writer, record.City);
        Field(writer, record.Prison);
        Field(writer, record.DeathDate);
        Field(writer, ListRecord.SyntheticMarker);
        writer.Write('\n');
    }

    /// <summary>Writes the truth file header and one <c>record_id,person_id</c> line per row; returns the row count.</summary>
    public static long WriteTruth(TextWriter writer, IEnumerable<ListRecord> records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        writer.Write("record_id,person_id\n");
        long count = 0;
        foreach (var record in records)
        {
            WriteTruthLine(writer, record);
            count++;
        }

        return count;
    }

    /// <summary>Writes one truth line.</summary>
    public static void WriteTruthLine(TextWriter writer, ListRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        Field(writer, record.RecordId, first: true);
        Field(writer, record.PersonId.ToString(CultureInfo.InvariantCulture));
        writer.Write('\n');
    }

    /// <summary>Writes the population itself (the truth behind every list); returns the person count.</summary>
    public static long WritePeople(TextWriter writer, IEnumerable<SyntheticPerson> people)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(people);
        writer.Write(string.Join(',', PeopleColumns));
        writer.Write('\n');
        long count = 0;
        foreach (var person in people)
        {
            Field(writer, person.PersonId.ToString(CultureInfo.InvariantCulture), first: true);
            Field(writer, person.GivenName.Persian);
            Field(writer, person.GivenName.Latin);
            Field(writer, person.FamilyName.Persian);
            Field(writer, person.FamilyName.Latin);
            Field(writer, person.FatherName.Persian);
            Field(writer, person.FatherName.Latin);
            Field(writer, person.Sex);
            Field(writer, person.BirthYear.ToString(CultureInfo.InvariantCulture));
            Field(writer, person.City.Latin);
            Field(writer, person.Prison.Latin);
            Field(writer, person.DeathDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Field(writer, person.Visibility.ToString("F4", CultureInfo.InvariantCulture));
            Field(writer, ListRecord.SyntheticMarker);
            writer.Write('\n');
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes each list to <c>{directory}/{list_id}.csv</c> and the truth to <c>{directory}/truth.csv</c> in one
    /// streaming pass. Files are written under temporary names and renamed only when all are complete,
    /// so a failure leaves nothing half-written. Returns rows written per list id.
    /// </summary>
    public static IReadOnlyDictionary<string, long> WriteLists(string directory, IEnumerable<ListRecord> records, IReadOnlyList<string> listIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(listIds);
        Directory.CreateDirectory(directory);
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        var counts = listIds.ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
        var targets = listIds.Select(id => Path.Combine(directory, id + ".csv")).Append(Path.Combine(directory, "truth.csv")).ToList();
        var temporary = targets.Select(path => path + ".partial").ToList();
        var completed = false;
        try
        {
            for (var i = 0; i < listIds.Count; i++)
            {
                var writer = new StreamWriter(temporary[i], append: false, encoding, bufferSize: 1 << 16);
                writers.Add(listIds[i], writer);
                WriteHeader(writer);
            }

            using (var truth = new StreamWriter(temporary[^1], append: false, encoding, bufferSize: 1 << 16))
            {
                truth.Write("record_id,person_id\n");
                foreach (var record in records)
                {
                    if (!writers.TryGetValue(record.ListId, out var writer))
                    {
                        throw new InvalidOperationException($"Record {record.RecordId} belongs to list '{record.ListId}', which is not among the lists to write.");
                    }

                    WriteRecord(writer, record);
                    WriteTruthLine(truth, record);
                    counts[record.ListId]++;
                }
            }

            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }

            writers.Clear();
            for (var i = 0; i < targets.Count; i++)
            {
                File.Move(temporary[i], targets[i], overwrite: true);
            }

            completed = true;
            return counts;
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }

            if (!completed)
            {
                foreach (var path in temporary.Where(File.Exists))
                {
                    File.Delete(path);
                }
            }
        }
    }

    private static void Field(TextWriter writer, string value, bool first = false)
    {
        if (!first)
        {
            writer.Write(',');
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
