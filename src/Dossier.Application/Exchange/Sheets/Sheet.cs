using System.Globalization;
using Dossier.Linkage.Input;

namespace Dossier.Application.Exchange.Sheets;

/// <summary>What a spreadsheet cell held: nothing, text, a number, a date (an XLSX serial in a date format) or true/false.</summary>
public enum CellKind
{
    Empty,
    Text,
    Number,
    Date,
    Boolean,
}

/// <summary>One cell's value as the file typed it; <see cref="Text"/> is how it reads as text (dates as ISO 8601).</summary>
public readonly record struct CellValue(CellKind Kind, string Text)
{
    public static readonly CellValue Empty = new(CellKind.Empty, string.Empty);

    public bool IsEmpty => Kind == CellKind.Empty || Text.Length == 0;

    public static CellValue OfText(string text) => text.Length == 0 ? Empty : new(CellKind.Text, text);
}

/// <summary>
/// One table of a spreadsheet: a header row and the rows under it. Rows are addressed by their position
/// (0-based) and carry the number the file gives them (the CSV line a row starts on, or the XLSX row
/// number), which is what every message names.
/// </summary>
public abstract class Sheet
{
    public required string Name { get; init; }

    /// <summary>Column names as the header row writes them (trimmed); a blank header cell is named by its column letter.</summary>
    public abstract IReadOnlyList<string> Header { get; }

    public abstract int RowCount { get; }

    /// <summary>The number of the header row in the file (1 unless an XLSX sheet starts lower).</summary>
    public abstract int HeaderRow { get; }

    /// <summary>"line" for CSV (a quoted field may span lines), "row" for a spreadsheet.</summary>
    public abstract string RowWord { get; }

    public abstract CellValue this[int row, int column] { get; }

    public abstract int NumberOf(int row);

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
}

/// <summary>A CSV file as a sheet, read by the one CSV reader (<see cref="CsvTable"/>: UTF-8, RFC 4180, header row).</summary>
internal sealed class CsvSheet(CsvTable table) : Sheet
{
    public override IReadOnlyList<string> Header => table.Header;

    public override int RowCount => table.RowCount;

    public override int HeaderRow => 1;

    public override string RowWord => "line";

    public override CellValue this[int row, int column] => CellValue.OfText(table[row, column]);

    public override int NumberOf(int row) => table.LineOf(row);
}

/// <summary>An XLSX worksheet held row by row.</summary>
internal sealed class GridSheet(IReadOnlyList<string> header, int headerRow, IReadOnlyList<(int Number, CellValue[] Cells)> rows) : Sheet
{
    public override IReadOnlyList<string> Header => header;

    public override int RowCount => rows.Count;

    public override int HeaderRow => headerRow;

    public override string RowWord => "row";

    public override CellValue this[int row, int column] => column < rows[row].Cells.Length ? rows[row].Cells[column] : CellValue.Empty;

    public override int NumberOf(int row) => rows[row].Number;
}

/// <summary>A problem reading a spreadsheet file, located as precisely as the file allows.</summary>
public sealed class SheetFormatException : Exception
{
    public SheetFormatException()
    {
    }

    public SheetFormatException(string message)
        : base(message)
    {
    }

    public SheetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Opens CSV and XLSX files as sheets. Which reader is used follows the content (an XLSX file is a ZIP
/// archive, which starts with "PK"), so a misnamed file is still read correctly.
/// </summary>
public static class SheetBook
{
    /// <summary>Largest spreadsheet file read (64 MiB, as for workspace files); larger lists go in as several files.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Most cells read from one XLSX sheet (its rows × columns); guards against a small file that expands hugely.</summary>
    public const long MaxCells = 20_000_000;

    public static bool IsXlsx(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4;

    /// <summary>The names of the sheets in the file, in workbook order (a CSV file has one, named after the file).</summary>
    public static IReadOnlyList<string> SheetNames(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return IsXlsx(bytes) ? XlsxReader.SheetNames(bytes, fileName) : [Path.GetFileNameWithoutExtension(fileName)];
    }

    /// <summary>Reads one sheet: the named one, else the first. Throws <see cref="SheetFormatException"/> naming the file (and line or cell).</summary>
    public static Sheet Read(byte[] bytes, string fileName, string? sheetName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.LongLength > MaxBytes)
        {
            throw new SheetFormatException($"{fileName}: the file is larger than {MaxBytes / (1024 * 1024)} MiB; split it");
        }

        if (IsXlsx(bytes))
        {
            return XlsxReader.Read(bytes, fileName, sheetName);
        }

        if (sheetName is not null && !string.Equals(sheetName, Path.GetFileNameWithoutExtension(fileName), StringComparison.Ordinal))
        {
            throw new SheetFormatException($"{fileName}: a CSV file has no sheets; leave out the sheet name");
        }

        try
        {
            return new CsvSheet(CsvTable.Parse(bytes, fileName)) { Name = Path.GetFileNameWithoutExtension(fileName) };
        }
        catch (LinkageInputException e)
        {
            throw new SheetFormatException(e.Message, e);
        }
    }

    /// <summary>"A", "B", … "Z", "AA": the spreadsheet letter of a 0-based column.</summary>
    public static string ColumnLetter(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        var letters = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>How a sheet names a place in it: "line 4" in a CSV file, "sheet 'People', row 4" in a workbook.</summary>
    public static string Where(Sheet sheet, string fileName, int number)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return sheet is CsvSheet
            ? string.Create(CultureInfo.InvariantCulture, $"{fileName}, line {number}")
            : string.Create(CultureInfo.InvariantCulture, $"{fileName}, sheet '{sheet.Name}', row {number}");
    }
}
