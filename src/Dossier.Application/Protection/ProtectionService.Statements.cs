using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Application.Protection;

/// <summary>A statement's words: its text and translations, what is sealed for a protected witness.</summary>
public sealed record StatementContent(string? Text, IReadOnlyList<StatementTranslation> Translations)
{
    public static StatementContent Of(Statement statement) => new(statement.Text, statement.Translations);
}

/// <summary>Whether a statement's words could be read.</summary>
public enum StatementAccess
{
    /// <summary>The statement is not sealed: its words are in the record.</summary>
    Plain,

    /// <summary>Sealed, and opened with the witness's key.</summary>
    Opened,

    /// <summary>The witness's key was destroyed (erasure): the words are gone for everyone.</summary>
    Shredded,

    /// <summary>The master key that wraps the witness's key is not available here.</summary>
    KeyUnavailable,

    /// <summary>The ciphertext or its key failed authentication.</summary>
    Tampered,
}

/// <summary>
/// Statements of protected witnesses (issue 14 §1; ADR 1402): their text and translations are encrypted under the
/// witness's own data key, the one that seals the identity, so an erasure of the witness shreds their words too.
/// Opening a statement is not an unseal: it shows no identity, and whoever may read the statement record may
/// read its words.
/// </summary>
public sealed partial class ProtectionService
{
    /// <summary>The sealed subject a witness id names, when it is one.</summary>
    public Task<SealedSubject?> WitnessAsync(string witnessId, CancellationToken cancellationToken) => _sealed.GetSubjectAsync(witnessId, cancellationToken);

    /// <summary>
    /// Seals a statement's words under its witness's key — a stored one, or one of <paramref name="pending"/> (sealed in
    /// the same import); null when the witness's key is gone or cannot be unwrapped here.
    /// </summary>
    public async Task<(SealedText? Sealed, StatementAccess Status)> SealStatementAsync(
        string statementId, string witnessId, StatementContent content, CancellationToken cancellationToken, PreparedSeals? pending = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (dataKey, dekId, status) = pending?.DataKeyOf(witnessId) is { } prepared
            ? (prepared.DataKey, prepared.DekId, StatementAccess.Opened)
            : await DataKeyOfAsync(witnessId, cancellationToken);
        if (dataKey is null)
        {
            return (null, status);
        }

        var plaintext = SealedIdentityJson.Pad(JsonSerializer.SerializeToUtf8Bytes(content, RecordJson.Options));
        try
        {
            var payload = IdentityCrypto.EncryptStatement(dataKey, plaintext, statementId, witnessId, dekId!);
            return (new SealedText(dekId!, Convert.ToBase64String(payload.Nonce), Convert.ToBase64String(payload.Ciphertext), Convert.ToBase64String(payload.Tag)), StatementAccess.Opened);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Opens a sealed statement of <paramref name="witnessId"/>; a plain statement is returned as it is.</summary>
    public async Task<(StatementContent? Content, StatementAccess Status)> OpenStatementAsync(Statement statement, string witnessId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Sealed is not { } sealedText)
        {
            return (StatementContent.Of(statement), StatementAccess.Plain);
        }

        var (dataKey, dekId, status) = await DataKeyOfAsync(witnessId, cancellationToken);
        if (dataKey is null)
        {
            return (null, status);
        }

        try
        {
            if (!string.Equals(dekId, sealedText.DekId, StringComparison.Ordinal))
            {
                return (null, StatementAccess.Tampered);
            }

            var payload = new SealedPayload(Convert.FromBase64String(sealedText.Nonce), Convert.FromBase64String(sealedText.Ciphertext), Convert.FromBase64String(sealedText.Tag));
            var plaintext = IdentityCrypto.DecryptStatement(dataKey, payload, statement.Id, witnessId, sealedText.DekId);
            return (JsonSerializer.Deserialize<StatementContent>(plaintext, RecordJson.Options), StatementAccess.Opened);
        }
        catch (Exception exception) when (exception is AuthenticationTagMismatchException or CryptographicException or FormatException or JsonException)
        {
            return (null, StatementAccess.Tampered);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private async Task<(byte[]? DataKey, string? DekId, StatementAccess Status)> DataKeyOfAsync(string witnessId, CancellationToken cancellationToken)
    {
        var subject = await _sealed.GetSubjectAsync(witnessId, cancellationToken);
        var key = subject is null ? null : await _sealed.GetKeyAsync(witnessId, cancellationToken);
        if (subject is null || subject.Erased || key is null)
        {
            return (null, null, StatementAccess.Shredded);
        }

        try
        {
            var dataKey = await UnwrapAsync(key, cancellationToken);
            return dataKey is null ? (null, null, StatementAccess.KeyUnavailable) : (dataKey, key.DekId, StatementAccess.Opened);
        }
        catch (Exception exception) when (exception is AuthenticationTagMismatchException or CryptographicException)
        {
            return (null, null, StatementAccess.Tampered);
        }
    }
}
