using System.Text;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Waits for the page a click leads to, read from the document itself rather than from Playwright's load events.
/// <c>WaitForURLAsync</c> checks the load state on the client and then subscribes to its change, so a load event that
/// arrives between the two is missed: on loaded two-core CI runs it timed out at 90 s with the page long loaded (the
/// log shows "NetworkIdle event fired" and no load). A condition polled in the page survives the navigation and holds
/// once the new document is complete.
/// </summary>
internal static class PageWaits
{
    /// <summary>Until the address matches <paramref name="glob"/> (Playwright's: <c>**</c> anything, <c>*</c> anything but <c>/</c>) and the document is loaded.</summary>
    public static Task WaitForAddressAsync(this IPage page, string glob) =>
        page.WaitForLoadedAsync("pattern => new RegExp(pattern).test(location.href)", "^" + GlobToRegex(glob) + "$");

    /// <summary>Until <paramref name="condition"/> (a JavaScript function of <paramref name="arg"/>) holds and the document is loaded.</summary>
    public static async Task WaitForLoadedAsync(this IPage page, string condition, object? arg = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync($"arg => ({condition})(arg) && document.readyState === 'complete'", arg,
            new PageWaitForFunctionOptions { PollingInterval = 50 });
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => ".",
                    _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
