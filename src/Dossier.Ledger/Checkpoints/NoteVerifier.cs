using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dossier.Ledger.Checkpoints;

/// <summary>The outcome of checking a signed note against one trusted key.</summary>
public readonly record struct NoteCheck(bool IsValid, string? Text, string? Failure)
{
    public static NoteCheck Valid(string text) => new(true, text, null);

    public static NoteCheck Invalid(string failure) => new(false, null, failure);
}

/// <summary>
/// A public key that checks note signatures: ECDSA P-256 over SHA-256 of the note text, signature type
/// 0x02 of c2sp.org/signed-note, key ID = the first four bytes of SHA-256 of the DER SubjectPublicKeyInfo.
/// Its printable form is "name+keyid(8 hex)+base64(0x02 ‖ SPKI DER)" (see docs/formats/checkpoint.md).
/// </summary>
public sealed class NoteVerifier
{
    /// <summary>The signed-note signature type byte for ECDSA (c2sp.org/signed-note).</summary>
    public const byte EcdsaType = 0x02;

    private readonly byte[] _spki;

    private NoteVerifier(string name, byte[] spki)
    {
        Name = name;
        _spki = spki;
        KeyId = ComputeKeyId(spki);
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The DER SubjectPublicKeyInfo of the P-256 key.</summary>
    public ReadOnlySpan<byte> PublicKey => _spki;

    /// <summary>The printable verifier key, e.g. for <c>dossier key show</c> or a bundle.</summary>
    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([EcdsaType, .. _spki])}";

    internal static NoteVerifier FromPublicKey(string name, byte[] spki) => new(name, spki);

    /// <summary>Parses a verifier key; the error says which field is wrong.</summary>
    public static NoteVerifier Parse(string verifierKey) =>
        TryParse(verifierKey, out var verifier, out var error) ? verifier : throw new FormatException(error);

    public static bool TryParse(string verifierKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NoteVerifier? verifier, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        verifier = null;
        // Base64 may itself contain '+', so only the first two separate fields (names cannot hold '+').
        var parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3 || !NoteKeyName.IsValid(parts[0]))
        {
            error = "verifier key: expected 'name+keyid+base64key'";
            return false;
        }

        if (parts[1].Length != 8 || !uint.TryParse(parts[1], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var claimedId))
        {
            error = "verifier key: the key ID must be 8 hexadecimal digits";
            return false;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            error = "verifier key: the key is not valid base64";
            return false;
        }

        if (key.Length < 2 || key[0] != EcdsaType)
        {
            error = $"verifier key: signature type 0x{(key.Length > 0 ? key[0] : 0):x2} is not supported (only 0x02, ECDSA P-256)";
            return false;
        }

        var spki = key[1..];
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                error = "verifier key: not a DER-encoded P-256 public key";
                return false;
            }
        }
        catch (CryptographicException)
        {
            error = "verifier key: not a DER-encoded P-256 public key";
            return false;
        }

        var candidate = new NoteVerifier(parts[0], spki);
        if (candidate.KeyId != claimedId)
        {
            error = $"verifier key: key ID {parts[1]} does not match the key (expected {candidate.KeyId:x8})";
            return false;
        }

        verifier = candidate;
        error = null;
        return true;
    }

    /// <summary>Checks one signature over <paramref name="text"/>.</summary>
    public bool VerifySignature(string text, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signature);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spki, out _);
        return ecdsa.VerifyData(Encoding.UTF8.GetBytes(text), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// Checks a signed note as c2sp.org/signed-note requires: signatures by other keys are ignored; a
    /// signature with this key's name and ID must verify; at least one must. Returns the note text if so.
    /// </summary>
    public NoteCheck Verify(string signedNote)
    {
        if (!SignedNote.TryParse(signedNote, out var note, out var error))
        {
            return NoteCheck.Invalid(error);
        }

        var ours = note.Signatures.Where(s => s.KeyName == Name && s.KeyId == KeyId).ToList();
        if (ours.Count == 0)
        {
            return NoteCheck.Invalid($"signed note: no signature by the trusted key {Name} ({KeyId:x8})");
        }

        return ours.TrueForAll(s => VerifySignature(note.Text, s.Signature))
            ? NoteCheck.Valid(note.Text)
            : NoteCheck.Invalid($"signed note: the signature by {Name} ({KeyId:x8}) does not verify — the note was altered or signed by another key");
    }

    /// <summary>Key ID for signature type 0x02: SHA-256(SPKI DER)[:4], big-endian (c2sp.org/signed-note).</summary>
    internal static uint ComputeKeyId(ReadOnlySpan<byte> spki) => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(spki));
}
