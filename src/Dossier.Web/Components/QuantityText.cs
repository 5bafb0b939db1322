using System.Globalization;
using Dossier.Domain.Records;

namespace Dossier.Web.Components;

/// <summary>Renders a typed figure as a reader expects: "at least 30,000 people", "2,800–3,800 people", "“thousands”".</summary>
public static class QuantityText
{
    public static string Format(Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        var culture = CultureInfo.CurrentUICulture;
        string N(double? value) => value?.ToString("N0", culture) ?? "?";
        var figure = quantity.Qualifier switch
        {
            QuantityQualifier.AtLeast => $"≥ {N(quantity.Value)}",
            QuantityQualifier.AtMost => $"≤ {N(quantity.Value)}",
            QuantityQualifier.About => $"≈ {N(quantity.Value)}",
            QuantityQualifier.Between => $"{N(quantity.Lower)}–{N(quantity.Upper)}",
            QuantityQualifier.Vague => $"“{quantity.Text}”",
            _ => N(quantity.Value),
        };
        return quantity.Qualifier == QuantityQualifier.Vague ? figure : $"{figure} {quantity.Unit}";
    }
}
