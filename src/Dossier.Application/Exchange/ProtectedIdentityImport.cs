using Dossier.Application.Protection;
using Dossier.Domain.Records;

namespace Dossier.Application.Exchange;

/// <summary>
/// Turns a file's <c>protectedIdentities</c> entries into seal requests: reads photo files (only from
/// the import file's folder), checks every field, and makes placeholder records so the file's other
/// records may refer to the protected people by id before they are sealed.
/// </summary>
internal sealed class ProtectedIdentityImport
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public List<(SealRequest Request, int Line)> Requests { get; } = [];

    public List<FileError> Errors { get; } = [];

    /// <summary>Stand-ins for the pseudonymous records, validated with the rest of the file.</summary>
    public List<Record> Placeholders { get; } = [];

    public int? LineOf(string recordId) => _lines.TryGetValue(recordId, out var line) ? line : null;

    public static ProtectedIdentityImport Prepare(WorkspaceFileContent content, string path, bool canSeal)
    {
        var prepared = new ProtectedIdentityImport();
        var fileName = Path.GetFileName(path);
        var folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(path))!);
        for (var i = 0; i < content.ProtectedIdentities.Count; i++)
        {
            var entry = content.ProtectedIdentities[i];
            var label = $"{ProtectedIdentityBlock.Key}[{entry.Index}]";
            if (!canSeal)
            {
                prepared.Errors.Add(new FileError(fileName, entry.Line, label, "this file holds protected identities: import it with `dossier import`, which seals them under the workspace's master key"));
                continue;
            }

            var photos = new List<SealedPhoto>();
            for (var p = 0; p < entry.Identity.Photos.Count; p++)
            {
                var photo = entry.Identity.Photos[p];
                var field = $"identity.photos[{p}]";
                var bytes = ReadPhoto(photo, folder, out var problem);
                if (bytes is null)
                {
                    prepared.Errors.Add(new FileError(fileName, ProtectedIdentityBlock.LineOf(entry, field, WorkspaceFile.Locate), $"{label}.{field}", problem!));
                    continue;
                }

                photos.Add(new SealedPhoto(photo.MediaType, bytes));
            }

            var request = new SealRequest(new SealedIdentity
            {
                Names = entry.Identity.Names,
                Contact = entry.Identity.Contact,
                Location = entry.Identity.Location,
                Notes = entry.Identity.Notes,
                Photos = photos,
                Synthetic = entry.Synthetic,
            }, entry.Category)
            {
                SubjectId = entry.Id,
                Notes = entry.Notes,
                Synthetic = entry.Synthetic,
                Sources = entry.Sources,
            };
            foreach (var error in ProtectionService.Check(request, entry.Id ?? label))
            {
                prepared.Errors.Add(new FileError(fileName, ProtectedIdentityBlock.LineOf(entry, error.Field, WorkspaceFile.Locate), $"{label}.{error.Field}", error.Message));
            }

            if (entry.Id is not null)
            {
                prepared.Placeholders.Add(ProtectionService.PseudonymousRecord(request, entry.Id, "W-000"));
                prepared._lines[entry.Id] = entry.Line;
            }

            prepared.Requests.Add((request, entry.Line));
        }

        return prepared;
    }

    private static byte[]? ReadPhoto(ImportedPhoto photo, string folder, out string? problem)
    {
        problem = null;
        if ((photo.File is null) == (photo.Base64 is null))
        {
            problem = "give either file (a path beside the workspace file) or base64, not both or neither";
            return null;
        }

        if (photo.Base64 is not null)
        {
            try
            {
                return Convert.FromBase64String(photo.Base64);
            }
            catch (FormatException)
            {
                problem = "base64 is not valid base64";
                return null;
            }
        }

        // A photo path may not leave the import file's folder (no "../", no absolute paths elsewhere).
        var full = Path.GetFullPath(Path.Combine(folder, photo.File!));
        if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "file must be inside the workspace file's folder";
            return null;
        }

        if (!File.Exists(full))
        {
            problem = "file does not exist";
            return null;
        }

        if (new FileInfo(full).Length > ProtectionService.MaxPayloadBytes)
        {
            problem = $"file is larger than {ProtectionService.MaxPayloadBytes / (1024 * 1024)} MB";
            return null;
        }

        return File.ReadAllBytes(full);
    }
}
