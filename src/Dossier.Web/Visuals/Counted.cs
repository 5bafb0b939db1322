using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>
/// A count with its noun in the right number ("1 statement", "6 statements") rather than "statement(s)". The two keys
/// are format strings with {0} for the number; Persian keeps the noun singular after a number, so both translate alike.
/// </summary>
internal static class Counted
{
    public static string Of(IStringLocalizer localizer, long count, string one, string many) =>
        string.Format(CultureInfo.InvariantCulture, localizer[count == 1 ? one : many], Digits.N0(count)); // the number is already text in the reader's digits

    /// <summary>The noun alone, for a number drawn apart (in bold, say) just before it.</summary>
    public static string Noun(IStringLocalizer localizer, long count, string one, string many) => localizer[count == 1 ? one : many];
}
