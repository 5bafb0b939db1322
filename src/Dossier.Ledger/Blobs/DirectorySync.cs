using System.Runtime.InteropServices;

namespace Dossier.Ledger.Blobs;

/// <summary>
/// fsync of a directory, so a rename into it survives a power cut, not just a killed process. .NET has no
/// API for it (a directory cannot be opened as a FileStream), so on Unix we call open/fsync/close directly.
/// </summary>
internal static partial class DirectorySync
{
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return; // Windows makes a completed MoveFile durable through NTFS's own journal.
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"{directory}: cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"{directory}: fsync failed (errno {Marshal.GetLastPInvokeError()}); the file may not survive a power cut.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
