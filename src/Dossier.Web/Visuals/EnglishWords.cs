using Dossier.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>
/// The English text a page would show, without looking anything up: the keys are the English text itself. For code that
/// writes the same words for a reader (through the page's localizer) and for a program (the API's answer in English).
/// </summary>
internal sealed class EnglishWords : IStringLocalizer<Strings>
{
    public static readonly EnglishWords Instance = new();

    public LocalizedString this[string name] => new(name, name, resourceNotFound: false);

    public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments), resourceNotFound: false);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
