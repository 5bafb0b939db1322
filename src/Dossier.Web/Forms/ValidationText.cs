using System.Globalization;
using Dossier.Application.Workspace;
using Dossier.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Forms;

/// <summary>Validation errors in the reader's language: one place for the record form and the spreadsheet import.</summary>
public static class ValidationText
{
    // Kind names inside these messages are translated too; other arguments (ids) stay as typed.
    private static readonly Dictionary<string, int[]> KindArguments = new(StringComparer.Ordinal) { ["reference-kind"] = [1, 2], ["parent-kind"] = [0] };

    /// <summary>The error's translated template with its arguments, else its English text.</summary>
    public static string Say(IStringLocalizer<Strings> localizer, ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code is not { } code || localizer["validation." + code] is not { ResourceNotFound: false } template)
        {
            return error.Message;
        }

        var arguments = error.Arguments.Select((argument, i) =>
            KindArguments.GetValueOrDefault(code, []).Contains(i) ? localizer["validation.kind." + argument].Value : argument).ToArray<object>();
        return string.Format(CultureInfo.CurrentCulture, template.Value, arguments);
    }
}
