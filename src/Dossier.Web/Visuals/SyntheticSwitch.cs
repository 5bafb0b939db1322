using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Dossier.Web.Visuals;

/// <summary>
/// The one switch for invented records (ADR 1801): `?synthetic=show` lists them (each still labelled SYNTHETIC); without it,
/// browse, network, timeline, map, dashboard and related-record lists collapse them to a labelled count.
/// </summary>
internal static class SyntheticSwitch
{
    public const string Parameter = "synthetic";

    public const string Show = "show";

    public static bool IsShown(HttpContext? context) => context is not null && IsShown(context.Request.Query);

    public static bool IsShown(IQueryCollection query) =>
        query is not null && string.Equals(query[Parameter].ToString(), Show, StringComparison.Ordinal);

    /// <summary>This page's address with the switch turned on or off, every other parameter kept.</summary>
    public static string Link(NavigationManager navigation, bool show)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        var uri = navigation.GetUriWithQueryParameter(Parameter, show ? Show : null);
        return "/" + navigation.ToBaseRelativePath(uri);
    }
}
