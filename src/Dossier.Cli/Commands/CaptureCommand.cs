using System.CommandLine;
using System.Globalization;
using Dossier.Application.Evidence;
using Dossier.Documents;
using Dossier.Domain.Records;
using Dossier.Web.Documents;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>dossier capture URL</c> (issue 16 §4; ADR 1604): the Berkeley Protocol's preservation step for an online page.
/// Headless Chromium renders it; its MHTML snapshot, a full-page screenshot, a PDF print and the response (status,
/// headers, redirects, final URL) become four evidence items whose acquisition says where, when, how and through which
/// proxy. The PDF is read as `ingest` reads documents, so the page's words are searchable. The only command that
/// reaches outside the machine, and it says so before it does.
/// </summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("url") { Description = "The page to capture (http or https)." };
        var proxy = new Option<string?>("--proxy") { Description = "Send every request through this proxy, e.g. socks5://127.0.0.1:9050 (Tor): the target then sees the proxy, not you. Recorded with the capture." };
        var collector = new Option<string?>("--collector") { Description = "Who captured it (default: you, printed)." };
        var zone = new Option<string?>("--zone") { Description = "Your time zone (IANA name; default: this machine's, printed)." };
        var classification = new Option<string?>("--classification") { Description = "Who may see the captured items: public, internal, restricted, protected-identity (default: restricted)." };
        var note = new Option<string?>("--note") { Description = "Anything else a court should know about the capture." };
        var reason = new Option<string?>("--reason") { Description = "Why it is captured (default: \"capture of URL\")." };
        var seconds = new Option<int>("--timeout") { Description = "Give up after this many seconds.", DefaultValueFactory = _ => 60 };
        var command = new Command("capture", "Capture a web page as evidence: MHTML snapshot, full-page PNG, PDF and the response headers, each an item with its acquisition; through --proxy if given. This fetches from the network.")
        {
            url, proxy, collector, zone, classification, note, reason, seconds,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var sensitivity = result.GetValue(classification) ?? "restricted";
            if (!Classifications.TryParse(sensitivity, out var level))
            {
                Console.Error.WriteLine($"error: --classification: '{sensitivity}' is not one of {string.Join(", ", Classifications.All)}");
                return ExitCodes.Usage;
            }

            var zoneName = result.GetValue(zone) ?? TimeZoneInfo.Local.Id;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out _))
            {
                Console.Error.WriteLine($"error: --zone: '{zoneName}' is not a time zone name (IANA, e.g. Europe/Stockholm)");
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var address = result.GetValue(url)!;
            var through = result.GetValue(proxy);
            Console.Error.WriteLine(through is null
                ? $"note: fetching {address} directly from this machine: the site sees this machine's address (use --proxy to hide it)"
                : $"note: fetching {address} through {through}");
            CapturedPage page;
            try
            {
                page = await WebCapture.CaptureAsync(new CaptureOptions(address, through, TimeSpan.FromSeconds(result.GetValue(seconds))), CliOptions.Clock, cancellationToken);
            }
            catch (Exception exception) when (exception is CaptureException or ToolMissingException)
            {
                Console.Error.WriteLine($"error: {address}: {exception.Message}; nothing was added");
                return ExitCodes.Failed;
            }

            if (!page.NetworkQuiet)
            {
                Console.Error.WriteLine($"warning: {address}: the page was still loading 10 s after its load event; captured as it stood then (the snapshot may lack what came later)");
            }

            var who = result.GetValue(collector) ?? principal.Name;
            var request = new AcquisitionRequest
            {
                Collector = who,
                CollectedAt = page.CapturedAt,
                Zone = zoneName,
                SourceUrl = page.FinalUrl,
                Method = "web capture (headless browser)",
                Tool = "dossier capture with " + page.Browser.Split('/')[0],
                ToolVersion = page.Browser,
                Classification = level,
                Note = string.Join("; ", new[]
                {
                    $"requested {page.RequestedUrl}",
                    page.Redirects.Count > 0 ? $"redirected {page.Redirects.Count} time(s)" : null,
                    $"HTTP {page.Status.ToString(CultureInfo.InvariantCulture)}",
                    through is null ? "no proxy" : $"through proxy {through}",
                    page.NetworkQuiet ? null : "captured while the page was still loading",
                    result.GetValue(note),
                }.Where(p => p is not null)),
            };
            var why = result.GetValue(reason) ?? $"capture of {page.RequestedUrl}";
            var stem = Stem(page.FinalUrl, page.CapturedAt);
            var service = EvidenceService.For(store, CliOptions.Clock);
            foreach (var (name, content) in new[] { ($"{stem}.mhtml", page.Mhtml), ($"{stem}.png", page.Screenshot), ($"{stem}.response.json", page.ResponseJson()) })
            {
                await using var stream = new MemoryStream(content, writable: false);
                var added = await service.AddAsync(stream, name, request, principal, why, cancellationToken);
                if (added.Item is null)
                {
                    foreach (var error in added.Errors)
                    {
                        Console.Error.WriteLine($"error: {name}: {error}");
                    }

                    return ExitCodes.Failed;
                }

                Console.WriteLine($"{added.Item.Hash}  {name}: {(added.Status == EvidenceStatus.AlreadyStored ? "already in the vault" : $"acquired, entry #{added.Entry}")}");
            }

            await using (var pdf = new MemoryStream(page.Pdf, writable: false))
            {
                var names = await DocumentIngest.NamesAsync(store, principal, cancellationToken);
                var ingest = await DocumentIngest.IngestAsync(service, store, pdf, $"{stem}.pdf", request, new ExtractionOptions(), principal, why, CliOptions.Clock, cancellationToken, names);
                if (ingest.Ingested.Original is not { } original)
                {
                    foreach (var error in ingest.Ingested.Errors)
                    {
                        Console.Error.WriteLine($"error: {stem}.pdf: {error}");
                    }

                    return ExitCodes.Failed;
                }

                Console.WriteLine($"{original.Hash}  {stem}.pdf: acquired, its text recorded as {ingest.Ingested.Derivative?.Hash}");
            }

            Console.WriteLine($"Captured {page.FinalUrl} (HTTP {page.Status}, \"{page.Title}\") at {CollectionTime.Describe(page.CapturedAt, zoneName)} with {page.Browser}{(through is null ? string.Empty : $" through {through}")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    // A file name from the page's host and the capture time: capture-example.org-20261207T081500Z.
    private static string Stem(string url, DateTimeOffset at)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "page";
        var safe = new string([.. host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')]);
        return $"capture-{safe}-{at.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
    }
}
