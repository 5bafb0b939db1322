using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Dossier.Linkage.Input;

/// <summary>
/// A CSV file held column by column: each column keeps one copy of every distinct value and an
/// index per row, so a million rows of names cost little more than their distinct names.
/// RFC 4180 quoting; LF or CRLF line ends; spaces around unquoted fields are trimmed (the FEBRL
/// files put a space after each comma); a UTF-8 byte order mark is skipped. The input must be UTF-8.
/// </summary>
public sealed class CsvTable
{
    private readonly List<string>[] _values;
    private readonly int[][] _valueIds;
    private readonly int[] _lines;

    private CsvTable(string source, string[] header, List<string>[] values, int[][] valueIds, int[] lines, int rowCount)
    {
        Source = source;
        Header = header;
        _values = values;
        _valueIds = valueIds;
        _lines = lines;
        RowCount = rowCount;
    }

    /// <summary>The file name or label used in error messages.</summary>
    public string Source { get; }

    /// <summary>Column names as written in the header (trimmed).</summary>
    public IReadOnlyList<string> Header { get; }

    public int RowCount { get; }

    /// <summary>The value in a row and column; empty when the field was empty.</summary>
    public string this[int row, int column] => _values[column][_valueIds[column][row]];

    /// <summary>The line of the file a row starts on (the header is line 1).</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>Index of a column by exact name, or −1.</summary>
    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The same rows ordered by one column's value (ordinal; ties keep file order). The engine works on
    /// tables ordered by id, so its result depends on which rows there are, not on the order a file or a
    /// database happened to give them in (sampling, pattern numbering and sums all follow row order).
    /// </summary>
    internal CsvTable OrderedBy(int column)
    {
        var values = _values[column];
        var rank = new int[values.Count];
        var byText = new int[values.Count];
        for (var v = 0; v < byText.Length; v++)
        {
            byText[v] = v;
        }

        Array.Sort(byText, (a, b) => string.CompareOrdinal(values[a], values[b]));
        for (var r = 0; r < byText.Length; r++)
        {
            rank[byText[r]] = r;
        }

        var ids = _valueIds[column];
        var keys = new long[RowCount];
        var order = new int[RowCount];
        for (var row = 0; row < RowCount; row++)
        {
            keys[row] = ((long)rank[ids[row]] << 32) | (uint)row;
            order[row] = row;
        }

        Array.Sort(keys, order);
        var valueIds = new int[_valueIds.Length][];
        for (var c = 0; c < valueIds.Length; c++)
        {
            var from = _valueIds[c];
            var to = new int[RowCount];
            for (var row = 0; row < RowCount; row++)
            {
                to[row] = from[order[row]];
            }

            valueIds[c] = to;
        }

        var lines = new int[RowCount];
        for (var row = 0; row < RowCount; row++)
        {
            lines[row] = _lines[order[row]];
        }

        return new CsvTable(Source, [.. Header], _values, valueIds, lines, RowCount);
    }

    /// <summary>Distinct values of a column; id 0 is always the empty string.</summary>
    internal IReadOnlyList<string> DistinctValues(int column) => _values[column];

    /// <summary>Per row, the index of its value in <see cref="DistinctValues"/>.</summary>
    internal ReadOnlySpan<int> ValueIds(int column) => _valueIds[column].AsSpan(0, RowCount);

    /// <summary>Reads a file; throws <see cref="LinkageInputException"/> naming file, line and column on bad input.</summary>
    public static CsvTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new LinkageInputException(path, 0, null, "file not found");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses CSV bytes; <paramref name="source"/> names the input in error messages.</summary>
    public static CsvTable Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var chars = Decode(bytes, source);
        try
        {
            return new Parser(chars, source).Run();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars.Array!);
        }
    }

    private static ArraySegment<char> Decode(ReadOnlySpan<byte> bytes, string source)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        var status = Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            ArrayPool<char>.Shared.Return(buffer);
            var line = 1 + bytes[..read].Count((byte)'\n');
            var shown = read < bytes.Length ? $"0x{bytes[read]:X2}" : "a truncated character";
            throw new LinkageInputException(source, line, null,
                $"not valid UTF-8 (byte {shown} at offset {read}); save the file as UTF-8");
        }

        return new ArraySegment<char>(buffer, 0, written);
    }

    private sealed class Parser(ArraySegment<char> text, string source)
    {
        private readonly StringBuilder _quoted = new();
        private int _position;
        private int _line = 1;

        public CsvTable Run()
        {
            var span = text.AsSpan();
            var fields = new List<string>();
            SkipBlankLines(span);
            if (_position >= span.Length)
            {
                throw new LinkageInputException(source, 1, null, "the file is empty (no header row)");
            }

            var headerLine = _line;
            ReadRecord(span, fields, intern: null);
            var header = fields.ToArray();
            foreach (var other in new[] { ';', '\t' })
            {
                // A spreadsheet saved with another separator reads as one wide column: name it rather than read nonsense.
                if (header.Length == 1 && header[0].Split(other).Length >= 2)
                {
                    throw new LinkageInputException(source, headerLine, null,
                        $"the header is one column holding {(other == ';' ? "semicolons" : "tabs")}: the file looks {(other == ';' ? "semicolon" : "tab")}-separated; save it as comma-separated CSV (UTF-8)");
                }
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < header.Length; c++)
            {
                if (header[c].Length == 0)
                {
                    throw new LinkageInputException(source, headerLine, null, $"header field {c + 1} is empty; every column needs a name");
                }

                if (!seen.TryAdd(header[c], c))
                {
                    throw new LinkageInputException(source, headerLine, header[c],
                        $"the column name appears twice (fields {seen[header[c]] + 1} and {c + 1})");
                }
            }

            var width = header.Length;
            var values = new List<string>[width];
            var lookups = new Dictionary<string, int>[width];
            var ids = new int[width][];
            var capacity = Math.Max(16, span.Length / Math.Max(1, 8 * width));
            for (var c = 0; c < width; c++)
            {
                values[c] = [string.Empty];
                lookups[c] = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
                ids[c] = new int[capacity];
            }

            var lines = new int[capacity];
            var rows = 0;
            var interner = new Interner(values, lookups);
            var rowIds = new int[width];
            while (true)
            {
                SkipBlankLines(span);
                if (_position >= span.Length)
                {
                    break;
                }

                var line = _line;
                interner.Row = rowIds;
                var count = ReadRecord(span, fields: null, interner);
                if (count != width)
                {
                    throw new LinkageInputException(source, line, null,
                        $"the row has {count} fields but the header has {width}");
                }

                if (rows == lines.Length)
                {
                    var grown = lines.Length * 2;
                    Array.Resize(ref lines, grown);
                    for (var c = 0; c < width; c++)
                    {
                        Array.Resize(ref ids[c], grown);
                    }
                }

                lines[rows] = line;
                for (var c = 0; c < width; c++)
                {
                    ids[c][rows] = rowIds[c];
                }

                rows++;
            }

            return new CsvTable(source, header, values, ids, lines, rows);
        }

        private void SkipBlankLines(ReadOnlySpan<char> span)
        {
            while (_position < span.Length)
            {
                var p = _position;
                while (p < span.Length && (span[p] == ' ' || span[p] == '\t' || span[p] == '\r'))
                {
                    p++;
                }

                if (p < span.Length && span[p] == '\n')
                {
                    _position = p + 1;
                    _line++;
                    continue;
                }

                if (p >= span.Length)
                {
                    _position = p;
                }

                return;
            }
        }

        // Reads one record; either collects the fields (header) or interns them (data rows).
        private int ReadRecord(ReadOnlySpan<char> span, List<string>? fields, Interner? intern)
        {
            fields?.Clear();
            var count = 0;
            while (true)
            {
                var field = ReadField(span, out var atEnd);
                if (fields is not null)
                {
                    fields.Add(field.ToString());
                }
                else if (count < intern!.Row.Length)
                {
                    intern.Row[count] = intern.Intern(count, field);
                }

                count++;
                if (atEnd)
                {
                    return count;
                }
            }
        }

        private ReadOnlySpan<char> ReadField(ReadOnlySpan<char> span, out bool atEnd)
        {
            var p = _position;
            while (p < span.Length && (span[p] == ' ' || span[p] == '\t'))
            {
                p++;
            }

            if (p < span.Length && span[p] == '"')
            {
                var startLine = _line;
                _quoted.Clear();
                p++;
                while (true)
                {
                    if (p >= span.Length)
                    {
                        throw new LinkageInputException(source, startLine, null, "a quoted field is never closed");
                    }

                    var ch = span[p];
                    if (ch == '"')
                    {
                        if (p + 1 < span.Length && span[p + 1] == '"')
                        {
                            _quoted.Append('"');
                            p += 2;
                            continue;
                        }

                        p++;
                        break;
                    }

                    if (ch == '\n')
                    {
                        _line++;
                    }

                    _quoted.Append(ch);
                    p++;
                }

                while (p < span.Length && (span[p] == ' ' || span[p] == '\t' || span[p] == '\r'))
                {
                    p++;
                }

                atEnd = FinishField(span, ref p, startLine);
                _position = p;
                return _quoted.ToString().AsSpan();
            }

            var start = p;
            while (p < span.Length && span[p] != ',' && span[p] != '\n')
            {
                p++;
            }

            var value = span[start..p].TrimEnd(" \t\r");
            if (value.Contains('"'))
            {
                throw new LinkageInputException(source, _line, null, "a quote inside an unquoted field; quote the whole field and double inner quotes");
            }

            atEnd = FinishField(span, ref p, _line);
            _position = p;
            return value;
        }

        private bool FinishField(ReadOnlySpan<char> span, ref int p, int line)
        {
            if (p >= span.Length)
            {
                return true;
            }

            if (span[p] == ',')
            {
                p++;
                return false;
            }

            if (span[p] == '\n')
            {
                p++;
                _line++;
                return true;
            }

            throw new LinkageInputException(source, line, null, $"unexpected character '{span[p]}' after a quoted field");
        }
    }

    private sealed class Interner(List<string>[] values, Dictionary<string, int>[] lookups)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _alternates =
            Array.ConvertAll(lookups, l => l.GetAlternateLookup<ReadOnlySpan<char>>());

        public int[] Row { get; set; } = [];

        public int Intern(int column, ReadOnlySpan<char> value)
        {
            var lookup = _alternates[column];
            if (lookup.TryGetValue(value, out var id))
            {
                return id;
            }

            id = values[column].Count;
            var text = value.ToString();
            values[column].Add(text);
            lookups[column].Add(text, id);
            return id;
        }
    }
}
