using System.Globalization;
using Dossier.Domain;
using Microsoft.AspNetCore.Http;

namespace Dossier.Web.Visuals;

/// <summary>
/// The reader's calendar for dates, kept on the signed-in person's account and per browser in a cookie like the language: Gregorian by default,
/// Solar Hijri on request (the Gregorian form then stays in a tooltip).
/// </summary>
internal static class CalendarChoice
{
    public const string CookieName = "dossier.calendar";
    public const string SolarHijri = "solar-hijri";
    public const string Gregorian = "gregorian";

    /// <summary>The signed-in person's account choice first, then the browser's cookie.</summary>
    public static bool IsSolarHijri(HttpContext? context) =>
        Security.AccountPreferences.Of(context)?.SolarHijri
        ?? (context?.Request.Cookies.TryGetValue(CookieName, out var value) == true && value == SolarHijri);

    /// <summary>The date as the reader chose to see it.</summary>
    public static string Format(FuzzyDate date, bool solarHijri) => solarHijri ? date.ToSolarHijriString() : date.ToGregorianString();

    /// <summary>A day as the reader chose to see it: 1988-07-30 or 1367/05/08.</summary>
    public static string Format(DateOnly day, bool solarHijri) => Format(FuzzyDate.FromDay(day), solarHijri);

    /// <summary>A year label for an axis tick at this day: the Gregorian year, or the Solar Hijri year that starts near it.</summary>
    public static string Year(DateOnly day, bool solarHijri) =>
        (solarHijri ? Dossier.Domain.SolarHijri.YearOf(day) : day.Year).ToString(CultureInfo.InvariantCulture);
}
