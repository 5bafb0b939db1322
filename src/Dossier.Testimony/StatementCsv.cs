using System.Globalization;
using System.Text;

namespace Dossier.Testimony;

/// <summary>
/// Reads and writes the plain files of the testimony engines (docs/formats/testimony-csv.md). The statements
/// file is read as a stream of bytes, field by field, and each field is bounded before it is kept: a 500 MB
/// field stops the read at its first megabyte instead of filling memory. Every problem is a
/// <see cref="TestimonyInputException"/> naming the file, the line and the field.
/// </summary>
public static class StatementCsv
{
    /// <summary>The columns a statements file must have (in any order; other columns are ignored).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["statement_id", "witness_id", "allegation_id", "stance", "interviewer", "intermediary", "organization", "language", "text"];

    /// <summary>The header of the file <c>testimony similar</c> writes.</summary>
    public const string SimilarHeader = "left_id,right_id,score";

    /// <summary>The header of the file <c>testimony lines</c> writes.</summary>
    public const string LinesHeader = "allegation_id,stance,statements,lines";

    /// <summary>Most bytes in a statement's text (1 MiB: several hundred pages).</summary>
    public const int MaxTextBytes = 1 << 20;

    /// <summary>Most bytes in any other field (ids, names of interviewers, intermediaries, organisations, tags).</summary>
    public const int MaxFieldBytes = 4096;

    /// <summary>Most columns in the header.</summary>
    public const int MaxColumns = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a statements file; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<Statement> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TestimonyInputException(path, 0, null, "file not found");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads statements from a stream; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<Statement> Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var reader = new FieldReader(stream, source);
        var header = new List<string>();
        if (!reader.ReadRecord(header, _ => MaxFieldBytes, out var headerLine))
        {
            throw new TestimonyInputException(source, 1, null, "the file is empty (no header row)");
        }

        if (header.Count > MaxColumns)
        {
            throw new TestimonyInputException(source, headerLine, null, $"the header has {header.Count} columns; at most {MaxColumns}");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c].Trim();
            if (name.Length > 0 && !index.TryAdd(name, c))
            {
                throw new TestimonyInputException(source, headerLine, name, $"the column appears twice in the header (fields {index[name] + 1} and {c + 1})");
            }
        }

        foreach (var column in Columns)
        {
            if (!index.ContainsKey(column))
            {
                throw new TestimonyInputException(source, headerLine, column,
                    $"the header has no such column; a statements file needs {string.Join(",", Columns)} (it has {string.Join(",", header.Select(h => h.Trim()))})");
            }
        }

        int At(string column) => index[column];
        var textColumn = At("text");
        var statements = new List<Statement>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = new List<string>(header.Count);
        while (reader.ReadRecord(fields, c => c == textColumn ? MaxTextBytes : MaxFieldBytes, out var line, header))
        {
            if (fields.Count != header.Count)
            {
                throw new TestimonyInputException(source, line, null, $"the row has {fields.Count} fields but the header has {header.Count}");
            }

            string Get(string column) => column == "text" ? fields[At(column)] : fields[At(column)].Trim();
            string Required(string column)
            {
                var value = Get(column);
                return value.Length > 0 ? value : throw new TestimonyInputException(source, line, column, "is empty; every statement needs one");
            }

            var id = Required("statement_id");
            if (!seen.TryAdd(id, line))
            {
                throw new TestimonyInputException(source, line, "statement_id", $"the same id is already on line {seen[id]}; ids must be unique");
            }

            var stanceText = Required("stance");
            var stance = Stances.Parse(stanceText)
                ?? throw new TestimonyInputException(source, line, "stance", $"unknown stance; use {Stances.Supports} or {Stances.Contradicts}");
            var language = Get("language");
            if (language.Length > 0 && !IsLanguageTag(language))
            {
                throw new TestimonyInputException(source, line, "language", "is not a BCP 47 language tag (such as fa, en, fa-IR)");
            }

            statements.Add(new Statement(id, Required("witness_id"), Required("allegation_id"), stance, Get("interviewer"), Get("intermediary"),
                Get("organization"), language, Get("text"), line));
        }

        return statements;
    }

    /// <summary>Writes near-copy pairs, ordered by left id then right id (ordinal).</summary>
    public static void WriteSimilar(IEnumerable<NearCopy> pairs, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(SimilarHeader);
        writer.Write('\n');
        foreach (var pair in pairs.OrderBy(p => p.LeftId, StringComparer.Ordinal).ThenBy(p => p.RightId, StringComparer.Ordinal))
        {
            writer.Write(Quote(pair.LeftId));
            writer.Write(',');
            writer.Write(Quote(pair.RightId));
            writer.Write(',');
            writer.Write(pair.Score.ToString("0.0000", CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>Writes one row per allegation and stance, ordered by allegation id (ordinal), supports first.</summary>
    public static void WriteLines(IEnumerable<AllegationLines> rows, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(LinesHeader);
        writer.Write('\n');
        foreach (var row in rows.OrderBy(r => r.AllegationId, StringComparer.Ordinal).ThenBy(r => r.Stance))
        {
            writer.Write(Quote(row.AllegationId));
            writer.Write(',');
            writer.Write(Stances.Name(row.Stance));
            writer.Write(',');
            writer.Write(row.Statements.Count.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(row.Lines.Count.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted and its quotes doubled.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    // language [-script] [-region] [-variant…]: letters and digits in subtags of 1–8, the first 2–3 (or 4–8) letters.
    internal static bool IsLanguageTag(string tag)
    {
        var parts = tag.Split('-');
        if (parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        return parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>RFC 4180 fields straight from the bytes: separators, quotes and line ends are ASCII, so UTF-8 needs no decoding to find them.</summary>
    private sealed class FieldReader(Stream stream, string source)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private byte[] _field = new byte[256];
        private int _fieldLength;
        private int _position;
        private int _length;
        private int _line = 1;
        private bool _started;

        /// <summary>Reads the next non-blank record into <paramref name="fields"/>; false at the end of the file.</summary>
        public bool ReadRecord(List<string> fields, Func<int, int> limitOf, out int line, IReadOnlyList<string>? names = null)
        {
            fields.Clear();
            SkipBlankLines();
            line = _line;
            if (Peek() < 0)
            {
                return false;
            }

            while (true)
            {
                var column = fields.Count;
                var name = names is not null && column < names.Count ? names[column].Trim() : null;
                var end = ReadField(limitOf(column), line, name ?? $"field {column + 1}", names is null ? null : name);
                fields.Add(Decode(line, name));
                if (end)
                {
                    return true;
                }
            }
        }

        private string Decode(int line, string? field)
        {
            try
            {
                return StrictUtf8.GetString(_field, 0, _fieldLength);
            }
            catch (DecoderFallbackException)
            {
                throw new TestimonyInputException(source, line, field, "is not valid UTF-8; save the file as UTF-8");
            }
        }

        // Returns true when the field ended its record.
        private bool ReadField(int limit, int line, string what, string? field)
        {
            _fieldLength = 0;
            var b = Peek();
            if (b == '"')
            {
                Next();
                while (true)
                {
                    b = Next();
                    if (b < 0)
                    {
                        throw new TestimonyInputException(source, line, field, $"a quoted {(field is null ? what : "field")} is never closed");
                    }

                    if (b == '"')
                    {
                        if (Peek() == '"')
                        {
                            Next();
                            Append((byte)'"', limit, line, what, field);
                            continue;
                        }

                        break;
                    }

                    if (b == '\n')
                    {
                        _line++;
                    }

                    Append((byte)b, limit, line, what, field);
                }

                b = Next();
                if (b == '\r' && Peek() == '\n')
                {
                    b = Next();
                }

                return b switch
                {
                    ',' => false,
                    '\n' => NewLine(),
                    < 0 => true,
                    _ => throw new TestimonyInputException(source, line, field, "unexpected text after a quoted field; quote the whole field and double the quotes inside it"),
                };
            }

            while (true)
            {
                b = Next();
                switch (b)
                {
                    case < 0:
                        return true;
                    case ',':
                        return false;
                    case '\n':
                        if (_fieldLength > 0 && _field[_fieldLength - 1] == '\r')
                        {
                            _fieldLength--;
                        }

                        return NewLine();
                    case '"':
                        throw new TestimonyInputException(source, line, field, "a quote inside an unquoted field; quote the whole field and double the quotes inside it");
                    default:
                        Append((byte)b, limit, line, what, field);
                        break;
                }
            }
        }

        private bool NewLine()
        {
            _line++;
            return true;
        }

        private void Append(byte b, int limit, int line, string what, string? field)
        {
            if (_fieldLength >= limit)
            {
                throw new TestimonyInputException(source, line, field,
                    $"{(field is null ? what + " " : string.Empty)}is longer than {limit:N0} bytes, the most a {(limit == MaxTextBytes ? "statement's text" : "field")} may hold; split the statement or check the quoting");
            }

            if (_fieldLength == _field.Length)
            {
                Array.Resize(ref _field, _field.Length * 2);
            }

            _field[_fieldLength++] = b;
        }

        private void SkipBlankLines()
        {
            while (true)
            {
                var b = Peek();
                if (b == '\n')
                {
                    Next();
                    _line++;
                }
                else if (b == '\r')
                {
                    Next();
                }
                else
                {
                    return;
                }
            }
        }

        private int Peek()
        {
            if (_position == _length && !Fill())
            {
                return -1;
            }

            return _buffer[_position];
        }

        private int Next()
        {
            var b = Peek();
            if (b >= 0)
            {
                _position++;
            }

            return b;
        }

        private bool Fill()
        {
            _length = stream.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (!_started)
            {
                _started = true;
                if (_length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                {
                    _position = 3; // a UTF-8 byte order mark
                }
            }

            return _position < _length;
        }
    }
}
