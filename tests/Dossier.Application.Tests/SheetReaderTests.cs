using System.Text;
using Dossier.Application.Exchange.Sheets;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Application.Tests;

/// <summary>CSV and XLSX read into sheets: every cell type the SDK writes, dates from serials in both date systems, headers, row numbers.</summary>
public class SheetReaderTests
{
    private static TestCell.Inline Inline(string text) => new(text);

    [Fact]
    public void An_xlsx_sheet_reads_shared_and_inline_strings_numbers_booleans_dates_and_gaps()
    {
        var bytes = TestWorkbook.Write(
            ["id", "Name", "نام خانوادگی", "Born", "Count", "Alive"],
            [Inline("p1"), "Ali Rezaei", "رضایی", new TestCell.Date(32354), new TestCell.Number(42), new TestCell.Bool(false)],
            [Inline("p2"), null, "احمدی", new TestCell.Date(36526, "dd/mm/yyyy"), new TestCell.Number(2.5), null],
            [Inline("p3"), "Time", null, new TestCell.Date(32354.4375), new TestCell.Date(7, "[Red]0.00"), new TestCell.Bool(true)]);

        var sheet = SheetBook.Read(bytes, "people.xlsx");

        sheet.Header.ShouldBe(["id", "Name", "نام خانوادگی", "Born", "Count", "Alive"]);
        sheet.RowCount.ShouldBe(3);
        sheet.RowWord.ShouldBe("row");
        Enumerable.Range(0, 3).Select(sheet.NumberOf).ShouldBe([2, 3, 4]);
        sheet[0, 1].ShouldBe(new CellValue(CellKind.Text, "Ali Rezaei"));
        sheet[0, 2].Text.ShouldBe("رضایی");
        sheet[0, 3].ShouldBe(new CellValue(CellKind.Date, "1988-07-30"));
        sheet[0, 4].ShouldBe(new CellValue(CellKind.Number, "42"));
        sheet[0, 5].ShouldBe(new CellValue(CellKind.Boolean, "false"));
        sheet[1, 1].IsEmpty.ShouldBeTrue();
        sheet[1, 3].ShouldBe(new CellValue(CellKind.Date, "2000-01-01"));
        sheet[1, 4].Text.ShouldBe("2.5");
        sheet[1, 5].IsEmpty.ShouldBeTrue();
        sheet[2, 3].ShouldBe(new CellValue(CellKind.Date, "1988-07-30T10:30:00"));
        // A colour in brackets is no date: the format's letters inside [] do not count.
        sheet[2, 4].ShouldBe(new CellValue(CellKind.Number, "7"));
        sheet[2, 5].Text.ShouldBe("true");
    }

    [Theory]
    [InlineData(1, "1900-01-01")]
    [InlineData(59, "1900-02-28")]
    [InlineData(61, "1900-03-01")]
    [InlineData(25569, "1970-01-01")]
    [InlineData(32354, "1988-07-30")]
    [InlineData(36526, "2000-01-01")]
    [InlineData(45658, "2025-01-01")]
    public void Serials_of_the_1900_system_are_the_days_excel_shows(double serial, string date)
    {
        var sheet = SheetBook.Read(TestWorkbook.Write(["d"], [new TestCell.Date(serial)]), "d.xlsx");

        sheet[0, 0].ShouldBe(new CellValue(CellKind.Date, date));
    }

    [Fact]
    public void Day_60_of_the_1900_system_is_the_29_february_that_never_was_and_stays_text()
    {
        var sheet = SheetBook.Read(TestWorkbook.Write(["d"], [new TestCell.Date(60)]), "d.xlsx");

        sheet[0, 0].ShouldBe(new CellValue(CellKind.Text, "1900-02-29"));
    }

    [Theory]
    [InlineData(0, "1904-01-01")]
    [InlineData(35064, "2000-01-01")]
    [InlineData(30892, "1988-07-30")]
    public void Serials_of_the_1904_system_count_from_1_january_1904(double serial, string date)
    {
        var bytes = TestWorkbook.Write([("Dates", [["d"], [new TestCell.Date(serial)]])], date1904: true);

        SheetBook.Read(bytes, "mac.xlsx")[0, 0].ShouldBe(new CellValue(CellKind.Date, date));
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("d/m/yy h:mm", true)]
    [InlineData("[$-fa-IR]yyyy/mm/dd", true)]
    [InlineData("0.00", false)]
    [InlineData("#,##0;[Red]-#,##0", false)]
    [InlineData("\"day\" 0", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("General", false)]
    public void A_custom_format_is_a_date_when_it_has_date_letters_outside_quotes_and_brackets(string code, bool date) =>
        XlsxReader.IsDateCode(code).ShouldBe(date);

    [Fact]
    public void Sheets_are_listed_in_order_and_one_is_read_by_name()
    {
        var bytes = TestWorkbook.Write([("Notes", [["x"], ["y"]]), ("قربانیان", [["id", "نام"], [Inline("v1"), "حسین"]])]);

        SheetBook.SheetNames(bytes, "book.xlsx").ShouldBe(["Notes", "قربانیان"]);
        var sheet = SheetBook.Read(bytes, "book.xlsx", "قربانیان");
        sheet.Name.ShouldBe("قربانیان");
        sheet[0, 1].Text.ShouldBe("حسین");
        var missing = Should.Throw<SheetFormatException>(() => SheetBook.Read(bytes, "book.xlsx", "Victims"));
        missing.Message.ShouldContain("no sheet 'Victims'");
        missing.Message.ShouldContain("Notes, قربانیان");
    }

    [Fact]
    public void A_header_lower_down_gives_the_rows_their_own_numbers_and_blank_header_cells_their_letters()
    {
        var bytes = TestWorkbook.Write([("S", [["id", null, "name"], [Inline("a"), "x", "y"], [], [Inline("b"), null, "z"]])], firstRow: 3);

        var sheet = SheetBook.Read(bytes, "low.xlsx");

        sheet.HeaderRow.ShouldBe(3);
        sheet.Header.ShouldBe(["id", "B", "name"]);
        sheet.RowCount.ShouldBe(2);
        sheet.NumberOf(1).ShouldBe(6);
        SheetBook.Where(sheet, "low.xlsx", 6).ShouldBe("low.xlsx, sheet 'S', row 6");
    }

    [Fact]
    public void A_csv_file_with_a_bom_quoted_commas_and_line_breaks_and_persian_text_reads_by_line()
    {
        var text = "id,name,note\r\nv1,\"Rezaei, Ali\",\"two\nlines\"\r\nv2,مریم احمدی,\"he said \"\"no\"\"\"\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var sheet = SheetBook.Read(bytes, "list.csv");

        sheet.Header.ShouldBe(["id", "name", "note"]);
        sheet[0, 1].Text.ShouldBe("Rezaei, Ali");
        sheet[0, 2].Text.ShouldBe("two\nlines");
        sheet[1, 1].Text.ShouldBe("مریم احمدی");
        sheet[1, 2].Text.ShouldBe("he said \"no\"");
        sheet.NumberOf(1).ShouldBe(4);
        SheetBook.Where(sheet, "list.csv", 4).ShouldBe("list.csv, line 4");
    }

    [Fact]
    public void A_file_that_is_neither_utf8_csv_nor_a_workbook_is_refused_with_its_name()
    {
        Should.Throw<SheetFormatException>(() => SheetBook.Read([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x0a], "latin1.csv")).Message.ShouldContain("latin1.csv");
        Should.Throw<SheetFormatException>(() => SheetBook.Read([(byte)'P', (byte)'K', 3, 4, 0, 0, 0], "broken.xlsx")).Message.ShouldContain("broken.xlsx: not an XLSX workbook");
    }

    [Theory]
    [InlineData("Name", "name")]
    [InlineData("نام خانوادگی", "name.family")]
    [InlineData("نام‌خانوادگی", "name.family")]
    [InlineData("نام", "name.given")]
    [InlineData("Date of birth", "born")]
    [InlineData("تاريخ تولد", "born")]
    [InlineData("Date of death", "died")]
    [InlineData("SOURCES", "sources")]
    [InlineData("Version", "version")]
    [InlineData("favourite colour", null)]
    public void A_person_column_is_guessed_from_its_header_in_english_or_persian(string header, string? field) =>
        SheetFields.Guess(RecordKind.Person, header).ShouldBe(field);

    [Fact]
    public void A_member_name_is_recognised_in_any_spelling()
    {
        SheetFields.Guess(RecordKind.Act, "Place_ID").ShouldBe("placeId");
        SheetFields.Guess(RecordKind.Act, "victim id").ShouldBe("victimId");
        SheetFields.Guess(RecordKind.Act, "born").ShouldBeNull();
    }

    [Fact]
    public void A_claims_fields_reach_one_level_into_its_quantity()
    {
        var fields = SheetFields.For(RecordKind.Claim).Select(f => f.Path).ToList();

        fields.ShouldContain("quantity.value");
        fields.ShouldContain("quantity.qualifier");
        fields.ShouldContain("subjects");
        fields.ShouldNotContain("quantity");
    }
}
