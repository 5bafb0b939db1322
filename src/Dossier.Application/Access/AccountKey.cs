using System.Security.Cryptography;
using System.Text;

namespace Dossier.Application.Access;

/// <summary>
/// The key that encrypts the TOTP secrets of accounts at rest (AES-256-GCM, a fresh 96-bit nonce per value,
/// the account name as associated data so a value cannot be moved to another account). A TOTP secret must
/// stay readable to check codes, so it cannot be hashed like a password; encrypted, a copy of the database
/// alone (a backup, a PostgreSQL dump) no longer lets anyone make codes. The key is a file of the workspace,
/// <c>keys/accounts.key</c>, owner-only, never in the database.
/// </summary>
public sealed class AccountKey
{
    public const string FileName = "accounts.key";
    private const string Header = "dossier-account-key v1";
    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    private AccountKey(byte[] key) => _key = key;

    /// <summary>Whether a stored value is encrypted (older workspaces stored the Base32 secret itself).</summary>
    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string account, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(account));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    public string Unprotect(string account, string stored)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        var sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), plain,
            Encoding.UTF8.GetBytes(account));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Reads <c>keys/accounts.key</c> of the workspace, creating it (owner-only, in an owner-only folder) when absent.</summary>
    public static AccountKey OpenOrCreate(string workspaceDirectory)
    {
        var directory = Path.Combine(workspaceDirectory, "keys");
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            OwnerOnlyFiles.CreateDirectory(directory);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var stream = new FileStream(temporary, OwnerOnlyFiles.NewFile(FileMode.CreateNew)))
            {
                stream.Write(Encoding.ASCII.GetBytes($"{Header}\n{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n"));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the key first: use that one.
                File.Delete(temporary);
            }
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path} is not a Dossier account key file (it must start with \"{Header}\").");
        }

        return new AccountKey(Convert.FromBase64String(lines[1]));
    }
}

/// <summary>Files that hold case data or keys are created readable by their owner only (0600, folders 0700).</summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Options for a new file, owner-only from the moment it exists (no window in which others could open it).</summary>
    public static FileStreamOptions NewFile(FileMode mode, FileOptions options = FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = File;
        }

        return result;
    }

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, Folder);
        }
    }
}
