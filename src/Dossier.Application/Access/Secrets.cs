using System.Security.Cryptography;
using System.Text;

namespace Dossier.Application.Access;

/// <summary>Random secrets people are given once (passwords, recovery codes, API tokens) and how they are kept.</summary>
public static class Secrets
{
    // No 0/O, 1/l/I: these are read off a screen and typed.
    private const string Readable = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public const string TokenPrefix = "dsr_";

    /// <summary>A one-time password of 20 characters from a 56-letter alphabet (about 116 bits).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(Readable, 20);

    /// <summary>A recovery code like "k7qm-x2rt-9vbc" (about 70 bits).</summary>
    public static string NewRecoveryCode()
    {
        var raw = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 12);
        return $"{raw[..4]}-{raw[4..8]}-{raw[8..]}";
    }

    /// <summary>A browser session's id: 256 random bits in lower-case hex. It travels inside the encrypted cookie; the server keeps its digest.</summary>
    public static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>An API token: a prefix that secret scanners can spot, then 256 random bits.</summary>
    public static string NewToken() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The stored form of a high-entropy secret (token or recovery code). A fast hash is enough here because
    /// the secret itself has 70+ random bits; passwords, chosen by people, get the slow Identity hash instead.
    /// </summary>
    public static string Digest(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(secret))));

    /// <summary>Recovery codes are accepted with or without dashes and in any case.</summary>
    private static string Normalize(string secret) =>
        secret.StartsWith(TokenPrefix, StringComparison.Ordinal) ? secret : secret.Replace("-", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
