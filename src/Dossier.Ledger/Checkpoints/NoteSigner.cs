using System.Security.Cryptography;
using System.Text;

namespace Dossier.Ledger.Checkpoints;

/// <summary>
/// The workspace's signing key: an ECDSA P-256 key with a note key name. The private key lives in a file
/// outside the database, readable by its owner only (0600), optionally encrypted with a passphrase as
/// PKCS#8 (AES-256-CBC, PBKDF2-SHA256). See docs/adr/0301-checkpoint-signatures-ecdsa-p256.md.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string FileHeader = "dossier note signing key v1";
    private const int Pbkdf2Iterations = 600_000;

    private readonly ECDsa _key;

    private NoteSigner(string name, ECDsa key)
    {
        Name = name;
        _key = key;
        Verifier = NoteVerifier.FromPublicKey(name, key.ExportSubjectPublicKeyInfo());
    }

    public string Name { get; }

    public NoteVerifier Verifier { get; }

    public uint KeyId => Verifier.KeyId;

    /// <summary>Creates a new key pair; the name should be the log's origin, e.g. "dossier.example/noury".</summary>
    public static NoteSigner Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NoteKeyName.IsValid(name))
        {
            throw new ArgumentException("A key name must be non-empty and contain no spaces or '+'.", nameof(name));
        }

        return new NoteSigner(name, ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) and returns the signed note.</summary>
    public string Sign(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A text ending in a blank line would move the text/signature boundary, which is the last blank line.
        if (!text.EndsWith('\n') || text.EndsWith("\n\n", StringComparison.Ordinal) || text.Any(c => c != '\n' && char.IsControl(c)))
        {
            throw new ArgumentException("A note text must end in exactly one newline and hold no other control characters.", nameof(text));
        }

        return new SignedNote(text, [SignatureFor(text)]).ToString();
    }

    /// <summary>Signs a checkpoint; the result is the C2SP signed checkpoint.</summary>
    public string Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Sign(checkpoint.ToNoteText());
    }

    internal NoteSignature SignatureFor(string text) =>
        new(Name, KeyId, _key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>
    /// Writes the private key to a new file that only its owner can read or write. Refuses to overwrite an
    /// existing file: losing the key would orphan every checkpoint it signed.
    /// </summary>
    public void Save(string path, ReadOnlySpan<char> passphrase = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pem = passphrase.IsEmpty
            ? _key.ExportPkcs8PrivateKeyPem()
            : _key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations));
        var content = $"{FileHeader}\nname: {Name}\n{pem}\n";

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600 from the start, so the key is never readable by others, even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        var bytes = Encoding.UTF8.GetBytes(content);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Loads a key saved by <see cref="Save"/>. Refuses a file that group or others can read, and names
    /// the problem (permissions, wrong passphrase, damaged file) in the exception.
    /// </summary>
    public static NoteSigner Load(string path, ReadOnlySpan<char> passphrase = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & open) != UnixFileMode.None)
            {
                throw new InvalidDataException($"{path}: the signing key is readable by others (mode {Convert.ToString((int)mode, 8)}); run chmod 600 on it.");
            }
        }

        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        if (lines.Length < 3 || lines[0] != FileHeader || !lines[1].StartsWith("name: ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: line 1–2: not a Dossier signing key file (expected '{FileHeader}' and 'name: …').");
        }

        var name = lines[1]["name: ".Length..];
        var pem = string.Join('\n', lines[2..]);
        var key = ECDsa.Create();
        try
        {
            var encrypted = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
            if (encrypted && passphrase.IsEmpty)
            {
                throw new InvalidDataException($"{path}: the signing key is encrypted; a passphrase is needed.");
            }

            if (encrypted)
            {
                key.ImportFromEncryptedPem(pem, passphrase);
            }
            else
            {
                key.ImportFromPem(pem);
            }

            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new InvalidDataException($"{path}: the signing key is not a P-256 key.");
            }

            return new NoteSigner(name, key);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: the signing key cannot be read (wrong passphrase or damaged file): {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => _key.Dispose();
}
