using System.Text;
using Dossier.Ledger.Canonical;

namespace Dossier.Ledger.Tests;

/// <summary>RFC 8785 examples and the ECMAScript number forms it requires (RFC 8785 §3.2.2.3, Appendix B).</summary>
public class JsonCanonicalizerTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(4.35, "4.35")]
    [InlineData(0.002, "0.002")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    public void Numbers_take_their_ECMAScript_form(double value, string expected) =>
        JsonCanonicalizer.FormatNumber(value).ShouldBe(expected);

    [Fact]
    public void Negative_zero_is_written_as_zero() => JsonCanonicalizer.FormatNumber(-0.0).ShouldBe("0");

    [Fact]
    public void The_RFC_8785_sorting_example_orders_members_by_UTF16_code_units()
    {
        const string input = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""";

        var output = Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input)));

        output.ShouldBe("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    [Fact]
    public void Canonicalization_is_idempotent_and_ignores_whitespace()
    {
        var once = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes("{ \"b\" : [ 1 , 2.0 ] ,\n \"a\" : \"\\u0041\" }"));

        Encoding.UTF8.GetString(once).ShouldBe("{\"a\":\"A\",\"b\":[1,2]}");
        JsonCanonicalizer.Canonicalize(once).ShouldBe(once);
    }
}
