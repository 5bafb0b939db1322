using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Access;

namespace Dossier.Application.Tests;

public class TotpTests
{
    // RFC 6238 Appendix B: the seeds and the eight-digit codes the RFC prints (an external oracle).
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixTime, string sha1, string sha256, string sha512)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));

        Totp.Code(Sha1Seed, step, 8).ShouldBe(sha1);
        Totp.Code(Sha256Seed, step, 8, HashAlgorithmName.SHA256).ShouldBe(sha256);
        Totp.Code(Sha512Seed, step, 8, HashAlgorithmName.SHA512).ShouldBe(sha512);
    }

    [Fact]
    public void A_code_is_accepted_one_step_either_side_but_never_twice()
    {
        var secret = Totp.NewSecret();
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var step = Totp.StepAt(now);

        Totp.Match(secret, Totp.Code(secret, step - 1), now, -1).ShouldBe(step - 1);
        Totp.Match(secret, Totp.Code(secret, step + 1), now, -1).ShouldBe(step + 1);
        Totp.Match(secret, Totp.Code(secret, step - 2), now, -1).ShouldBeNull();
        // Replay: the step was already used.
        Totp.Match(secret, Totp.Code(secret, step), now, step).ShouldBeNull();
        Totp.Match(secret, "12345", now, -1).ShouldBeNull();
        Totp.Match(secret, "abcdef", now, -1).ShouldBeNull();
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_matches_the_RFC_4648_test_vectors(string text, string encoded)
    {
        Base32.Encode(Encoding.ASCII.GetBytes(text)).ShouldBe(encoded);
        Encoding.ASCII.GetString(Base32.Decode(encoded)).ShouldBe(text);
    }

    [Fact]
    public void Recovery_codes_match_with_or_without_dashes_and_in_any_case()
    {
        var code = Secrets.NewRecoveryCode();

        Secrets.Digest(code.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ShouldBe(Secrets.Digest(code));
        Secrets.Digest(Secrets.NewRecoveryCode()).ShouldNotBe(Secrets.Digest(code));
    }
}
