using System.Globalization;
using System.IO.Packaging;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Dossier.Application.Exchange.Sheets;

/// <summary>
/// Reads XLSX worksheets with the Open XML SDK, row by row (a SAX reader, so a sheet is never held as a
/// DOM): shared and inline strings, numbers, booleans, formula results, and numbers in a date format as
/// dates (the 1900 system with its phantom 29 February 1900, or the 1904 system when the workbook says so).
/// </summary>
internal static class XlsxReader
{
    /// <summary>Widest row read; a stray cell at column XFD would otherwise make every row 16,384 cells.</summary>
    public const int MaxColumns = 1024;

    // Characters any one part may expand to: bounds a small ZIP that inflates hugely.
    private const long MaxCharactersInPart = 512L * 1024 * 1024;

    public static IReadOnlyList<string> SheetNames(byte[] bytes, string fileName)
    {
        using var document = Open(bytes, fileName);
        return [.. Sheets(document, fileName).Select(s => s.Name?.Value ?? string.Empty)];
    }

    public static Sheet Read(byte[] bytes, string fileName, string? sheetName)
    {
        using var document = Open(bytes, fileName);
        var workbook = document.WorkbookPart!;
        var sheets = Sheets(document, fileName);
        var chosen = sheetName is null
            ? sheets.FirstOrDefault()
            : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value, sheetName, StringComparison.Ordinal));
        if (chosen is null)
        {
            throw new SheetFormatException(sheetName is null
                ? $"{fileName}: the workbook has no sheets"
                : $"{fileName}: the workbook has no sheet '{sheetName}' (sheets: {string.Join(", ", sheets.Select(s => s.Name?.Value))})");
        }

        var name = chosen.Name?.Value ?? string.Empty;
        if (chosen.Id?.Value is not { } relation || workbook.GetPartById(relation) is not WorksheetPart part)
        {
            throw new SheetFormatException($"{fileName}: sheet '{name}' is not a worksheet (a chart sheet or a missing part)");
        }

        try
        {
            var strings = SharedStrings(workbook);
            var dates = DateStyles(workbook);
            var date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value == true;
            return ReadRows(part, name, fileName, strings, dates, date1904);
        }
        catch (Exception e) when (e is OpenXmlPackageException or System.Xml.XmlException or InvalidDataException or IOException)
        {
            throw new SheetFormatException($"{fileName}: sheet '{name}' cannot be read: the workbook is damaged", e);
        }
    }

    private static SpreadsheetDocument Open(byte[] bytes, string fileName)
    {
        try
        {
            var settings = new OpenSettings { MaxCharactersInPart = MaxCharactersInPart, AutoSave = false };
            var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false, settings);
            if (document.WorkbookPart?.Workbook is null)
            {
                document.Dispose();
                throw new SheetFormatException($"{fileName}: not an XLSX workbook (no workbook part)");
            }

            return document;
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException or IOException)
        {
            throw new SheetFormatException($"{fileName}: not an XLSX workbook (the ZIP archive or its parts cannot be read)", e);
        }
    }

    private static List<X.Sheet> Sheets(SpreadsheetDocument document, string fileName) =>
        document.WorkbookPart!.Workbook.Sheets?.Elements<X.Sheet>().ToList() ?? throw new SheetFormatException($"{fileName}: the workbook has no sheets");

    private static string[] SharedStrings(WorkbookPart workbook)
    {
        if (workbook.SharedStringTablePart?.SharedStringTable is not { } table)
        {
            return [];
        }

        // A rich-text item is several runs; phonetic guides (rPh) are not part of the text.
        return [.. table.Elements<X.SharedStringItem>().Select(TextOf)];
    }

    private static string TextOf(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var t in item.Descendants<X.Text>())
        {
            if (t.Ancestors<X.PhoneticRun>().Any())
            {
                continue;
            }

            text.Append(t.Text);
        }

        return text.ToString();
    }

    /// <summary>Per cell style index, whether its number format shows a date.</summary>
    private static bool[] DateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is not { } formats)
        {
            return [];
        }

        var custom = stylesheet.NumberingFormats?.Elements<X.NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? string.Empty) ?? [];
        return [.. formats.Elements<X.CellFormat>().Select(f => f.NumberFormatId?.Value is { } id && IsDateFormat(id, custom))];
    }

    /// <summary>Built-in date and time formats (ECMA-376 §18.8.30, with the East Asian ones), or a custom code with date or time parts.</summary>
    internal static bool IsDateFormat(uint id, IReadOnlyDictionary<uint, string> custom)
    {
        if (custom.TryGetValue(id, out var code))
        {
            return IsDateCode(code);
        }

        return id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);
    }

    // Date letters outside quoted text, escapes and [colour]/[condition] sections mean a date or time format.
    internal static bool IsDateCode(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (quoted)
            {
                quoted = c != '"';
                continue;
            }

            if (bracket)
            {
                bracket = c != ']';
                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    continue;
                case '[':
                    bracket = true;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case ';':
                    // Only the first section (positive numbers) decides.
                    return false;
                default:
                    if (char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// A serial day number as a date: in the 1900 system day 1 is 1 January 1900 and day 60 is the
    /// 29 February 1900 that Lotus 1-2-3 invented (it does not exist, so it is no date); from day 61 on,
    /// days count from 30 December 1899. In the 1904 system day 0 is 1 January 1904. Null for a serial
    /// that is not a day of the Gregorian calendar Excel can show.
    /// </summary>
    internal static DateTime? FromSerial(double serial, bool date1904)
    {
        if (double.IsNaN(serial) || serial < (date1904 ? 0 : 1) || serial >= 2958466)
        {
            return null;
        }

        var day = Math.Floor(serial);
        if (!date1904 && day == 60)
        {
            return null;
        }

        var origin = date1904 ? new DateTime(1904, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
            : day < 60 ? new DateTime(1899, 12, 31, 0, 0, 0, DateTimeKind.Unspecified)
            : new DateTime(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);
        // Whole seconds: a time typed as 10:30 is stored as a binary fraction a hair off.
        var seconds = Math.Round((serial - day) * 86400);
        return origin.AddDays(day).AddSeconds(seconds);
    }

    internal static string DateText(DateTime date) => date.TimeOfDay == TimeSpan.Zero
        ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static GridSheet ReadRows(WorksheetPart part, string name, string fileName, string[] strings, bool[] dates, bool date1904)
    {
        var rows = new List<(int Number, CellValue[] Cells)>();
        long cells = 0;
        var previousRow = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(X.Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (X.Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? checked((int)index) : previousRow + 1;
            previousRow = number;
            var values = new List<CellValue>();
            var column = -1;
            foreach (var cell in row.Elements<X.Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnOf(reference, fileName, name) : column + 1;
                if (column >= MaxColumns)
                {
                    throw new SheetFormatException($"{fileName}, sheet '{name}', row {number}: a value in column {SheetBook.ColumnLetter(column)}; at most {MaxColumns} columns are read");
                }

                var value = ValueOf(cell, strings, dates, date1904, fileName, name, number);
                if (value.IsEmpty)
                {
                    continue;
                }

                while (values.Count < column)
                {
                    values.Add(CellValue.Empty);
                }

                if (values.Count == column)
                {
                    values.Add(value);
                }
                else
                {
                    values[column] = value;
                }
            }

            cells += values.Count;
            if (cells > SheetBook.MaxCells)
            {
                throw new SheetFormatException($"{fileName}, sheet '{name}': more than {SheetBook.MaxCells:N0} cells; split the sheet");
            }

            if (values.Count > 0)
            {
                rows.Add((number, [.. values]));
            }
        }

        if (rows.Count == 0)
        {
            throw new SheetFormatException($"{fileName}, sheet '{name}': the sheet is empty (a header row is needed)");
        }

        // The first row with anything in it is the header; every column with a value anywhere gets a name.
        var width = rows.Max(r => r.Cells.Length);
        var header = new string[width];
        for (var c = 0; c < width; c++)
        {
            var text = c < rows[0].Cells.Length ? rows[0].Cells[c].Text.Trim() : string.Empty;
            header[c] = text.Length > 0 ? text : SheetBook.ColumnLetter(c);
        }

        return new GridSheet(header, rows[0].Number, rows.Skip(1).ToList()) { Name = name };
    }

    private static CellValue ValueOf(X.Cell cell, string[] strings, bool[] dates, bool date1904, string fileName, string sheet, int row)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == X.CellValues.SharedString)
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= strings.Length)
            {
                throw new SheetFormatException($"{fileName}, sheet '{sheet}', row {row}: a cell names a shared string the workbook does not have");
            }

            return CellValue.OfText(strings[index]);
        }

        if (type == X.CellValues.InlineString)
        {
            return CellValue.OfText(cell.InlineString is { } inline ? TextOf(inline) : raw);
        }

        if (type == X.CellValues.Boolean)
        {
            return raw.Length == 0 ? CellValue.Empty : new CellValue(CellKind.Boolean, raw is "1" or "true" ? "true" : "false");
        }

        if (type == X.CellValues.Date)
        {
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                ? new CellValue(CellKind.Date, DateText(iso))
                : CellValue.OfText(raw);
        }

        if (type == X.CellValues.String || type == X.CellValues.Error)
        {
            return CellValue.OfText(raw);
        }

        if (raw.Length == 0)
        {
            return CellValue.Empty;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return CellValue.OfText(raw);
        }

        var style = cell.StyleIndex?.Value is { } s ? (int)s : 0;
        if (style < dates.Length && dates[style])
        {
            return FromSerial(number, date1904) is { } date
                ? new CellValue(CellKind.Date, DateText(date))
                : new CellValue(CellKind.Text, date1904 || Math.Floor(number) != 60 ? raw : "1900-02-29");
        }

        return new CellValue(CellKind.Number, number.ToString(CultureInfo.InvariantCulture));
    }

    private static int ColumnOf(string reference, string fileName, string sheet)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = checked((column * 26) + (c - 'A' + 1));
                letters++;
            }
            else
            {
                break;
            }
        }

        if (letters is 0 or > 3)
        {
            throw new SheetFormatException($"{fileName}, sheet '{sheet}': a cell reference that is not a column and row");
        }

        return column - 1;
    }
}
