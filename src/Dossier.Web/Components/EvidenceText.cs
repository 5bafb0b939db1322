using System.Globalization;

namespace Dossier.Web.Components;

/// <summary>Formatting shared by the evidence pages.</summary>
internal static class EvidenceText
{
    public static string Bytes(long size) => size switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{size} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{size / 1024.0:F1} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{size / (1024.0 * 1024):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{size / (1024.0 * 1024 * 1024):F2} GiB"),
    };

    /// <summary>An instant recorded in an entry (RFC 3339 UTC), or else the entry's own time, as "yyyy-MM-dd HH:mm:ss".</summary>
    public static string Utc(string? recorded, DateTimeOffset fallback) =>
        Utc(DateTimeOffset.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : fallback);

    public static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
