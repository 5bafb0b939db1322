using Dossier.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>
/// Values from small vocabularies — a record's type, a violation, a claim's property, a ledger entry's type — in the
/// reader's language (issue 18 §4). A value with no translation is shown in words ("arrest-date" → "Arrest date"),
/// never as a raw key.
/// </summary>
internal static class Terms
{
    /// <summary>A type, violation, degree or outcome word ("killing", "appeal-judgment", "prison").</summary>
    public static string Value(IStringLocalizer<Strings> localizer, string? value) => Look(localizer, "term.", value);

    /// <summary>What a group of claims asserts ("executed-count" → "Executed count").</summary>
    public static string Property(IStringLocalizer<Strings> localizer, string? property) => Look(localizer, "property.", property);

    /// <summary>A ledger entry's type ("record.created" → "Record created").</summary>
    public static string Entry(IStringLocalizer<Strings> localizer, string? type) => Look(localizer, "entry.", type);

    private static string Look(IStringLocalizer<Strings> localizer, string prefix, string? value)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var found = localizer[prefix + value.Trim()];
        return found.ResourceNotFound ? Words(value.Trim()) : found.Value;
    }

    /// <summary>A key as words: separators to spaces, the first letter capitalised.</summary>
    public static string Words(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var words = key.Replace('-', ' ').Replace('_', ' ').Replace('.', ' ');
        return words.Length == 0 ? words : string.Concat(char.ToUpperInvariant(words[0]).ToString(), words[1..]);
    }
}
