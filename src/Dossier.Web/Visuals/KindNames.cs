using Dossier.Domain.Records;
using Dossier.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>
/// Plural names of record kinds ("People", "افراد") under keys of their own ("kind.person"): the bare
/// kind names collide with the singular labels ("person" / "Person") when resources are compiled, which
/// compares names ignoring case and keeps only the first.
/// </summary>
internal static class KindNames
{
    public static string Plural(IStringLocalizer<Strings> localizer, RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["kind." + RecordKinds.Name(kind)];
    }

    /// <summary>The singular name ("Person", "فرد") shown beside one record.</summary>
    public static string Singular(IStringLocalizer<Strings> localizer, RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["record." + RecordKinds.Name(kind)];
    }
}
