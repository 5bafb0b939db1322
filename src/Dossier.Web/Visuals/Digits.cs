using System.Globalization;

namespace Dossier.Web.Visuals;

/// <summary>
/// Numbers in the reader's digits (issue 18 §4): .NET formats every culture with Latin digits, so the Persian UI turns
/// them into Persian ones (۰–۹) with the Persian group and decimal separators, and a minus sign that stays in front.
/// Only text a person reads goes through here — never ids, addresses or attribute values a program reads.
/// </summary>
internal static class Digits
{
    public static bool Persian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fa";

    /// <summary>Text with its Latin digits in the reader's script (unchanged outside the Persian UI).</summary>
    public static string Local(string? text)
    {
        if (string.IsNullOrEmpty(text) || !Persian)
        {
            return text ?? string.Empty;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '0' and <= '9' => (char)('۰' + (c - '0')),
                    ',' when IsBetweenDigits(source, i) => '٬',
                    '.' when IsBetweenDigits(source, i) => '٫',
                    _ => c,
                };
            }
        });
    }

    /// <summary>
    /// A date form as a person reads it: the date grammar's range "a..b" (kept in attributes and exports) shown with an
    /// en dash, in the reader's digits.
    /// </summary>
    public static string Date(string form) => Local(form.Replace("..", " – ", StringComparison.Ordinal));

    /// <summary>A whole number with group separators, in the reader's digits.</summary>
    public static string N0(long value) => Local(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>A moment as ISO-like text (UTC as stored), in the reader's digits.</summary>
    public static string Time(DateTimeOffset time, string format = "yyyy-MM-dd HH:mm") => Local(time.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>A number with group separators and the given decimals, in the reader's digits.</summary>
    public static string N(double value, int decimals) =>
        Local(value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static bool IsBetweenDigits(string text, int i) =>
        i > 0 && i < text.Length - 1 && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
}
