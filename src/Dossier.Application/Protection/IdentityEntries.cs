using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Ledger;

namespace Dossier.Application.Protection;

/// <summary>
/// Bodies of the identity.* ledger entries (docs/protected-identities.md lists them). None holds
/// plaintext: the sealed entry holds ciphertext, the others who, why and which subject.
/// </summary>
public static class IdentityEntries
{
    /// <summary>Stable names of the causes an <c>identity.access-refused</c> entry records.</summary>
    public static class Causes
    {
        public const string RoleNotAllowed = "role-not-allowed";
        public const string NoReason = "no-reason";
        public const string UnknownSubject = "unknown-subject";
        public const string Erased = "erased";
        public const string KeyUnavailable = "key-unavailable";
        public const string AuthenticationFailed = "authentication-failed";
    }

    /// <summary>Stable names of the operations an <c>identity.access-refused</c> entry names.</summary>
    public static class Operations
    {
        public const string Unseal = "unseal-identity";
        public const string Erase = "erase-identity";
    }

    public static string CategoryName(SubjectCategory category) => category == SubjectCategory.Source ? "source" : "witness";

    public static SubjectCategory ParseCategory(string? name) => name == "source" ? SubjectCategory.Source : SubjectCategory.Witness;

    internal static JsonElement Sealed(string subjectId, string pseudonym, SubjectCategory category, string dekId, SealedPayload payload) => Body(new JsonObject
    {
        ["subject"] = subjectId,
        ["pseudonym"] = pseudonym,
        ["category"] = CategoryName(category),
        ["dekId"] = dekId,
        ["keyVersion"] = 1,
        ["alg"] = IdentityCrypto.Algorithm,
        ["nonce"] = Convert.ToBase64String(payload.Nonce),
        ["ciphertext"] = Convert.ToBase64String(payload.Ciphertext),
        ["tag"] = Convert.ToBase64String(payload.Tag),
    });

    internal static JsonElement Unsealed(SealedSubject subject, Principal principal) => Body(new JsonObject
    {
        ["subject"] = subject.SubjectId,
        ["pseudonym"] = subject.Pseudonym,
        ["role"] = AccessPolicy.Name(principal.Role),
    });

    internal static JsonElement Refused(string subjectId, string operation, Principal principal, string cause) => Body(new JsonObject
    {
        ["subject"] = subjectId,
        ["operation"] = operation,
        ["role"] = AccessPolicy.Name(principal.Role),
        ["cause"] = cause,
    });

    internal static JsonElement Erased(SealedSubject subject, Principal principal) => Body(new JsonObject
    {
        ["subject"] = subject.SubjectId,
        ["pseudonym"] = subject.Pseudonym,
        ["dekId"] = subject.DekId,
        ["role"] = AccessPolicy.Name(principal.Role),
    });

    internal static JsonElement Rekeyed(string masterKeyId, int count) => Body(new JsonObject
    {
        ["masterKeyId"] = masterKeyId,
        ["keys"] = count,
    });

    /// <summary>Reads the subject, pseudonym, DEK id and ciphertext back from an <c>identity.sealed</c> entry.</summary>
    internal static (string SubjectId, string Pseudonym, string DekId, SealedPayload Payload) ReadSealed(LedgerEntry entry)
    {
        var body = entry.Body;
        return (
            body.GetProperty("subject").GetString()!,
            body.GetProperty("pseudonym").GetString()!,
            body.GetProperty("dekId").GetString()!,
            new SealedPayload(
                Convert.FromBase64String(body.GetProperty("nonce").GetString()!),
                Convert.FromBase64String(body.GetProperty("ciphertext").GetString()!),
                Convert.FromBase64String(body.GetProperty("tag").GetString()!)));
    }

    private static JsonElement Body(JsonObject body) => JsonSerializer.SerializeToElement(body);
}
