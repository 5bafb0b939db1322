using System.Runtime.InteropServices;
using System.Text;

namespace Dossier.Cli.Commands;

/// <summary>
/// Where every command's <c>--out</c> goes. <c>-</c> is standard output. A regular file (or a name not yet
/// taken) is written beside itself and renamed over the destination, so a reader never sees half a file and
/// a failure leaves the old one. Anything else — a device, a FIFO, <c>/dev/stdout</c>, a symbolic link to one —
/// is written in place: renaming over it would replace the device or pipe with a regular file. The content is
/// produced into a temporary file first, so a failure writes nothing to the destination either way.
/// </summary>
internal static class OutputFile
{
    public const string StandardOutput = "-";

    /// <summary>True when <paramref name="path"/> sends the data to standard output, so summaries must go to standard error.</summary>
    public static bool IsStandardOutput(string? path) => path is StandardOutput or "/dev/stdout" or "/proc/self/fd/1";

    /// <summary>Where a command prints its summary and progress: standard error when the data goes to standard output.</summary>
    public static TextWriter Summary(string? path) => IsStandardOutput(path) ? Console.Error : Console.Out;

    /// <summary>The name to show for <paramref name="path"/> in messages.</summary>
    public static string Describe(string path) => path == StandardOutput ? "standard output" : Path.GetFullPath(path);

    /// <summary>Writes UTF-8 text (no byte order mark).</summary>
    public static Task WriteTextAsync(string path, Func<TextWriter, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(path, async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await write(writer);
            await writer.FlushAsync(cancellationToken);
        }, text: true, cancellationToken);

    /// <summary>Writes what <paramref name="produce"/> writes to the (seekable) stream it is given.</summary>
    public static async Task WriteAsync(string path, Func<Stream, Task> produce, bool text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(produce);
        if (path != StandardOutput && IsRegularOrAbsent(path))
        {
            await WriteAndRenameAsync(FinalTarget(path), produce, cancellationToken);
            return;
        }

        var temporary = Path.Combine(Path.GetTempPath(), $"dossier-out-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, NewOwnerOnlyFile()))
            {
                await produce(file);
                await file.FlushAsync(cancellationToken);
                file.Position = 0;
                if (path == StandardOutput && text)
                {
                    // Through Console.Out, so whatever the process set as its output (a test, a host) receives it.
                    using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 1 << 16, leaveOpen: true);
                    var buffer = new char[1 << 16];
                    int read;
                    while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await Console.Out.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }

                    await Console.Out.FlushAsync(cancellationToken);
                }
                else
                {
                    await using var target = path == StandardOutput
                        ? Console.OpenStandardOutput()
                        : new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0);
                    await file.CopyToAsync(target, cancellationToken);
                    await target.FlushAsync(cancellationToken);
                }
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteAndRenameAsync(string target, Func<Stream, Task> produce, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{target}: the folder {directory} does not exist");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, NewOwnerOnlyFile()))
            {
                await produce(file);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A symbolic link to a regular file keeps being a link: the file it points at is the one replaced.</summary>
    private static string FinalTarget(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target ? target.FullName : full;
    }

    /// <summary>Whether <paramref name="path"/> (following links) is a regular file or does not exist yet.</summary>
    internal static bool IsRegularOrAbsent(string path)
    {
        if (Directory.Exists(path))
        {
            return true; // the rename then fails with the usual "is a folder" error
        }

        if (OperatingSystem.IsWindows())
        {
            return !File.Exists(path) || !File.GetAttributes(path).HasFlag(FileAttributes.Device);
        }

        if (!File.Exists(path) && !IsLink(path))
        {
            return true;
        }

        try
        {
            if (Native.Stat(path, out var status) != 0)
            {
                return !File.Exists(path); // a dangling link: the rename replaces the link
            }

            return (status.Mode & Native.FileTypeMask) == Native.RegularFile;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the runtime's native shim, fall back on what is known to be special.
            var full = Path.GetFullPath(path);
            return !(full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal));
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// stat(2) through the .NET runtime's own native shim (libSystem.Native, shipped with every runtime), which
    /// gives the file type in a layout that does not depend on the C library or the architecture.
    /// </summary>
    private static class Native
    {
        public const int FileTypeMask = 0xF000;
        public const int RegularFile = 0x8000;

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

        /// <summary>The first fields of the shim's FileStatus; the rest is room for the fields after them.</summary>
        [StructLayout(LayoutKind.Sequential, Size = 512)]
        public struct FileStatus
        {
            public int Flags;
            public int Mode;
        }
    }

    // Every output may hold names (exports, clusters, estimates' inputs): owner-only from the moment it exists.
    private static FileStreamOptions NewOwnerOnlyFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Dossier.Application.Access.OwnerOnlyFiles.File;
        }

        return options;
    }
}
