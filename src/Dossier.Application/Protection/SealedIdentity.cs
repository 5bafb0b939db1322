using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Application.Protection;

/// <summary>Who a sealed subject is to the case: a protected witness (W-001) or an at-risk source (S-001).</summary>
public enum SubjectCategory
{
    Witness,
    Source,
}

/// <summary>A photo of a protected person, kept only inside the sealed payload.</summary>
public sealed record SealedPhoto(string MediaType, byte[] Bytes)
{
    public override string ToString() => $"photo ({MediaType}, {Bytes.Length} bytes)";
}

/// <summary>
/// The real identity behind a pseudonym. It exists in plaintext only in memory: it is encrypted before
/// anything is written and decrypted only for an authorised, audited unseal.
/// </summary>
public sealed record SealedIdentity
{
    /// <summary>Names in every script known (original script, romanisations, aliases).</summary>
    public IReadOnlyList<PersonName> Names { get; init; } = [];

    public string? Contact { get; init; }

    public string? Location { get; init; }

    public IReadOnlyList<SealedPhoto> Photos { get; init; } = [];

    public string? Notes { get; init; }

    /// <summary>True for invented identities (demo, tests).</summary>
    public bool Synthetic { get; init; }

    // A record's generated ToString prints every member; this one must never reach a log or an error.
    public override string ToString() => "SealedIdentity (content withheld)";
}

/// <summary>The payload's serialised form: JSON, padded so the ciphertext length hints little at the names' length.</summary>
internal static class SealedIdentityJson
{
    private const int PadTo = 256;

    public static byte[] ToPaddedUtf8(SealedIdentity identity) =>
        Pad(JsonSerializer.SerializeToUtf8Bytes(identity, RecordJson.Options));

    /// <summary>
    /// Pads JSON with spaces to a multiple of 256 bytes, so a ciphertext's length says little about its content, and
    /// zeroes the unpadded copy. Trailing spaces are JSON whitespace: the parser ignores them.
    /// </summary>
    public static byte[] Pad(byte[] json)
    {
        var padded = new byte[(json.Length / PadTo + 1) * PadTo];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(json);
        return padded;
    }

    public static SealedIdentity FromUtf8(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<SealedIdentity>(bytes, RecordJson.Options)
        ?? throw new JsonException("The sealed payload is empty.");
}
