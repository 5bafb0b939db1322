using System.CommandLine;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>identity seal|unseal|list|scrub</c>, <c>erase-identity</c> and <c>key rotate</c>: sealed identities
/// of protected witnesses and at-risk sources (docs/protected-identities.md). Nothing here prints or
/// logs plaintext except the unseal command's own output to the person who asked for it.
/// </summary>
internal static class IdentityCommands
{
    private static readonly Option<string?> Reason = new("--reason") { Description = "Why; recorded in the ledger. Required. Do not write the identity into it." };

    /// <summary>
    /// Who is acting: the account behind --token or DOSSIER_TOKEN (an API token, `dossier token add`),
    /// with its role. Returns null, after printing why, when there is no workspace or no valid token.
    /// </summary>
    internal static async Task<Principal?> ResolvePrincipalAsync(ParseResult result, CancellationToken cancellationToken)
    {
        if (!CliOptions.WorkspaceExists(result))
        {
            CliOptions.NoWorkspace(result);
            return null;
        }

        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        var (principal, error) = await AccountCommands.ResolvePrincipalAsync(result, store, cancellationToken);
        if (principal is null)
        {
            Console.Error.WriteLine($"error: {error}.");
        }

        return principal;
    }

    /// <summary>The sealing service of the workspace a command names; its master key is keys/master.key or $DOSSIER_MASTER_KEY.</summary>
    internal static ProtectionService ProtectionFor(IWorkspaceStore store, ParseResult result) =>
        new(store, MasterKeyStore.ForWorkspace(result.GetValue(CliOptions.Workspace)!.FullName), CliOptions.Clock);

    public static Command Identity()
    {
        var command = new Command("identity", "Sealed identities of protected witnesses (W-001 …) and at-risk sources (S-001 …): seal, unseal with a reason, list.");
        command.Subcommands.Add(Seal());
        command.Subcommands.Add(Unseal());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Scrub());
        return command;
    }

    private static Command Seal()
    {
        var names = new Option<string[]>("--name") { Description = "A name in any script (repeat for each script and alias); the script is detected.", Required = true, AllowMultipleArgumentsPerToken = false };
        var contact = new Option<string?>("--contact") { Description = "How to reach the person." };
        var location = new Option<string?>("--location") { Description = "Where the person lives or can be found." };
        var photos = new Option<FileInfo[]>("--photo") { Description = "A photo file (.jpg, .jpeg, .png, .webp, .gif, .heic); repeatable. Sealed with the identity." };
        var notes = new Option<string?>("--identity-notes") { Description = "Notes sealed with the identity." };
        var recordNotes = new Option<string?>("--record-notes") { Description = "Notes on the pseudonymous record, visible to whoever may read protected records. No identifying detail." };
        var source = new Option<bool>("--source") { Description = "An at-risk source (S-001 …) rather than a protected witness (W-001 …)." };
        var id = new Option<string?>("--id") { Description = "The record id (default: the pseudonym in lower case, w-001). It must not reveal the identity." };
        var synthetic = new Option<bool>("--synthetic") { Description = "An invented identity (demo, training): labelled SYNTHETIC everywhere." };
        var command = new Command("seal", "Seal a real identity behind the next pseudonym. Arguments can stay in your shell history: prefer `dossier import` of a file you then destroy (docs/protected-identities.md).")
        {
            names, contact, location, photos, notes, recordNotes, source, id, synthetic, Reason,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await ResolvePrincipalAsync(result, cancellationToken) is not { } principal)
            {
                return ExitCodes.Usage;
            }

            if (!AccessPolicy.CanWrite(principal.Role, Classification.ProtectedIdentity))
            {
                Console.Error.WriteLine($"error: the {AccessPolicy.Name(principal.Role)} role may not create protected-identity records.");
                return ExitCodes.Failed;
            }

            var sealedPhotos = new List<SealedPhoto>();
            foreach (var file in result.GetValue(photos) ?? [])
            {
                if (!file.Exists || MediaTypeOf(file.Extension) is not { } mediaType)
                {
                    Console.Error.WriteLine($"error: --photo: {(file.Exists ? "use a .jpg, .jpeg, .png, .webp, .gif or .heic file" : "no such file")}.");
                    return ExitCodes.Failed;
                }

                sealedPhotos.Add(new SealedPhoto(mediaType, await File.ReadAllBytesAsync(file.FullName, cancellationToken)));
            }

            var identity = new SealedIdentity
            {
                Names = [.. (result.GetValue(names) ?? []).Select(n => new PersonName(n, NameNormalizer.DetectScript(n) == Script.Latin ? "Latn" : "Arab", NameKind.Full))],
                Contact = result.GetValue(contact),
                Location = result.GetValue(location),
                Notes = result.GetValue(notes),
                Photos = sealedPhotos,
                Synthetic = result.GetValue(synthetic),
            };
            var request = new SealRequest(identity, result.GetValue(source) ? SubjectCategory.Source : SubjectCategory.Witness)
            {
                SubjectId = result.GetValue(id),
                Notes = result.GetValue(recordNotes),
                Synthetic = result.GetValue(synthetic),
            };
            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var protection = ProtectionFor(store, result);
            var hadKey = protection.Keys.Exists;
            var sealedResult = await protection.SealAsync(request, principal, result.GetValue(Reason), cancellationToken);
            if (sealedResult.Status != SealStatus.Ok)
            {
                foreach (var error in sealedResult.Errors)
                {
                    Console.Error.WriteLine($"error: {error.Field}: {error.Message}");
                }

                return ExitCodes.Failed;
            }

            if (!hadKey)
            {
                Console.WriteLine($"Created the master key {protection.Keys.Describe} (owner-only). Back it up apart from the database: without it no sealed identity can be opened.");
            }

            Console.WriteLine($"Sealed as {sealedResult.Pseudonym} (record {sealedResult.SubjectId}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Unseal()
    {
        var subject = new Argument<string>("subject") { Description = "The record id of the protected person (e.g. w-001)." };
        var photosTo = new Option<DirectoryInfo?>("--photos-to") { Description = "Write the sealed photos into this folder (owner-only files)." };
        var command = new Command("unseal", "Show the real identity behind a pseudonym. Needs the investigator or legal role and --reason; every attempt is a ledger entry.")
        {
            subject, Reason, photosTo,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (await ResolvePrincipalAsync(result, cancellationToken) is not { } principal)
            {
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var opened = await ProtectionFor(store, result).UnsealAsync(result.GetValue(subject)!, principal, result.GetValue(Reason), cancellationToken);
            if (!opened.Ok)
            {
                Console.Error.WriteLine($"error: {opened.Message}");
                return ExitCodes.Failed;
            }

            var identity = opened.Identity!;
            if (identity.Synthetic)
            {
                Console.WriteLine("SYNTHETIC: an invented identity, not a real person.");
            }

            foreach (var name in identity.Names)
            {
                Console.WriteLine($"name ({name.Script}, {name.Kind.ToString().ToLowerInvariant()}): {name.Text}");
            }

            WriteIf("contact", identity.Contact);
            WriteIf("location", identity.Location);
            WriteIf("notes", identity.Notes);
            for (var i = 0; i < identity.Photos.Count; i++)
            {
                var photo = identity.Photos[i];
                var line = $"photo {i + 1}: {photo.MediaType}, {photo.Bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes";
                if (result.GetValue(photosTo) is { } folder)
                {
                    Directory.CreateDirectory(folder.FullName);
                    var path = Path.Combine(folder.FullName, $"{result.GetValue(subject)}-photo-{i + 1}{ExtensionOf(photo.MediaType)}");
                    var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }

                    await using (var stream = new FileStream(path, options))
                    {
                        await stream.WriteAsync(photo.Bytes, cancellationToken);
                    }

                    line += $" -> {path}";
                }

                Console.WriteLine(line);
            }

            Console.Error.WriteLine(opened.Message);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List sealed subjects: pseudonym, record id, sealed or erased. Shows no identity.");
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            foreach (var subject in await ProtectionFor(store, result).ListAsync(cancellationToken))
            {
                Console.WriteLine($"{subject.Pseudonym}\t{subject.SubjectId}\t{(subject.Category == SubjectCategory.Source ? "source" : "witness")}\t"
                    + (subject.ErasedSequence is { } erased ? $"erased at entry {erased}" : $"sealed at entry {subject.SealedSequence}"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Scrub()
    {
        var command = new Command("scrub", "Scrub the database files of destroyed keys again (after an erasure reported that another process kept the SQLite WAL busy).");
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var report = await store.SealedIdentities.ScrubKeysAsync(cancellationToken);
            Console.WriteLine(report.Detail);
            return report.Complete ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    public static Command EraseIdentity()
    {
        var subject = new Argument<string>("subject") { Description = "The record id of the protected person (e.g. w-001)." };
        var rotateKey = new Option<bool>("--rotate-key")
        {
            Description = "Then rotate the master key, so copies of the destroyed wrapped key that the database cannot reach (PostgreSQL WAL, backups, file-system remnants) are wrapped under a key that no longer exists.",
        };
        var command = new Command("erase-identity", "Crypto-shred a sealed identity: destroy its data key so no one can ever open it; the ledger still verifies. Needs investigator or legal and --reason.")
        {
            subject, Reason, rotateKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (await ResolvePrincipalAsync(result, cancellationToken) is not { } principal)
            {
                return ExitCodes.Usage;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var erased = await ProtectionFor(store, result).EraseAsync(result.GetValue(subject)!, principal, result.GetValue(Reason), cancellationToken);
            if (!erased.Ok)
            {
                Console.Error.WriteLine($"error: {erased.Message}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(erased.Message);
            if (result.GetValue(rotateKey))
            {
                var protection = ProtectionFor(store, result);
                try
                {
                    // The key file is the file holder's: the rotation is the local operator's, after the erasure by the account.
                    var (count, id) = await protection.RotateAsync(CliOptions.LocalOperator, $"master key rotation after an erasure by {principal.Name}", cancellationToken);
                    Console.WriteLine($"Rotated the master key: {count} remaining data key(s) re-wrapped under {id}; the key that wrapped the destroyed one is gone.");
                }
                catch (MasterKeyException exception)
                {
                    Console.Error.WriteLine($"error: the identity is erased, but the key rotation failed: {exception.Message}");
                    return ExitCodes.Failed;
                }
            }

            return erased.Scrub is { Complete: false } ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Adds <c>rotate</c> to the existing <c>key</c> command.</summary>
    public static Command WithRotate(Command key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the ledger (default: \"master key rotation\")." };
        var rotate = new Command("rotate", "Rotate the master key that wraps the sealed identities' data keys: a new key file, every data key re-wrapped in one transaction, the old key file replaced.")
        {
            reason,
        };
        rotate.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var protection = ProtectionFor(store, result);
            try
            {
                var (count, id) = await protection.RotateAsync(CliOptions.LocalOperator, result.GetValue(reason) ?? "master key rotation", cancellationToken);
                Console.WriteLine($"Re-wrapped {count} data key(s) under the new master key {id} in {protection.Keys.Describe}; the old key is gone. Replace any backup of the old key file, and split the new key again if custodians held shares of the old one (`dossier key split`; have the old pages destroyed).");
                return ExitCodes.Ok;
            }
            catch (MasterKeyException exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failed;
            }
        });
        key.Subcommands.Add(rotate);
        return key;
    }

    private static void WriteIf(string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Console.WriteLine($"{label}: {value}");
        }
    }

    private static string? MediaTypeOf(string extension) => extension.ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".heic" => "image/heic",
        _ => null,
    };

    private static string ExtensionOf(string mediaType) => mediaType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        "image/heic" => ".heic",
        _ => ".bin",
    };
}
