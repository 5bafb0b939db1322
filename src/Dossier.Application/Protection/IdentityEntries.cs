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

    internal static IdentitySealedBody Sealed(string subjectId, string pseudonym, SubjectCategory category, string dekId, SealedPayload payload) =>
        new(subjectId, pseudonym, CategoryName(category), dekId, KeyVersion: 1, IdentityCrypto.Algorithm, payload.Nonce, payload.Ciphertext, payload.Tag);

    internal static IdentityAccessBody Unsealed(SealedSubject subject, Principal principal) =>
        new(subject.SubjectId, subject.Pseudonym, AccessPolicy.Name(principal.Role));

    internal static IdentityAccessBody Refused(string subjectId, string operation, Principal principal, string cause) =>
        new(subjectId, Pseudonym: null, AccessPolicy.Name(principal.Role), operation, cause);

    internal static IdentityAccessBody Erased(SealedSubject subject, Principal principal) =>
        new(subject.SubjectId, subject.Pseudonym, AccessPolicy.Name(principal.Role), DekId: subject.DekId);

    /// <summary>Reads the subject, pseudonym, DEK id and ciphertext back from an <c>identity.sealed</c> entry.</summary>
    internal static (string SubjectId, string Pseudonym, string DekId, SealedPayload Payload) ReadSealed(LedgerEntry entry)
    {
        var body = Entries.IdentitySealed.Read(entry);
        return (body.Subject, body.Pseudonym, body.DekId, new SealedPayload(body.Nonce, body.Ciphertext, body.Tag));
    }
}
