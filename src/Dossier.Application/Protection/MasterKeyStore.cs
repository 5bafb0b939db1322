using System.Security.Cryptography;
using System.Text;

namespace Dossier.Application.Protection;

/// <summary>
/// A 256-bit master key that wraps the subjects' data keys. Its id is derived from the key (a
/// fingerprint), so the database can name the key a row needs without holding anything secret.
/// </summary>
public sealed class MasterKey : IDisposable
{
    private readonly byte[] _key;

    private MasterKey(byte[] key)
    {
        _key = key;
        Id = "mk-" + Convert.ToHexStringLower(SHA256.HashData([.. "dossier/master-key-id/v1\n"u8, .. key]).AsSpan(0, 8));
    }

    public string Id { get; }

    internal byte[] KeyBytes => _key;

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(IdentityCrypto.KeySize));

    /// <summary>A key rebuilt from custody shares; the key takes ownership of (and zeroes) <paramref name="key"/>.</summary>
    internal static MasterKey FromBytes(byte[] key) =>
        key.Length == IdentityCrypto.KeySize ? new(key) : throw new MasterKeyException($"A master key holds {IdentityCrypto.KeySize} bytes, not {key.Length}.");

    /// <summary>A key given as base64 (the environment variable, the key file's second line).</summary>
    public static MasterKey FromBase64(string text, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new MasterKeyException($"{origin} is not base64.");
        }

        return bytes.Length == IdentityCrypto.KeySize
            ? new MasterKey(bytes)
            : throw new MasterKeyException($"{origin} must hold {IdentityCrypto.KeySize} bytes (base64), not {bytes.Length}.");
    }

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>A copy the caller owns (and disposes), so disposing it never zeroes a key held elsewhere.</summary>
    public MasterKey Clone() => new((byte[])_key.Clone());

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}

/// <summary>The master key is missing, malformed, or not the one the database needs.</summary>
public sealed class MasterKeyException(string message) : Exception(message);

/// <summary>
/// Where the master key lives: the environment variable <see cref="Variable"/> (base64) if set, else
/// the workspace's keys/master.key (owner-only). Never in the database, so a copy of the database
/// alone opens no identity. A rotation writes the new key to master.key.new first and renames it over
/// master.key only after the database commit (ADR 0802); <see cref="Candidates"/> offers both meanwhile.
/// </summary>
public sealed class MasterKeyStore
{
    public const string Variable = "DOSSIER_MASTER_KEY";
    private const string Header = "dossier-master-key v1";

    private readonly string? _path;
    private readonly string? _environmentValue;
    private readonly MasterKey? _fixed;

    private MasterKeyStore(string? path, string? environmentValue, MasterKey? fixedKey)
    {
        _path = path;
        _environmentValue = environmentValue;
        _fixed = fixedKey;
    }

    /// <summary>The workspace's key: <c>$DOSSIER_MASTER_KEY</c> when set, else WORKSPACE/keys/master.key.</summary>
    public static MasterKeyStore ForWorkspace(string workspace) =>
        new(PathIn(workspace), Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null, null);

    /// <summary>A key file at an explicit path, ignoring the environment (tests, tools).</summary>
    public static MasterKeyStore AtPath(string path) => new(path, null, null);

    /// <summary>A key held only in memory, e.g. a demo built for a test; it cannot be rotated.</summary>
    public static MasterKeyStore InMemory(MasterKey key) => new(null, null, key);

    public static string PathIn(string workspace) => System.IO.Path.Combine(workspace, "keys", "master.key");

    /// <summary>The key file, or null when the key comes from the environment or memory.</summary>
    public string? FilePath => _environmentValue is null && _fixed is null ? _path : null;

    public string Describe => _fixed is not null ? "an in-memory key"
        : _environmentValue is not null ? $"${Variable}"
        : _path!;

    private string PendingPath => _path + ".new";

    /// <summary>True when a key is configured (it may still be the wrong one).</summary>
    public bool Exists => _fixed is not null || _environmentValue is not null || (_path is not null && File.Exists(_path));

    /// <summary>The current key (a copy the caller disposes); throws <see cref="MasterKeyException"/> when there is none.</summary>
    public MasterKey Load()
    {
        if (_fixed is not null)
        {
            return _fixed.Clone();
        }

        if (_environmentValue is not null)
        {
            return MasterKey.FromBase64(_environmentValue, $"${Variable}");
        }

        return File.Exists(_path) ? ReadFile(_path!) : throw new MasterKeyException($"No master key: {_path} does not exist and ${Variable} is not set.");
    }

    /// <summary>
    /// Every key that may open a wrapped key now: the current one and, after an interrupted rotation,
    /// the pending one. The caller disposes them.
    /// </summary>
    public IReadOnlyList<MasterKey> Candidates()
    {
        var keys = new List<MasterKey>();
        if (Exists)
        {
            keys.Add(Load());
        }

        if (FilePath is not null && File.Exists(PendingPath))
        {
            try
            {
                keys.Add(ReadFile(PendingPath));
            }
            catch (MasterKeyException)
            {
                // A half-written pending key (crash while writing it) was never used by a commit.
            }
        }

        return keys;
    }

    /// <summary>Creates the key file when no key is configured; returns true when it made one.</summary>
    public bool EnsureCreated()
    {
        if (Exists)
        {
            return false;
        }

        using var key = MasterKey.Generate();
        WriteFile(_path!, key);
        return true;
    }

    /// <summary>Step 1 of a rotation: a new key, written (fsynced) to master.key.new beside the current one.</summary>
    public MasterKey BeginRotation()
    {
        if (FilePath is null)
        {
            throw new MasterKeyException($"The master key comes from {Describe}: rotation replaces the key file, so unset ${Variable} (or rotate the variable's key by hand, see docs/protected-identities.md).");
        }

        var key = MasterKey.Generate();
        WriteFile(PendingPath, key);
        return key;
    }

    /// <summary>Step 3, after the database commit: the pending key replaces the old one (atomic rename).</summary>
    public void CompleteRotation()
    {
        File.Move(PendingPath, _path!, overwrite: true);
        SyncDirectory();
    }

    /// <summary>The commit failed or never happened: the pending key wraps nothing and is removed.</summary>
    public void AbandonRotation()
    {
        if (FilePath is not null)
        {
            File.Delete(PendingPath);
        }
    }

    /// <summary>
    /// Finishes or discards an interrupted rotation, given the master key ids the database uses:
    /// if any row is wrapped under the pending key, the commit happened and the rename is completed;
    /// otherwise the pending key is discarded.
    /// </summary>
    public void Recover(IReadOnlyCollection<string> masterKeyIdsInUse)
    {
        ArgumentNullException.ThrowIfNull(masterKeyIdsInUse);
        if (FilePath is null || !File.Exists(PendingPath))
        {
            return;
        }

        string? pendingId = null;
        try
        {
            using var pending = ReadFile(PendingPath);
            pendingId = pending.Id;
        }
        catch (MasterKeyException)
        {
            // Unreadable: never committed.
        }

        if (pendingId is not null && masterKeyIdsInUse.Contains(pendingId))
        {
            CompleteRotation();
        }
        else
        {
            AbandonRotation();
        }
    }

    private static MasterKey ReadFile(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new MasterKeyException($"{path} is not a Dossier master key file (it must start with \"{Header}\").");
        }

        return MasterKey.FromBase64(lines[1], path);
    }

    // Temp file, owner-only from creation, fsync, rename: a crash leaves the old file or the new one, never half of one.
    internal static void WriteFile(string path, MasterKey key)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes($"{Header}\n{key.ToBase64()}\n"));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncDirectory(directory);
    }

    private void SyncDirectory() => SyncDirectory(System.IO.Path.GetDirectoryName(_path!)!);

    // On Linux a rename is durable only once the directory itself is flushed.
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Some file systems refuse to open directories; the rename itself still happened.
        }
    }
}
