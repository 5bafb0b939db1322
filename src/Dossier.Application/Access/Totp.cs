using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dossier.Application.Access;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 30-second steps, six
/// digits — what every authenticator app expects. The HMAC is the base library's; this class only
/// does the RFC's truncation and the time arithmetic.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>How many steps either side of now a code is still accepted (clock drift of phones).</summary>
    public const int Window = 1;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for one time step, <paramref name="digits"/> long (RFC 4226 dynamic truncation).</summary>
    public static string Code(ReadOnlySpan<byte> secret, long step, int digits = Digits, HashAlgorithmName? algorithm = null)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[64];
        var name = algorithm ?? HashAlgorithmName.SHA1;
        var written = name == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(secret, counter, mac)
            : name == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(secret, counter, mac)
#pragma warning disable CA5350 // RFC 6238's default and what authenticator apps compute; HMAC-SHA-1 is still a sound PRF.
            : HMACSHA1.HashData(secret, counter, mac);
#pragma warning restore CA5350
        var offset = mac[written - 1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7fffffff) % Pow10(digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The time step a code matches within the window around <paramref name="now"/>, or null. Steps at or
    /// before <paramref name="lastUsedStep"/> are refused, so a code seen once cannot be replayed.
    /// </summary>
    public static long? Match(ReadOnlySpan<byte> secret, string? code, DateTimeOffset now, long lastUsedStep)
    {
        if (code is null)
        {
            return null;
        }

        code = code.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var current = StepAt(now);
        for (var step = current - Window; step <= current + Window; step++)
        {
            if (step > lastUsedStep && CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>A new random 160-bit secret (RFC 4226 recommends at least 128 bits).</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(20);

    /// <summary>The otpauth:// URI authenticator apps read from the enrolment QR code.</summary>
    public static string EnrolmentUri(string issuer, string account, byte[] secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={Base32.Encode(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    private static int Pow10(int digits)
    {
        var result = 1;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}

/// <summary>RFC 4648 base32 without padding, the form authenticator apps take secrets in.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("not base32");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
