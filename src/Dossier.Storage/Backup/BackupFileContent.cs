namespace Dossier.Storage.Backup;

/// <summary>
/// A backup's decrypted parts, whole, for inspection and for tests that alter a backup and seal it again
/// (restore must then refuse it on its content, not on its encryption). Holds everything in memory.
/// </summary>
public static class BackupFileContent
{
    public static IReadOnlyList<(string Name, byte[] Content)> Read(string file, string passphrase)
    {
        using var input = File.OpenRead(file);
        using var decrypted = new DecryptingStream(input, passphrase, Path.GetFileName(file));
        using var reader = new PartReader(decrypted, Path.GetFileName(file));
        var parts = new List<(string, byte[])>();
        while (reader.Next())
        {
            parts.Add((reader.Name!, reader.ReadAll(int.MaxValue)));
        }

        return parts;
    }

    public static void Write(string file, string passphrase, IEnumerable<(string Name, byte[] Content)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var output = new FileStream(file, Dossier.Application.Access.OwnerOnlyFiles.NewFile(FileMode.Create));
        using var encrypted = new EncryptingStream(output, passphrase);
        var writer = new PartWriter(encrypted);
        foreach (var (name, content) in parts)
        {
            writer.Write(name, content);
        }

        writer.End();
        encrypted.Finish();
    }
}
