using System.Security.Cryptography;
using System.Text;

namespace Dossier.Application.Protection;

/// <summary>The ciphertext of one sealed identity as the ledger keeps it.</summary>
public sealed record SealedPayload(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// A subject's data key wrapped by a master key, as the identity_keys table keeps it (never in the ledger).
/// <see cref="Wrapped"/> is the AES-GCM ciphertext of the 32-byte key followed by its 16-byte tag.
/// </summary>
public sealed record WrappedKey(string SubjectId, string DekId, string MasterKeyId, byte[] Nonce, byte[] Wrapped);

/// <summary>
/// The two AES-256-GCM layers of ADR 0801, BCL primitives only: the payload under a fresh per-subject
/// data key (DEK), and the DEK under the master key. Each layer's associated data binds it to its
/// subject, so neither a ciphertext nor a wrapped key can be moved to another subject unnoticed.
/// </summary>
internal static class IdentityCrypto
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const string Algorithm = "AES-256-GCM";

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(KeySize);

    public static string NewDekId() => "dek-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static SealedPayload Encrypt(byte[] dataKey, ReadOnlySpan<byte> plaintext, string subjectId, string pseudonym, string dekId) =>
        Encrypt(dataKey, plaintext, PayloadAad(subjectId, pseudonym, dekId));

    /// <summary>Decrypts a payload; throws <see cref="AuthenticationTagMismatchException"/> when anything was altered.</summary>
    public static byte[] Decrypt(byte[] dataKey, SealedPayload payload, string subjectId, string pseudonym, string dekId) =>
        Decrypt(dataKey, payload, PayloadAad(subjectId, pseudonym, dekId));

    /// <summary>A statement's words under its witness's data key, bound to the statement and the witness (issue 14 §1).</summary>
    public static SealedPayload EncryptStatement(byte[] dataKey, ReadOnlySpan<byte> plaintext, string statementId, string witnessId, string dekId) =>
        Encrypt(dataKey, plaintext, StatementAad(statementId, witnessId, dekId));

    public static byte[] DecryptStatement(byte[] dataKey, SealedPayload payload, string statementId, string witnessId, string dekId) =>
        Decrypt(dataKey, payload, StatementAad(statementId, witnessId, dekId));

    private static SealedPayload Encrypt(byte[] dataKey, ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return new SealedPayload(nonce, ciphertext, tag);
    }

    private static byte[] Decrypt(byte[] dataKey, SealedPayload payload, byte[] associatedData)
    {
        var plaintext = new byte[payload.Ciphertext.Length];
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Decrypt(payload.Nonce, payload.Ciphertext, payload.Tag, plaintext, associatedData);
        return plaintext;
    }

    public static WrappedKey Wrap(MasterKey master, byte[] dataKey, string subjectId, string dekId)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var wrapped = new byte[KeySize + TagSize];
        using var aes = new AesGcm(master.KeyBytes, TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(0, KeySize), wrapped.AsSpan(KeySize), WrapAad(subjectId, dekId, master.Id));
        return new WrappedKey(subjectId, dekId, master.Id, nonce, wrapped);
    }

    /// <summary>Unwraps a data key; throws <see cref="AuthenticationTagMismatchException"/> for the wrong key or an altered row.</summary>
    public static byte[] Unwrap(MasterKey master, WrappedKey key)
    {
        if (key.Wrapped.Length != KeySize + TagSize || key.Nonce.Length != NonceSize)
        {
            throw new AuthenticationTagMismatchException("The wrapped key has the wrong length.");
        }

        var dataKey = new byte[KeySize];
        using var aes = new AesGcm(master.KeyBytes, TagSize);
        aes.Decrypt(key.Nonce, key.Wrapped.AsSpan(0, KeySize), key.Wrapped.AsSpan(KeySize), dataKey, WrapAad(key.SubjectId, key.DekId, master.Id));
        return dataKey;
    }

    // Versioned labels keep the two layers' associated data apart and leave room for a new scheme.
    private static byte[] PayloadAad(string subjectId, string pseudonym, string dekId) =>
        Encoding.UTF8.GetBytes($"dossier/identity/v1\n{subjectId}\n{pseudonym}\n{dekId}");

    private static byte[] StatementAad(string statementId, string witnessId, string dekId) =>
        Encoding.UTF8.GetBytes($"dossier/statement/v1\n{statementId}\n{witnessId}\n{dekId}");

    private static byte[] WrapAad(string subjectId, string dekId, string masterKeyId) =>
        Encoding.UTF8.GetBytes($"dossier/dek-wrap/v1\n{subjectId}\n{dekId}\n{masterKeyId}");
}
