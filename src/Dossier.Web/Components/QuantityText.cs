using System.Globalization;
using Dossier.Domain.Records;

namespace Dossier.Web.Components;

/// <summary>Renders a typed figure as a reader expects: "at least 30,000 people", "2,800–3,800 people", "“thousands”".</summary>
public static class QuantityText
{
    public static string Format(Quantity quantity) => Format(quantity, null);

    /// <summary>The figure in the reader's digits, its unit ("people") in the reader's language when a localizer is given.</summary>
    public static string Format(Quantity quantity, Microsoft.Extensions.Localization.IStringLocalizer<Localization.Strings>? localizer)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        string N(double? value) => value is { } v ? Visuals.Digits.N0((long)Math.Round(v)) : "?";
        var figure = quantity.Qualifier switch
        {
            QuantityQualifier.AtLeast => $"≥ {N(quantity.Value)}",
            QuantityQualifier.AtMost => $"≤ {N(quantity.Value)}",
            QuantityQualifier.About => $"≈ {N(quantity.Value)}",
            QuantityQualifier.Between => $"{N(quantity.Lower)}–{N(quantity.Upper)}",
            QuantityQualifier.Vague => Visuals.Digits.Persian ? $"«{quantity.Text}»" : $"“{quantity.Text}”",
            _ => N(quantity.Value),
        };
        var unit = localizer is null ? quantity.Unit : Visuals.Terms.Value(localizer, quantity.Unit).ToLowerInvariant();
        return quantity.Qualifier == QuantityQualifier.Vague ? figure : $"{figure} {unit}";
    }
}
