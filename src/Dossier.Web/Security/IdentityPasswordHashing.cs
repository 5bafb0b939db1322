using Dossier.Application.Access;
using Microsoft.AspNetCore.Identity;

namespace Dossier.Web.Security;

/// <summary>Passwords hashed by ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, salted, versioned).</summary>
public sealed class IdentityPasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<Account> _hasher = new();

    // The hasher ignores the user argument; a placeholder keeps the API honest about that.
    private static readonly Account Nobody = new() { Name = "-", Role = Role.Viewer, PasswordHash = string.Empty };

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    public bool Verify(string hash, string password, out bool rehash)
    {
        var result = _hasher.VerifyHashedPassword(Nobody, hash, password);
        rehash = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }
}
