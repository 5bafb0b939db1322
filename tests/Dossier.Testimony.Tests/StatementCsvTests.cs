using System.Text;

namespace Dossier.Testimony.Tests;

/// <summary>Issue 14, "Bad input": each problem is named by file, line and field.</summary>
public sealed class StatementCsvTests
{
    private const string Header = "statement_id,witness_id,allegation_id,stance,interviewer,intermediary,organization,language,text\n";

    private static IReadOnlyList<Statement> Read(string csv) => StatementCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "statements.csv");

    private static string Fails(string csv) => Should.Throw<TestimonyInputException>(() => Read(csv)).Message;

    [Fact]
    public void A_good_file_reads_with_quoted_text_line_breaks_and_lines()
    {
        var statements = Read(Header + "s1,w1,a1,supports,iv,,org,fa,\"متن، با \"\"نقل\"\"\nو خط دوم\"\r\ns2,w2,a1,contradicts,iv,int,org,en-GB,plain\n");

        statements.Count.ShouldBe(2);
        statements[0].Text.ShouldBe("متن، با \"نقل\"\nو خط دوم");
        statements[1].Line.ShouldBe(4);
        statements[1].Stance.ShouldBe(Stance.Contradicts);
        statements[1].Intermediary.ShouldBe("int");
    }

    [Fact]
    public void A_missing_column_is_named_on_line_1() =>
        Fails("statement_id,witness_id,allegation_id,stance,interviewer,organization,language,text\n")
            .ShouldStartWith("statements.csv, line 1, field 'intermediary': the header has no such column");

    [Fact]
    public void An_unknown_stance_is_named_with_its_line() =>
        Fails(Header + "s1,w1,a1,supports,,,,en,t\ns2,w1,a1,endorses,,,,en,t\n").ShouldStartWith("statements.csv, line 3, field 'stance': unknown stance");

    [Fact]
    public void A_duplicate_id_names_both_lines() =>
        Fails(Header + "s1,w1,a1,supports,,,,en,t\ns1,w2,a1,supports,,,,en,t\n").ShouldBe("statements.csv, line 3, field 'statement_id': the same id is already on line 2; ids must be unique");

    [Fact]
    public void Invalid_utf8_is_named_with_its_line_and_field()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "s1,w1,a1,supports,,,,fa,").Concat(new byte[] { 0xD9, 0x20, 0xFF }).Concat("\n"u8.ToArray()).ToArray();

        Should.Throw<TestimonyInputException>(() => StatementCsv.Read(new MemoryStream(bytes), "statements.csv"))
            .Message.ShouldBe("statements.csv, line 2, field 'text': is not valid UTF-8; save the file as UTF-8");
    }

    [Fact]
    public void A_500_MB_text_field_stops_the_read_at_the_limit_without_reading_it_all()
    {
        var stream = new EndlessField(Encoding.UTF8.GetBytes(Header + "s1,w1,a1,supports,,,,en,\""), 500L * 1024 * 1024);

        var error = Should.Throw<TestimonyInputException>(() => StatementCsv.Read(stream, "statements.csv"));

        error.Message.ShouldStartWith("statements.csv, line 2, field 'text': is longer than 1,048,576 bytes");
        stream.Position.ShouldBeLessThan(4L * 1024 * 1024);
    }

    [Theory]
    [InlineData("s1,,a1,supports,,,,en,t", "line 2, field 'witness_id': is empty")]
    [InlineData("s1,w1,a1,supports,,,,english!,t", "line 2, field 'language': is not a BCP 47 language tag")]
    [InlineData("s1,w1,a1,supports,,,,en", "line 2: the row has 8 fields but the header has 9")]
    [InlineData("s1,w1,a1,supports,,,,en,\"never closed", "line 2, field 'text': a quoted field is never closed")]
    public void Other_problems_are_named_too(string row, string expected) =>
        Fails(Header + row + "\n").ShouldContain(expected);

    [Fact]
    public void An_empty_file_says_so() => Fails(string.Empty).ShouldBe("statements.csv, line 1: the file is empty (no header row)");

    /// <summary>A prefix followed by as many 'a' bytes as asked for, made as they are read.</summary>
    private sealed class EndlessField(byte[] prefix, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => prefix.Length + length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, Length - _position);
            for (var i = 0; i < n; i++, _position++)
            {
                buffer[offset + i] = _position < prefix.Length ? prefix[_position] : (byte)'a';
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
