using System.Globalization;
using System.Text;

namespace Dossier.Application.Protection;

/// <summary>
/// One custodian's share of a master key, as the printable text file <c>dossier key split</c> writes
/// (docs/protected-identities.md, "Split custody and recovery"). It names the key by its id (a
/// fingerprint), never the key itself. Only the block between the BEGIN and END lines is read back,
/// so the instructions around it can say anything.
/// </summary>
public sealed record KeyShareFile(
    string Custodian,
    string Workspace,
    string MasterKeyId,
    string SplitId,
    DateTimeOffset Created,
    int Threshold,
    int Shares,
    int Number,
    IReadOnlyList<string> Custodians,
    string Share)
{
    public const string Begin = "-----BEGIN DOSSIER MASTER KEY SHARE v1-----";
    public const string End = "-----END DOSSIER MASTER KEY SHARE v1-----";

    /// <summary>The printable text: who holds it, what it is, the share, and what to do with it.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            DOSSIER MASTER KEY SHARE {Number} OF {Shares} — CONFIDENTIAL

            Held by:   {Custodian}
            Workspace: {Workspace}
            Master key {MasterKeyId} (its fingerprint; the key itself is not written here)

            Any {Threshold} of the {Shares} shares of this split together rebuild the master key that opens
            the sealed identities of protected witnesses and sources in this workspace. Fewer than
            {Threshold} reveal nothing about it. The {Shares} custodians: {string.Join("; ", Custodians)}.

            What to do:
            - Keep this page where only you can reach it (a safe, a sealed envelope). Do not photograph,
              scan, e-mail or store it on a computer or phone. Never hand it to another custodian.
            - Give it up only for a recovery you have confirmed in person with the workspace's operator,
              and only to be typed or copied into `dossier key recover` on the workspace's machine.
            - When told that the master key was rotated or this split replaced, destroy this page
              (shred or burn it): an old share rebuilds an old key.
            - If it is lost or may have been seen by anyone, tell the operator at once: the key is then
              rotated and split again.


            """);
        text.Append(Begin).Append('\n');
        Line(text, "custodian", Custodian);
        Line(text, "workspace", Workspace);
        Line(text, "master-key-id", MasterKeyId);
        Line(text, "split", SplitId);
        Line(text, "created", Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Line(text, "threshold", Threshold.ToString(CultureInfo.InvariantCulture));
        Line(text, "shares", Shares.ToString(CultureInfo.InvariantCulture));
        Line(text, "number", Number.ToString(CultureInfo.InvariantCulture));
        Line(text, "share", Share);
        text.Append(End).Append('\n');
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string value) => text.Append(name).Append(": ").Append(value).Append('\n');

    /// <summary>Reads a share file's block; throws <see cref="FormatException"/> naming the field (never the share).</summary>
    public static KeyShareFile Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var begin = Array.FindIndex(lines, l => l.Trim() == Begin);
        var end = Array.FindIndex(lines, l => l.Trim() == End);
        if (begin < 0 || end < begin)
        {
            throw new FormatException($"{origin} is not a Dossier master key share (no \"{Begin}\" … \"{End}\" block).");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines[(begin + 1)..end])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        string Field(string name) => fields.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"{origin}: the share block has no {name}.");

        int Count(string name) => int.TryParse(Field(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 255
            ? n
            : throw new FormatException($"{origin}: {name} must be a number from 1 to 255.");

        var share = Field("share");
        if (!SecretSharingTool.IsShare(share))
        {
            throw new FormatException($"{origin}: share must read {SecretSharingTool.Token}-N-HEX (lower-case hex digits).");
        }

        var number = Count("number");
        if (share.Split('-')[1] != number.ToString(CultureInfo.InvariantCulture))
        {
            throw new FormatException($"{origin}: the share's number does not match number: {number}.");
        }

        if (!DateTimeOffset.TryParse(Field("created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            throw new FormatException($"{origin}: created is not a date.");
        }

        var threshold = Count("threshold");
        var shares = Count("shares");
        if (threshold > shares || number > shares)
        {
            throw new FormatException($"{origin}: threshold and number must not exceed shares.");
        }

        return new KeyShareFile(Field("custodian"), Field("workspace"), Field("master-key-id"), Field("split"), created, threshold, shares, number, [], share);
    }
}
