using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dossier.Documents;

/// <summary>How a web page is captured: where, through which proxy, how long to wait.</summary>
/// <param name="Proxy">A proxy for every request, e.g. <c>socks5://127.0.0.1:9050</c> (Tor); null connects directly.</param>
/// <param name="Settle">
/// After the load event, how long to wait for the page's network to go quiet (no request for half a second: pages that
/// fetch their content by script after loading); the page is captured then, or when this runs out. Default 10 s.
/// </param>
public sealed record CaptureOptions(string Url, string? Proxy = null, TimeSpan? Timeout = null, int Width = 1280, int Height = 900, TimeSpan? Settle = null);

/// <summary>One hop of the main document's redirects.</summary>
public sealed record CaptureRedirect(string Url, int Status, string? Location);

/// <summary>
/// A page as the browser rendered it (issue 16 §4): the MHTML snapshot, a full-page PNG screenshot, a PDF print, and the
/// main document's response (status, headers, redirects), with the final URL, the browser's version and the proxy.
/// </summary>
public sealed record CapturedPage(
    string RequestedUrl, string FinalUrl, int Status, IReadOnlyList<CaptureRedirect> Redirects, IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset CapturedAt, string Browser, string UserAgent, string? Proxy, string Title, byte[] Mhtml, byte[] Screenshot, byte[] Pdf)
{
    /// <summary>
    /// True when the page's network had gone quiet before the capture; false when the settle time ran out with requests
    /// still open (a stream, a long poll, a slow server) and the snapshot may lack what came later.
    /// </summary>
    public bool NetworkQuiet { get; init; }

    /// <summary>The response as a JSON file: what the server said, as the browser received it.</summary>
    public byte[] ResponseJson()
    {
        var json = new JsonObject
        {
            ["format"] = "dossier-capture-response/1",
            ["requestedUrl"] = RequestedUrl,
            ["finalUrl"] = FinalUrl,
            ["status"] = Status,
            ["capturedAtUtc"] = CapturedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["browser"] = Browser,
            ["userAgent"] = UserAgent,
            ["proxy"] = Proxy,
            ["title"] = Title,
            ["networkQuiet"] = NetworkQuiet,
            ["redirects"] = new JsonArray([.. Redirects.Select(r => (JsonNode)new JsonObject { ["url"] = r.Url, ["status"] = r.Status, ["location"] = r.Location })]),
            ["headers"] = new JsonObject([.. Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}

/// <summary>The capture failed: the page did not load, or the browser could not be driven. The message says which.</summary>
public sealed class CaptureException : Exception
{
    public CaptureException()
    {
    }

    public CaptureException(string message)
        : base(message)
    {
    }

    public CaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Captures a web page with headless Chromium driven over the DevTools protocol (ADR 1604): a throwaway profile, no
/// background networking, and every request — loopback included — through the proxy when one is given, so the target
/// sees the proxy and not the investigator. The one place in Dossier that fetches from outside, and only when asked.
/// </summary>
public static class WebCapture
{
    /// <summary>Where Chromium is looked for when <c>DOSSIER_CHROMIUM</c> does not say.</summary>
    public static readonly IReadOnlyList<string> Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The Chromium to drive, or null when none is installed.</summary>
    public static string? FindChromium() =>
        Environment.GetEnvironmentVariable("DOSSIER_CHROMIUM") is { Length: > 0 } configured ? (File.Exists(configured) ? configured : null)
        : Candidates.FirstOrDefault(File.Exists);

    /// <summary>Arguments that keep Chromium from talking to anyone but the page it is asked for.</summary>
    public static IReadOnlyList<string> QuietArguments(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
        "--disable-extensions", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
        "--metrics-recording-only", "--mute-audio", $"--user-data-dir={profile}",
    ];

    public static async Task<CapturedPage> CaptureAsync(CaptureOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            throw new CaptureException($"'{options.Url}' is not an http or https address");
        }

        var chromium = FindChromium() ?? throw new ToolMissingException("Chromium", "chromium");
        var profile = Path.Combine(Path.GetTempPath(), "dossier-capture-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout ?? TimeSpan.FromSeconds(60));
        Process? process = null;
        try
        {
            var start = new ProcessStartInfo(chromium) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in QuietArguments(profile))
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("--remote-debugging-port=0");
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--window-size={options.Width},{options.Height}"));
            if (options.Proxy is { } proxy)
            {
                start.ArgumentList.Add($"--proxy-server={proxy}");
                // Chromium sends loopback addresses around a proxy unless told not to; a capture through a proxy uses it for everything.
                start.ArgumentList.Add("--proxy-bypass-list=<-loopback>");
            }

            start.ArgumentList.Add("about:blank");
            process = Process.Start(start) ?? throw new CaptureException($"could not start {chromium}");
            var endpoint = await DevToolsEndpointAsync(process, timeout.Token);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(endpoint, timeout.Token);
            var devtools = new DevToolsConnection(socket);
            devtools.Start();
            return await CaptureWithAsync(devtools, options, target, time, timeout.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CaptureException($"the capture of {options.Url} took longer than {(options.Timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s", exception);
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            process?.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A file Chromium still held; the temporary profile holds nothing of the workspace.
            }
        }
    }

    // Chromium prints "DevTools listening on ws://…" on standard error once it is ready.
    private static async Task<Uri> DevToolsEndpointAsync(Process process, CancellationToken cancellationToken)
    {
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            const string Marker = "DevTools listening on ";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(line[(at + Marker.Length)..].Trim());
            }
        }

        throw new CaptureException("Chromium exited before it could be driven");
    }

    private static async Task<CapturedPage> CaptureWithAsync(DevToolsConnection devtools, CaptureOptions options, Uri target, TimeProvider time, CancellationToken cancellationToken)
    {
        var version = await devtools.SendAsync(null, "Browser.getVersion", null, cancellationToken);
        var created = await devtools.SendAsync(null, "Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken);
        var attached = await devtools.SendAsync(null, "Target.attachToTarget", new JsonObject { ["targetId"] = created["targetId"]!.GetValue<string>(), ["flatten"] = true }, cancellationToken);
        var session = attached["sessionId"]!.GetValue<string>();
        await devtools.SendAsync(session, "Page.enable", null, cancellationToken);
        await devtools.SendAsync(session, "Network.enable", null, cancellationToken);
        await devtools.SendAsync(session, "Page.setLifecycleEventsEnabled", new JsonObject { ["enabled"] = true }, cancellationToken);

        var loaded = devtools.WaitForEventAsync(session, "Page.loadEventFired", cancellationToken);
        var navigated = await devtools.SendAsync(session, "Page.navigate", new JsonObject { ["url"] = target.AbsoluteUri }, cancellationToken);
        if (navigated["errorText"] is { } failed)
        {
            throw new CaptureException($"{target.AbsoluteUri} could not be loaded: {failed.GetValue<string>()}");
        }

        var frame = navigated["frameId"]!.GetValue<string>();
        var loader = navigated["loaderId"]?.GetValue<string>();
        await loaded;
        // Many pages fill themselves in after the load event (a script fetches the article, the comments, the list): wait
        // for Chromium's networkIdle of this document — no request for half a second — within the settle time.
        var quiet = await devtools.WaitForEventAsync(session, "Page.lifecycleEvent",
            e => e["params"]?["name"]?.GetValue<string>() == "networkIdle" && (loader is null || e["params"]?["loaderId"]?.GetValue<string>() == loader),
            options.Settle ?? TimeSpan.FromSeconds(10), cancellationToken);
        var capturedAt = time.GetUtcNow();

        // The main document's hops and final response, from what the network domain reported on the way.
        var redirects = new List<CaptureRedirect>();
        JsonNode? response = null;
        foreach (var message in devtools.Events(session))
        {
            var parameters = message["params"];
            if (parameters?["frameId"]?.GetValue<string>() != frame || parameters["type"]?.GetValue<string>() != "Document")
            {
                continue;
            }

            var method = message["method"]!.GetValue<string>();
            if (method == "Network.requestWillBeSent" && parameters["redirectResponse"] is { } hop)
            {
                redirects.Add(new CaptureRedirect(hop["url"]!.GetValue<string>(), hop["status"]!.GetValue<int>(), Header(hop["headers"], "location")));
            }
            else if (method == "Network.responseReceived")
            {
                response = parameters["response"];
            }
        }

        if (response is null)
        {
            throw new CaptureException($"{target.AbsoluteUri} gave no document");
        }

        var headers = (response["headers"] as JsonObject ?? []).ToDictionary(h => h.Key, h => h.Value?.GetValue<string>() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var title = (await devtools.SendAsync(session, "Runtime.evaluate", new JsonObject { ["expression"] = "document.title", ["returnByValue"] = true }, cancellationToken))["result"]?["value"]?.GetValue<string>() ?? string.Empty;
        var snapshot = await devtools.SendAsync(session, "Page.captureSnapshot", new JsonObject { ["format"] = "mhtml" }, cancellationToken);
        var metrics = await devtools.SendAsync(session, "Page.getLayoutMetrics", null, cancellationToken);
        var size = metrics["cssContentSize"] ?? metrics["contentSize"];
        var width = Math.Max(1, Math.Ceiling(size!["width"]!.GetValue<double>()));
        var height = Math.Max(1, Math.Min(Math.Ceiling(size["height"]!.GetValue<double>()), 16_000));
        var screenshot = await devtools.SendAsync(session, "Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        }, cancellationToken);
        var pdf = await devtools.SendAsync(session, "Page.printToPDF", new JsonObject { ["printBackground"] = true }, cancellationToken);

        return new CapturedPage(target.AbsoluteUri, response["url"]!.GetValue<string>(), response["status"]!.GetValue<int>(), redirects, headers, capturedAt,
            version["product"]!.GetValue<string>(), version["userAgent"]!.GetValue<string>(), options.Proxy, title,
            Encoding.UTF8.GetBytes(snapshot["data"]!.GetValue<string>()),
            Convert.FromBase64String(screenshot["data"]!.GetValue<string>()),
            Convert.FromBase64String(pdf["data"]!.GetValue<string>()))
        { NetworkQuiet = quiet };
    }

    private static string? Header(JsonNode? headers, string name) =>
        (headers as JsonObject)?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();

    /// <summary>
    /// One WebSocket to the browser: commands with ids answered by their results, events kept in arrival order per
    /// session, and waits for one event. Flattened sessions: every page message carries its <c>sessionId</c>.
    /// </summary>
    private sealed class DevToolsConnection(ClientWebSocket socket)
    {
        private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
        private readonly List<JsonNode> _events = [];
        private readonly List<(string? Session, string Method, Func<JsonNode, bool>? Match, TaskCompletionSource Done)> _waits = [];
        private readonly Lock _lock = new();
        private int _next;

        public void Start() => _ = Task.Run(ReadAsync);

        public IReadOnlyList<JsonNode> Events(string session)
        {
            lock (_lock)
            {
                return [.. _events.Where(e => e["sessionId"]?.GetValue<string>() == session)];
            }
        }

        public async Task WaitForEventAsync(string? session, string method, CancellationToken cancellationToken) =>
            await Register(session, method, null).WaitAsync(cancellationToken);

        /// <summary>Waits up to <paramref name="limit"/> for a matching event (one already received counts); false when none came in time.</summary>
        public async Task<bool> WaitForEventAsync(string? session, string method, Func<JsonNode, bool> match, TimeSpan limit, CancellationToken cancellationToken)
        {
            try
            {
                await Register(session, method, match).WaitAsync(limit, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        private Task Register(string? session, string method, Func<JsonNode, bool>? match)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (match is not null && _events.Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == session && match(e)))
                {
                    done.TrySetResult();
                }
                else
                {
                    _waits.Add((session, method, match, done));
                }
            }

            return done.Task;
        }

        public async Task<JsonNode> SendAsync(string? session, string method, JsonObject? parameters, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_lock)
            {
                id = ++_next;
                _pending[id] = answer;
            }

            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
            if (session is not null)
            {
                message["sessionId"] = session;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var reply = await answer.Task.WaitAsync(cancellationToken);
            if (reply["error"] is { } error)
            {
                throw new CaptureException($"the browser refused {method}: {error["message"]?.GetValue<string>()}");
            }

            return reply["result"] ?? new JsonObject();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    message.Write(buffer, 0, received.Count);
                    if (!received.EndOfMessage)
                    {
                        continue;
                    }

                    var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!;
                    message.SetLength(0);
                    Dispatch(node);
                }
            }
            catch (WebSocketException)
            {
                // The browser went away: whoever still waits times out with the capture's own message.
            }
        }

        private void Dispatch(JsonNode node)
        {
            lock (_lock)
            {
                if (node["id"] is { } id && _pending.Remove(id.GetValue<int>(), out var answer))
                {
                    answer.TrySetResult(node);
                    return;
                }

                if (node["method"]?.GetValue<string>() is not { } method)
                {
                    return;
                }

                _events.Add(node);
                var session = node["sessionId"]?.GetValue<string>();
                foreach (var wait in _waits.Where(w => w.Method == method && w.Session == session && (w.Match is null || w.Match(node))).ToList())
                {
                    wait.Done.TrySetResult();
                    _waits.Remove(wait);
                }
            }
        }
    }
}
