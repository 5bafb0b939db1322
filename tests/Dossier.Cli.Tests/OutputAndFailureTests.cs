using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// Issue 13: --out never replaces a pipe or device with a file, - is standard output, no colour codes in
/// redirected output, one verdict from verify --since, and plain errors for a taken port or an unreachable
/// or refusing PostgreSQL. FIFOs stand in for devices: the tests never touch /dev/null.
/// </summary>
[Collection(CliCollection.Name)]
public class OutputAndFailureTests
{
    private static string Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{file}: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    private static string MakeFifo(string folder, string name = "out.fifo")
    {
        var path = Path.Combine(folder, name);
        Shell("mkfifo", path);
        return path;
    }

    private static string FileType(string path) => Shell("stat", "-L", "-c", "%F", path);

    /// <summary>Runs the CLI writing to <paramref name="fifo"/> while another thread reads it; returns what came through.</summary>
    private static (CliResult Result, byte[] Received) ThroughFifo(string fifo, params string[] args)
    {
        var reader = Task.Run(() => File.ReadAllBytes(fifo));
        var result = Cli.Run(args);
        if (!reader.IsCompleted)
        {
            // The command never opened the FIFO: open it once so the reader returns, and let the assertions say so.
            using var unblock = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }

        return (result, reader.GetAwaiter().GetResult());
    }

    private static string SyntheticList()
    {
        var folder = Cli.NewWorkspace();
        Cli.Run("synth", "lists", "--people", "150", "--seed", "5", "--out", folder).ExitCode.ShouldBe(0);
        return Path.Combine(folder, "ngo.csv");
    }

    private static string Histories()
    {
        var path = Path.Combine(Cli.NewWorkspace(), "histories.csv");
        File.WriteAllText(path, "A,B,C,count\n1,0,0,120\n0,1,0,110\n0,0,1,95\n1,1,0,40\n1,0,1,35\n0,1,1,30\n1,1,1,12\n");
        return path;
    }

    [Fact]
    public void Dedupe_writes_into_a_fifo_and_a_link_to_one_without_replacing_them()
    {
        var list = SyntheticList();
        var folder = Cli.NewWorkspace();
        var fifo = MakeFifo(folder);
        var link = Path.Combine(folder, "link-to-fifo");
        File.CreateSymbolicLink(link, fifo);

        var (direct, first) = ThroughFifo(fifo, "dedupe", "--input", list, "--id", "record_id", "--out", fifo, "--quiet");
        var (linked, second) = ThroughFifo(fifo, "dedupe", "--input", list, "--id", "record_id", "--out", link, "--quiet");

        direct.ExitCode.ShouldBe(0, direct.All);
        linked.ExitCode.ShouldBe(0, linked.All);
        System.Text.Encoding.UTF8.GetString(first).ShouldStartWith("record_id,cluster_id\n");
        second.ShouldBe(first);
        FileType(fifo).ShouldBe("fifo");
        File.ResolveLinkTarget(link, returnFinalTarget: false)!.FullName.ShouldBe(fifo);
        Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToArray().ShouldBe(new[] { link, fifo }.Order(StringComparer.Ordinal).ToArray(), "no temporary file is left beside the FIFO");
    }

    [Fact]
    public void Link_to_standard_output_keeps_the_summary_on_standard_error()
    {
        var list = SyntheticList();

        var result = Cli.Run("link", "--left", list, "--right", list, "--id", "record_id", "--out", "-");

        result.ExitCode.ShouldBe(0, result.All);
        result.Output.ShouldStartWith("left_id,right_id,probability\n");
        result.Output.ShouldNotContain("written");
        result.Error.ShouldContain("written standard output");
    }

    [Fact]
    public void Estimate_to_standard_output_prints_only_the_json_there()
    {
        var result = Cli.Run("estimate", "--input", Histories(), "--method", "loglinear", "--out", "-");

        result.ExitCode.ShouldBe(0, result.All);
        JsonDocument.Parse(result.Output).RootElement.GetProperty("source").GetString()!.ShouldEndWith("histories.csv");
        result.Error.ShouldContain("Hierarchical log-linear models");
    }

    [Fact]
    public void Estimate_into_a_fifo_leaves_it_a_fifo()
    {
        var fifo = MakeFifo(Cli.NewWorkspace());

        var (result, received) = ThroughFifo(fifo, "estimate", "--input", Histories(), "--method", "loglinear", "--out", fifo);

        result.ExitCode.ShouldBe(0, result.All);
        JsonDocument.Parse(received).RootElement.GetProperty("lists").GetArrayLength().ShouldBe(3);
        FileType(fifo).ShouldBe("fifo");
    }

    [Fact]
    public void Workspace_export_and_a_court_bundle_go_through_a_fifo_and_the_export_to_standard_output()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var statement = Path.Combine(workspace, "statement.txt");
        File.WriteAllText(statement, "witness statement (synthetic)");
        Cli.Run("evidence", "add", statement, "--collector", "A (synthetic)", "--collected-at", "2023-05-04T10:00:00Z", "--zone", "UTC",
            "--method", "download", "--workspace", workspace).ExitCode.ShouldBe(0);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(statement)));
        var fifo = MakeFifo(Cli.NewWorkspace());

        var toStdout = Cli.Run("export", "--out", "-", "--workspace", workspace);
        var (export, exported) = ThroughFifo(fifo, "export", "--out", fifo, "--workspace", workspace);
        var (bundle, zip) = ThroughFifo(fifo, "export", "bundle", "--items", hash, "--out", fifo, "--workspace", workspace);

        toStdout.ExitCode.ShouldBe(0, toStdout.All);
        JsonDocument.Parse(toStdout.Output).RootElement.GetProperty("format").GetString().ShouldBe("dossier-workspace");
        toStdout.Error.ShouldContain("to standard output");
        export.ExitCode.ShouldBe(0, export.All);
        JsonDocument.Parse(exported).RootElement.GetProperty("format").GetString().ShouldBe("dossier-workspace");
        bundle.ExitCode.ShouldBe(0, bundle.All);
        FileType(fifo).ShouldBe("fifo");
        var copy = Path.Combine(Cli.NewWorkspace(), "received.zip");
        File.WriteAllBytes(copy, zip);
        Cli.Run("verify", copy).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Output_redirected_to_a_file_holds_no_terminal_colour_codes_even_when_TERM_says_xterm()
    {
        // A separate process, so its standard output really is redirected, as `dossier estimate > report.txt` would be.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { typeof(DossierCommand).Assembly.Location, "estimate", "--input", Histories(), "--method", "loglinear" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, await error);
        output.ShouldContain("Hierarchical log-linear models");
        output.ShouldNotContain("\u001b[");
    }

    [Fact]
    public void Verify_since_an_unreadable_note_ends_with_one_failing_verdict()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        // One entry: an empty ledger fails verify on its own account.
        Cli.Run("user", "add", "vera", "--role", "viewer", "--workspace", workspace).ExitCode.ShouldBe(0);
        var note = Path.Combine(workspace, "bad.note");
        File.WriteAllText(note, "this is not a signed checkpoint\n");

        var result = Cli.Run("verify", "--since", note, "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldNotContain("OK");
        result.Error.ShouldContain("FAILED: bad.note: ");
        result.Error.TrimEnd().Split('\n')[^1].ShouldStartWith("NOT VERIFIED: the ledger's 1 entries are intact, but it is not shown to extend bad.note");
    }

    [Fact]
    public void Serve_on_a_port_in_use_says_the_port_is_taken()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = Cli.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workspace", workspace);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"error: port {port} on 127.0.0.1 is taken by another program");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_closed_postgres_port_is_named_without_a_stack_trace()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = Cli.Run("verify", "--database", $"Host=127.0.0.1;Port={port};Username=dossier;Password=not-printed;Database=dossier", "--workspace", Cli.NewWorkspace());

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"error: could not reach PostgreSQL at 127.0.0.1:{port}: ");
        result.Error.ShouldContain("ConnectionRefused");
        result.Error.ShouldNotContain("   at ");
        result.Error.ShouldNotContain("not-printed");
    }

    [PostgresFact]
    public void A_user_or_database_the_server_refuses_is_named()
    {
        var cluster = PostgresCluster.Shared;
        var server = $"Host=127.0.0.1;Port={cluster.Port}";

        var noUser = Cli.Run("verify", "--database", $"{server};Username=nobody_here;Database=postgres", "--workspace", Cli.NewWorkspace());
        var noDatabase = Cli.Run("verify", "--database", $"{server};Username={PostgresCluster.UserName};Database=no_such_case", "--workspace", Cli.NewWorkspace());

        noUser.ExitCode.ShouldBe(1);
        noUser.Error.ShouldContain($"error: PostgreSQL at 127.0.0.1:{cluster.Port} refused user 'nobody_here'");
        noDatabase.ExitCode.ShouldBe(1);
        noDatabase.Error.ShouldContain($"error: PostgreSQL at 127.0.0.1:{cluster.Port} has no database 'no_such_case'");
        (noUser.Error + noDatabase.Error).ShouldNotContain("   at ");
    }
}
