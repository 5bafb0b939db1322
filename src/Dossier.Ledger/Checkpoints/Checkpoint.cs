using System.Globalization;
using System.Text;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin line, tree size in decimal without
/// leading zeros, base64 root hash, then optional non-empty extension lines; every line ends in a newline.
/// It means nothing until signed; see <see cref="SignedNote"/>.
/// </summary>
public sealed record Checkpoint
{
    public Checkpoint(string origin, long size, byte[] rootHash, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(rootHash);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!IsLine(origin) || origin.Length == 0)
        {
            throw new ArgumentException("The origin must be one non-empty line without control characters.", nameof(origin));
        }

        if (rootHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"The root hash must be {MerkleHash.Size} bytes.", nameof(rootHash));
        }

        extensions ??= [];
        if (extensions.Any(e => e is null || e.Length == 0 || !IsLine(e)))
        {
            throw new ArgumentException("Extension lines must be non-empty single lines without control characters.", nameof(extensions));
        }

        Origin = origin;
        Size = size;
        RootHash = rootHash.ToArray();
        Extensions = extensions.ToArray();
    }

    public string Origin { get; }

    public long Size { get; }

    public byte[] RootHash { get; }

    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: the exact bytes a signature covers.</summary>
    public string ToNoteText()
    {
        var text = new StringBuilder();
        text.Append(Origin).Append('\n');
        text.Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions)
        {
            text.Append(extension).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a note text; the error names the line and what is wrong with it.</summary>
    public static Checkpoint Parse(string text) =>
        TryParse(text, out var checkpoint, out var error) ? checkpoint : throw new FormatException(error);

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Checkpoint? checkpoint, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        checkpoint = null;
        if (!text.EndsWith('\n'))
        {
            error = "checkpoint: the text must end with a newline";
            return false;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = $"checkpoint: {lines.Length} line(s); a checkpoint has origin, size and root hash lines";
            return false;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || !IsLine(lines[i]))
            {
                error = $"checkpoint line {i + 1}: must be non-empty and free of control characters";
                return false;
            }
        }

        var sizeText = lines[1];
        if (!sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = $"checkpoint line 2 (tree size): '{sizeText}' is not a decimal number without leading zeros";
            return false;
        }

        var root = new byte[MerkleHash.Size];
        if (!Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleHash.Size
            || !string.Equals(Convert.ToBase64String(root), lines[2], StringComparison.Ordinal))
        {
            error = $"checkpoint line 3 (root hash): not the base64 encoding of {MerkleHash.Size} bytes";
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        error = null;
        return true;
    }

    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size
        && RootHash.AsSpan().SequenceEqual(other.RootHash) && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Origin, Size, BitConverter.ToInt32(RootHash));

    internal static bool IsLine(string s) => !s.Any(char.IsControl);
}
