using System.CommandLine;
using Dossier.Application.Workspace;
using Dossier.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Dossier.Cli.Commands;

/// <summary><c>serve</c>: the web UI and REST API on 127.0.0.1.</summary>
internal static class ServeCommand
{
    public static readonly Option<int> Port = new("--port", "-p")
    {
        Description = "Port on 127.0.0.1 (0 picks a free one).",
        DefaultValueFactory = _ => 5088,
    };

    public static readonly Option<string[]> TrustProxy = new("--trust-proxy")
    {
        Description = "The address of a reverse proxy in front of Dossier whose X-Forwarded-For names the client (repeat for several). Without it the header is ignored.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the web UI and the REST API (/api/v1, OpenAPI at /openapi/v1.json) on 127.0.0.1 until Ctrl+C.") { Port, TrustProxy };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (result.GetValue(Port) is < 0 or > 65535)
            {
                Console.Error.WriteLine("error: --port must be between 0 and 65535");
                return ExitCodes.Usage;
            }

            var proxies = result.GetValue(TrustProxy) ?? [];
            if (proxies.FirstOrDefault(p => !System.Net.IPAddress.TryParse(p, out _)) is { } bad)
            {
                Console.Error.WriteLine($"error: --trust-proxy: '{bad}' is not an IP address");
                return ExitCodes.Usage;
            }

            if (CaseCommands.FrameworksFor(result) is not { } frameworks)
            {
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            return await RunAsync(store, result.GetValue(Port), Application.Protection.MasterKeyStore.ForWorkspace(result.GetValue(CliOptions.Workspace)!.FullName), cancellationToken, proxies, frameworks);
        });
        return command;
    }

    public static async Task<int> RunAsync(IWorkspaceStore store, int port, Application.Protection.MasterKeyStore? identityKeys, CancellationToken cancellationToken,
        IReadOnlyList<string>? trustedProxies = null, Application.Cases.LegalFrameworks? frameworks = null)
    {
        await using var app = DossierWeb.Build(store, new WebOptions { Port = port, IdentityKeys = identityKeys, TrustedProxies = trustedProxies ?? [], Frameworks = frameworks });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception) when (AddressInUse(exception))
        {
            Console.Error.WriteLine($"error: port {port} on 127.0.0.1 is taken by another program: stop it, or pick another port with --port N (--port 0 picks a free one)");
            return ExitCodes.Failed;
        }

        var address = DossierWeb.AddressOf(app);
        Console.WriteLine($"Dossier is serving {store.Describe}");
        Console.WriteLine($"Open {address}/ in a browser. Press Ctrl+C to stop.");
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: a normal way to stop.
        }

        return ExitCodes.Ok;
    }

    // Kestrel reports "Failed to bind to address …" as an IOException around AddressInUseException.
    private static bool AddressInUse(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
