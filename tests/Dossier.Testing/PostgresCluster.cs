using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Dossier.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a fresh temp folder, <c>pg_ctl start</c>
/// on a free loopback port with durability switched off, trust authentication for the user
/// <c>dossier</c>. No Docker: the Debian server package is all it needs (see ADR 0501).
/// </summary>
/// <remarks>
/// <c>initdb</c> refuses to run as root, so as root every server command runs as the <c>postgres</c>
/// system user through <c>runuser</c>, and the temp folder is handed to that user.
/// </remarks>
public sealed class PostgresCluster : IDisposable
{
    public const string UserName = "dossier";

    private const string FolderPrefix = "dossier-pg-";
    private const string OwnerFileName = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<PostgresCluster> SharedCluster = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Availability> Probe = new(ProbeMachine, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _binDirectory;
    private readonly bool _runAsPostgres;
    private int _disposed;

    private PostgresCluster(string binDirectory, bool runAsPostgres, string rootDirectory)
    {
        _binDirectory = binDirectory;
        _runAsPostgres = runAsPostgres;
        RootDirectory = rootDirectory;
    }

    /// <summary>True when <c>initdb</c>/<c>pg_ctl</c> were found and, as root, the <c>postgres</c> user exists.</summary>
    public static bool IsAvailable => Probe.Value.BinDirectory is not null;

    /// <summary>Why the cluster cannot start on this machine, or null when it can.</summary>
    public static string? UnavailableReason => Probe.Value.Reason;

    /// <summary>The folder holding <c>initdb</c> and <c>pg_ctl</c>, or null.</summary>
    public static string? BinDirectory => Probe.Value.BinDirectory;

    /// <summary>
    /// One cluster per test process, started on first use and stopped when the process exits.
    /// Throws with <see cref="UnavailableReason"/> when PostgreSQL is missing.
    /// </summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>The temp folder holding the data directory, the socket directory and the server log.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string SocketDirectory => Path.Combine(RootDirectory, "socket");

    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>The TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Wall time from <c>initdb</c> to a server accepting connections.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Npgsql connection string to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Starts a new private cluster; the caller disposes it. Most tests want <see cref="Shared"/>.</summary>
    public static PostgresCluster Start()
    {
        var probe = Probe.Value;
        if (probe.BinDirectory is null)
        {
            throw new InvalidOperationException(probe.Reason);
        }

        // As root the server user must reach the folder, and TMPDIR may point somewhere private
        // (under /root), so the cluster then lives under /tmp.
        var baseDirectory = probe.RunAsPostgres ? "/tmp" : Path.GetTempPath();
        RemoveOrphans(baseDirectory, probe.BinDirectory, probe.RunAsPostgres);
        var root = Directory.CreateDirectory(Path.Combine(baseDirectory, FolderPrefix + Path.GetRandomFileName())).FullName;
        File.WriteAllText(Path.Combine(root, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var cluster = new PostgresCluster(probe.BinDirectory, probe.RunAsPostgres, root);
        try
        {
            cluster.InitializeAndStart();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Npgsql connection string to a database of this cluster.</summary>
    public string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = UserName,
            Database = database,
        };
        return builder.ConnectionString;
    }

    /// <summary>
    /// Creates an empty database and returns its connection string. The name must be a plain
    /// identifier (letters, digits, underscore; at most 63 bytes) and must not exist yet.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The name was checked above, so quoting it is enough; CREATE DATABASE takes no parameters.
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server at once (no checkpoint: the data is thrown away) and deletes the folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            StopAndDelete(RootDirectory, _binDirectory, _runAsPostgres);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Stopping is best effort: the next Start sweeps up what is left (see RemoveOrphans).
        }
    }

    private static void StopAndDelete(string rootDirectory, string binDirectory, bool runAsPostgres)
    {
        var dataDirectory = Path.Combine(rootDirectory, "data");
        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            RunServerCommand(binDirectory, runAsPostgres, rootDirectory, "pg_ctl",
                ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], throwOnFailure: false);
        }

        try
        {
            // The data first, so an interrupted delete leaves the owner file for the next sweep.
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            Directory.Delete(rootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing a test run over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Removes clusters whose test process is gone. The test host may be killed before the exit
    /// handler finishes (or crash), which would otherwise leave servers and folders behind.
    /// </summary>
    private static void RemoveOrphans(string baseDirectory, string binDirectory, bool runAsPostgres)
    {
        foreach (var folder in Directory.EnumerateDirectories(baseDirectory, FolderPrefix + "*"))
        {
            var ownerFile = Path.Combine(folder, OwnerFileName);
            try
            {
                if (File.Exists(ownerFile))
                {
                    if (!int.TryParse(File.ReadAllText(ownerFile).Trim(), CultureInfo.InvariantCulture, out var owner)
                        || Directory.Exists(Path.Combine("/proc", owner.ToString(CultureInfo.InvariantCulture))))
                    {
                        continue;
                    }
                }
                else if (TimeProvider.System.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(folder) < TimeSpan.FromMinutes(5)
                    || File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                {
                    // Without an owner file it is either being created right now or half deleted;
                    // only an old one with no server running is surely left over.
                    continue;
                }

                StopAndDelete(folder, binDirectory, runAsPostgres);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                // Another user's or a half-removed folder: not ours to fight over.
            }
        }
    }

    internal static void ValidateDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > 63)
        {
            throw new ArgumentException($"Database name '{name}' is longer than PostgreSQL's 63-byte limit.", nameof(name));
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException(
                    $"Database name '{name}' may hold only ASCII letters, digits and '_' (found '{c}').", nameof(name));
            }
        }
    }

    internal static bool IsRoot => RootCheck.Value;

    private static readonly Lazy<bool> RootCheck = new(() =>
        string.Equals(Environment.UserName, "root", StringComparison.Ordinal)
        || string.Equals(RunQuietly("id", ["-u"])?.Trim(), "0", StringComparison.Ordinal));

    private static PostgresCluster StartShared()
    {
        var cluster = Start();
        // A quick stop at a normal exit; the watchdog (StartWatchdog) covers a killed or crashed host.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    /// <summary>
    /// The test runner kills its test host soon after the last test, often in the middle of an exit
    /// handler, and a crashed host runs none. A detached shell therefore waits for this process to
    /// end (or the folder to go), then stops the server and deletes the folder. The shell puts it in
    /// the background and exits, so it is not in the host's process tree when that tree is killed.
    /// </summary>
    private void StartWatchdog()
    {
        const string script =
            "(while kill -0 \"$1\" 2>/dev/null && [ -d \"$2\" ]; do sleep 1; done; "
            + "owner=$1; root=$2; shift 2; "
            + "if [ -f \"$root/data/postmaster.pid\" ]; then \"$@\"; fi; "
            + "rm -rf -- \"$root\") </dev/null >/dev/null 2>&1 &";
        var pgCtl = Path.Combine(_binDirectory, "pg_ctl");
        List<string> stop = _runAsPostgres
            ? ["runuser", "-u", "postgres", "--", pgCtl, "stop", "-D", DataDirectory, "-m", "immediate"]
            : [pgCtl, "stop", "-D", DataDirectory, "-m", "immediate"];
        Run("sh", ["-c", script, "sh", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), RootDirectory, .. stop]);
    }

    private void InitializeAndStart()
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(SocketDirectory);
        if (_runAsPostgres)
        {
            // The folder was made by root; the server user must own it (initdb also insists on it).
            Run("chown", ["-R", "postgres:postgres", RootDirectory]);
        }

        StartWatchdog();
        RunServerCommand("initdb",
        [
            "-D", DataDirectory,
            "-A", "trust",
            "--auth-local=trust",
            "-U", UserName,
            "-E", "UTF8",
            "--locale", PickLocale(),
            "--no-sync",
        ]);

        // The port is picked by binding port 0 and releasing it; another process may take it in the
        // gap, so a failed start is retried on a new port.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var options = string.Create(CultureInfo.InvariantCulture,
                $"-h 127.0.0.1 -p {Port} -k '{SocketDirectory}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            var (exitCode, output) = RunServerCommand("pg_ctl",
                ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", options], throwOnFailure: false);
            if (exitCode == 0)
            {
                break;
            }

            if (attempt == attempts)
            {
                throw new InvalidOperationException(
                    $"pg_ctl start failed {attempts} times (exit {exitCode}): {output}\nServer log {LogFile}:\n{ReadLog()}");
            }
        }

        StartupTime = clock.Elapsed;
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
    }

    private (int ExitCode, string Output) RunServerCommand(string tool, IReadOnlyList<string> arguments, bool throwOnFailure = true) =>
        RunServerCommand(_binDirectory, _runAsPostgres, RootDirectory, tool, arguments, throwOnFailure);

    private static (int ExitCode, string Output) RunServerCommand(
        string binDirectory, bool runAsPostgres, string rootDirectory, string tool, IReadOnlyList<string> arguments, bool throwOnFailure)
    {
        var executable = Path.Combine(binDirectory, tool);
        if (!runAsPostgres)
        {
            return Run(executable, arguments, throwOnFailure, rootDirectory);
        }

        // runuser keeps the environment and needs no password or terminal, which suits a test host.
        List<string> wrapped = ["-u", "postgres", "--", executable, .. arguments];
        return Run("runuser", wrapped, throwOnFailure, rootDirectory);
    }

    private static (int ExitCode, string Output) Run(
        string fileName, IReadOnlyList<string> arguments, bool throwOnFailure = true, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The server user cannot enter the test's folder; a folder it owns avoids "could not identify current directory".
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Locale settings from the caller must not leak into initdb; --locale decides.
        info.Environment.Remove("LC_ALL");
        info.Environment.Remove("PGDATA");
        info.Environment.Remove("PGPORT");

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        // WaitForExit(TimeSpan) can return before the pipes drain; the parameterless overload waits for them.
        process.WaitForExit();
        var output = (stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult()).Trim();
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output}");
        }

        return (process.ExitCode, output);
    }

    private static string? RunQuietly(string fileName, IReadOnlyList<string> arguments)
    {
        try
        {
            var (exitCode, output) = Run(fileName, arguments, throwOnFailure: false);
            return exitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // The program is not installed.
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string PickLocale()
    {
        var locales = RunQuietly("locale", ["-a"]) ?? "";
        var hasCUtf8 = locales.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(l => string.Equals(l, "C.utf8", StringComparison.OrdinalIgnoreCase)
                   || string.Equals(l, "C.UTF-8", StringComparison.OrdinalIgnoreCase));
        return hasCUtf8 ? "C.UTF-8" : "C";
    }

    private sealed record Availability(string? BinDirectory, bool RunAsPostgres, string? Reason);

    private static Availability ProbeMachine()
    {
        var bin = FindBinDirectory();
        if (bin is null)
        {
            return new(null, false,
                "PostgreSQL is not installed: initdb and pg_ctl were not found on PATH or in /usr/lib/postgresql/*/bin "
                + "(install the Debian package 'postgresql', or run .ci/run as root).");
        }

        if (!IsRoot)
        {
            return new(bin, false, null);
        }

        if (!SystemUserExists("postgres"))
        {
            return new(null, false,
                "Running as root, and initdb refuses root, but there is no 'postgres' system user to run it as "
                + "(installing the Debian package 'postgresql' creates it).");
        }

        if (RunQuietly("runuser", ["--help"]) is null)
        {
            return new(null, false, "Running as root, but 'runuser' (util-linux) is missing, so initdb cannot run as 'postgres'.");
        }

        return new(bin, true, null);
    }

    private static string? FindBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (File.Exists(initdb))
            {
                // Debian links initdb into PATH; pg_ctl and postgres live beside the link's target.
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                var targetDir = Path.GetDirectoryName(target)!;
                if (File.Exists(Path.Combine(targetDir, "pg_ctl")))
                {
                    return targetDir;
                }
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debianRoot)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
            .Where(v => v.Version is not null && File.Exists(Path.Combine(v.Dir, "initdb")) && File.Exists(Path.Combine(v.Dir, "pg_ctl")))
            .OrderByDescending(v => v.Version)
            .Select(v => v.Dir)
            .FirstOrDefault();
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : null;

    private static bool SystemUserExists(string name)
    {
        try
        {
            return File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal))
                || RunQuietly("id", ["-u", name]) is not null;
        }
        catch (IOException)
        {
            return RunQuietly("id", ["-u", name]) is not null;
        }
    }
}
