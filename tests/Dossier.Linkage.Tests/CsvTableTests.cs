using System.Text;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(Encoding.UTF8.GetBytes(text), "test.csv");

    [Fact]
    public void Parse_should_trim_spaces_after_commas_and_read_crlf_line_ends()
    {
        var table = Parse("rec_id, given_name, surname\r\nrec-1-org, , waller\r\nrec-2-org, lachlan, berry\r\n");
        table.Header.ShouldBe(["rec_id", "given_name", "surname"]);
        table.RowCount.ShouldBe(2);
        table[0, 1].ShouldBe(string.Empty);
        table[0, 2].ShouldBe("waller");
        table[1, 1].ShouldBe("lachlan");
        table.LineOf(1).ShouldBe(3);
    }

    [Fact]
    public void Parse_should_read_quoted_fields_with_commas_doubled_quotes_and_line_breaks()
    {
        var table = Parse("id,name,note\n1,\"Nouri, Hamid\",\"said \"\"no\"\"\"\n2,نوری,\"two\nlines\"\n3,x,y");
        table.RowCount.ShouldBe(3);
        table[0, 1].ShouldBe("Nouri, Hamid");
        table[0, 2].ShouldBe("said \"no\"");
        table[1, 1].ShouldBe("نوری");
        table[1, 2].ShouldBe("two\nlines");
        table.LineOf(2).ShouldBe(5);
    }

    [Fact]
    public void Parse_should_skip_a_byte_order_mark_and_blank_lines()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("id,name\n\n1,a\n\n")).ToArray();
        var table = CsvTable.Parse(bytes, "bom.csv");
        table.Header[0].ShouldBe("id");
        table.RowCount.ShouldBe(1);
    }

    [Fact]
    public void Parse_should_name_the_line_of_a_ragged_row()
    {
        var error = Should.Throw<LinkageInputException>(() => Parse("id,a,b\n1,x,y\n2,x\n"));
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("test.csv, line 3");
        error.Message.ShouldContain("2 fields but the header has 3");
    }

    [Fact]
    public void Parse_should_name_the_line_of_bytes_that_are_not_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name\n1,ok\n").Concat(new byte[] { (byte)'2', (byte)',', 0xE9, (byte)'\n' }).ToArray();
        var error = Should.Throw<LinkageInputException>(() => CsvTable.Parse(bytes, "latin1.csv"));
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("UTF-8");
        error.Message.ShouldContain("0xE9");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Parse_should_reject_an_empty_file(string text)
    {
        Should.Throw<LinkageInputException>(() => Parse(text)).Message.ShouldContain("empty");
    }

    [Fact]
    public void Parse_should_reject_a_column_name_given_twice()
    {
        var error = Should.Throw<LinkageInputException>(() => Parse("id,name,name\n1,a,b\n"));
        error.Column.ShouldBe("name");
        error.Message.ShouldContain("appears twice");
    }

    [Fact]
    public void Parse_should_name_the_line_where_an_unclosed_quote_starts()
    {
        var error = Should.Throw<LinkageInputException>(() => Parse("id,name\n1,a\n2,\"never closed\n3,b\n"));
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("never closed");
    }

    [Fact]
    public void Parse_should_keep_one_copy_of_each_distinct_value()
    {
        var table = Parse("id,city\n1,tehran\n2,tehran\n3,shiraz\n4,\n");
        table.DistinctValues(1).Count.ShouldBe(3);
        table.ValueIds(1).ToArray().ShouldBe([1, 1, 2, 0]);
    }
}
