using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dossier.Testing;

/// <summary>A cell of a test workbook, written the way spreadsheet programs write it.</summary>
public abstract record TestCell
{
    /// <summary>Text kept once in the shared-strings table (what Excel writes).</summary>
    public sealed record Shared(string Text) : TestCell;

    /// <summary>Text inside the cell (what some exporters write).</summary>
    public sealed record Inline(string Text) : TestCell;

    public sealed record Number(double Value) : TestCell;

    /// <summary>A serial day number shown in a date format: the built-in m/d/yyyy (14), or a custom code.</summary>
    public sealed record Date(double Serial, string? Format = null) : TestCell;

    public sealed record Bool(bool Value) : TestCell;

    public static implicit operator TestCell(string text) => new Shared(text);
}

/// <summary>
/// Writes XLSX workbooks for tests with the Open XML SDK: shared and inline strings, numbers, booleans,
/// date serials in built-in and custom date formats, gaps (a null cell is simply not written), several
/// sheets, and the 1904 date system. The test knows each cell's truth because it wrote it.
/// </summary>
public static class TestWorkbook
{
    public static byte[] Write(IReadOnlyList<(string Name, IReadOnlyList<IReadOnlyList<TestCell?>> Rows)> sheets, bool date1904 = false, int firstRow = 1)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            if (date1904)
            {
                workbook.Workbook.AppendChild(new WorkbookProperties { Date1904 = true });
            }

            var shared = new List<string>();
            var customFormats = sheets.SelectMany(s => s.Rows).SelectMany(r => r).OfType<TestCell.Date>()
                .Select(d => d.Format).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles(customFormats);
            var sheetList = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Count; r++)
                {
                    var number = (uint)(firstRow + r);
                    var row = new Row { RowIndex = number };
                    for (var c = 0; c < rows[r].Count; c++)
                    {
                        if (rows[r][c] is { } cell)
                        {
                            row.AppendChild(Cell(cell, $"{Letter(c)}{number}", shared, customFormats));
                        }
                    }

                    data.AppendChild(row);
                }

                part.Worksheet = new Worksheet(data);
                sheetList.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            var table = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = table;
        }

        return stream.ToArray();
    }

    /// <summary>One sheet named Sheet1.</summary>
    public static byte[] Write(params IReadOnlyList<TestCell?>[] rows) => Write([("Sheet1", rows)]);

    private static Cell Cell(TestCell cell, string reference, List<string> shared, List<string> customFormats) => cell switch
    {
        TestCell.Shared s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Index(shared, s.Text).ToString(CultureInfo.InvariantCulture)) },
        TestCell.Inline i => new Cell(new InlineString(new Text(i.Text))) { CellReference = reference, DataType = CellValues.InlineString },
        TestCell.Number n => new Cell { CellReference = reference, CellValue = new CellValue(n.Value.ToString(CultureInfo.InvariantCulture)) },
        // Style 1 shows the built-in date format 14; styles 2… the custom codes in order.
        TestCell.Date d => new Cell
        {
            CellReference = reference,
            StyleIndex = d.Format is null ? 1u : (uint)(2 + customFormats.IndexOf(d.Format)),
            CellValue = new CellValue(d.Serial.ToString(CultureInfo.InvariantCulture)),
        },
        TestCell.Bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b.Value ? "1" : "0") },
        _ => throw new ArgumentOutOfRangeException(nameof(cell)),
    };

    private static int Index(List<string> shared, string text)
    {
        var index = shared.IndexOf(text);
        if (index < 0)
        {
            shared.Add(text);
            index = shared.Count - 1;
        }

        return index;
    }

    private static Stylesheet Styles(List<string> customFormats)
    {
        var formats = new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true });
        var numbering = new NumberingFormats();
        for (var i = 0; i < customFormats.Count; i++)
        {
            numbering.AppendChild(new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = customFormats[i] });
            formats.AppendChild(new CellFormat { NumberFormatId = (uint)(164 + i), ApplyNumberFormat = true });
        }

        return new Stylesheet(
            numbering,
            new Fonts(new Font()),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellStyleFormats(new CellFormat()),
            formats);
    }

    private static string Letter(int column)
    {
        var letters = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
