using System.Globalization;

namespace Dossier.Application.Evidence;

/// <summary>
/// When a file was collected, as a collector writes it: a wall-clock time in their time zone
/// (<c>2023-05-04 10:00</c> with <c>Europe/Berlin</c>), converted with that zone's rules from the tz database,
/// daylight saving time included; or an instant with its offset (<c>2023-05-04T10:00:00+02:00</c>, <c>…Z</c>),
/// taken as written. The ledger stores the UTC instant plus the zone (docs/adr/0308-acquisition-input.md).
/// </summary>
public static class CollectionTime
{
    public const string Example = "2023-05-04 10:00 (in the collector's zone) or 2023-05-04T10:00:00+02:00";

    /// <summary>Resolves <paramref name="text"/> in <paramref name="zone"/> (an IANA name); on failure says why.</summary>
    public static bool TryResolve(string? text, string? zone, out DateTimeOffset instant, out string? error)
    {
        instant = default;
        error = null;
        var value = text?.Trim() ?? string.Empty;
        var zoneName = zone?.Trim() ?? string.Empty;
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            error = $"'{value}' is not a date and time such as {Example}";
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var timeZone))
        {
            error = $"'{zoneName}' is not a time zone name (IANA, e.g. Europe/Stockholm)";
            return false;
        }

        if (parsed.Kind != DateTimeKind.Unspecified)
        {
            // Written with Z or an offset: that is the instant, whatever the zone.
            instant = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);
            return true;
        }

        var shown = parsed.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (timeZone.IsInvalidTime(parsed))
        {
            error = $"{shown} did not exist in {zoneName}: the clocks were put forward over it; give the time with its offset";
            return false;
        }

        if (timeZone.IsAmbiguousTime(parsed))
        {
            var offsets = timeZone.GetAmbiguousTimeOffsets(parsed).OrderDescending().Select(Offset);
            error = $"{shown} happened twice in {zoneName} (the clocks were put back): give it with its offset, {string.Join(" or ", offsets)}";
            return false;
        }

        instant = new DateTimeOffset(parsed, timeZone.GetUtcOffset(parsed));
        return true;
    }

    /// <summary>How the resolved time reads back to the collector: the UTC instant, and the wall clock and offset in the zone.</summary>
    public static string Describe(DateTimeOffset instant, string zone)
    {
        var utc = instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var timeZone))
        {
            return utc;
        }

        var local = TimeZoneInfo.ConvertTime(instant, timeZone);
        return $"{utc} ({local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} in {zone}, UTC{Offset(local.Offset)})";
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);
}
