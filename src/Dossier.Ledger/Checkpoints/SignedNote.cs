using System.Text;

namespace Dossier.Ledger.Checkpoints;

/// <summary>One signature line of a note: "— name base64(keyID ‖ signature)".</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    internal string ToLine()
    {
        var blob = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        Signature.CopyTo(blob, 4);
        return $"— {KeyName} {Convert.ToBase64String(blob)}\n";
    }
}

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): text ending in a newline, a blank line, then one or more
/// signature lines. The text is separated from the signatures by the last blank line.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The most signatures a note may carry before it is refused (the spec requires at least 16).</summary>
    public const int MaxSignatures = 64;

    public override string ToString()
    {
        var note = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            note.Append(signature.ToLine());
        }

        return note.ToString();
    }

    public static SignedNote Parse(string note) =>
        TryParse(note, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string note, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignedNote? parsed, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(note);
        parsed = null;
        if (note.Any(c => c != '\n' && char.IsControl(c)) || note.Contains('\uFFFD', StringComparison.Ordinal))
        {
            error = "signed note: contains a control character or invalid UTF-8";
            return false;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "signed note: no blank line separating the text from the signatures";
            return false;
        }

        var text = note[..(split + 1)];
        var block = note[(split + 2)..];
        if (!block.EndsWith('\n'))
        {
            error = "signed note: the last signature line must end with a newline";
            return false;
        }

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            error = $"signed note: {lines.Length} signatures, more than the {MaxSignatures} accepted";
            return false;
        }

        var signatures = new List<NoteSignature>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0] != "—" || !NoteKeyName.IsValid(parts[1]))
            {
                error = $"signed note: signature line {i + 1} is not '— <key name> <base64>'";
                return false;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                error = $"signed note: signature line {i + 1} ({parts[1]}) is not valid base64";
                return false;
            }

            if (blob.Length < 5)
            {
                error = $"signed note: signature line {i + 1} ({parts[1]}) is too short to hold a key ID and a signature";
                return false;
            }

            signatures.Add(new NoteSignature(parts[1], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]));
        }

        parsed = new SignedNote(text, signatures);
        error = null;
        return true;
    }
}

internal static class NoteKeyName
{
    /// <summary>Non-empty, no Unicode spaces, no '+' (which separates the fields of a verifier key).</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+');
}
