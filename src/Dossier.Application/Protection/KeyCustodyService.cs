using Dossier.Application.Access;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Application.Protection;

/// <summary>A split: k of n, one named custodian per share, the folder the share files go to.</summary>
public sealed record KeySplitRequest(int Threshold, IReadOnlyList<string> Custodians, string OutputDirectory, string Workspace);

/// <summary>The outcome of a split or a recovery. <see cref="Message"/> is safe to show and log: it holds no key and no share.</summary>
public sealed record KeyCustodyResult(bool Ok, string Message, IReadOnlyList<string> Files, string? MasterKeyId = null, string? SplitId = null, long? LedgerSequence = null)
{
    public static KeyCustodyResult Refused(string message) => new(false, message, []);
}

/// <summary>
/// Split custody of the master key (ADR 0905): Shamir shares, k of n, one printable file per named
/// custodian, made and combined by Debian's ssss (<see cref="SecretSharingTool"/>); a recovery checks
/// the rebuilt key against the fingerprint recorded with the shares and against a wrapped data key
/// before it writes keys/master.key. A split and a recovery are ledger entries (who, when, k of n,
/// custodians' names, key id): never a share, never the key.
/// </summary>
public sealed class KeyCustodyService
{
    public const int MaxCustodianName = 200;

    private readonly IWorkspaceStore _store;
    private readonly MasterKeyStore _keys;
    private readonly SecretSharingTool _tool;
    private readonly TimeProvider _time;

    public KeyCustodyService(IWorkspaceStore store, MasterKeyStore keys, SecretSharingTool tool, TimeProvider time)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _tool = tool ?? throw new ArgumentNullException(nameof(tool));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Splits the workspace's master key into one share per custodian, any <see cref="KeySplitRequest.Threshold"/>
    /// of which rebuild it; writes one owner-only file per custodian into a new or empty-of-shares folder,
    /// then appends <c>identity.key-split</c>. If the append fails, the files are deleted.
    /// </summary>
    public async Task<KeyCustodyResult> SplitAsync(KeySplitRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusalAsync(by, "splitting the master key", cancellationToken) is { } refused)
        {
            return refused;
        }

        var actor = Actor.Of(by, reason);
        var custodians = request.Custodians.Select(c => c.Trim()).ToList();
        if (custodians.Any(c => c.Length == 0 || c.Length > MaxCustodianName || c.Any(char.IsControl) || c.Contains(';', StringComparison.Ordinal)))
        {
            return KeyCustodyResult.Refused($"Each --custodian must be a name of 1 to {MaxCustodianName} characters, on one line, without ';'.");
        }

        if (custodians.Distinct(StringComparer.OrdinalIgnoreCase).Count() != custodians.Count)
        {
            return KeyCustodyResult.Refused("Each custodian may be named once: one share per person.");
        }

        if (custodians.Count is < 2 or > 255 || request.Threshold < 2 || request.Threshold > custodians.Count)
        {
            return KeyCustodyResult.Refused($"Name 2 to 255 custodians and a threshold from 2 to their number (given {request.Threshold} of {custodians.Count}): one share alone must never be the key.");
        }

        if (!_keys.Exists)
        {
            return KeyCustodyResult.Refused($"There is no master key to split ({_keys.Describe} does not exist): one is made at the first seal.");
        }

        var splitId = "split-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var files = Enumerable.Range(1, custodians.Count)
            .Select(i => Path.Combine(request.OutputDirectory, FileName(i, custodians.Count, custodians[i - 1])))
            .ToList();
        if (files.FirstOrDefault(File.Exists) is { } existing)
        {
            return KeyCustodyResult.Refused($"{existing} already exists: choose another --out folder (a share file is never overwritten).");
        }

        string masterKeyId;
        IReadOnlyList<string> shares;
        try
        {
            using var master = _keys.Load();
            masterKeyId = master.Id;
            shares = await _tool.SplitAsync(master.KeyBytes, request.Threshold, custodians.Count, cancellationToken);
        }
        catch (Exception exception) when (exception is MasterKeyException or SecretSharingException)
        {
            return KeyCustodyResult.Refused(exception.Message);
        }

        var now = _time.GetUtcNow();
        var written = new List<string>();
        try
        {
            CreatePrivateDirectory(request.OutputDirectory);
            for (var i = 0; i < shares.Count; i++)
            {
                var file = new KeyShareFile(custodians[i], request.Workspace, masterKeyId, splitId, now, request.Threshold, custodians.Count, i + 1, custodians, shares[i]);
                WritePrivateFile(files[i], file.Format());
                written.Add(files[i]);
            }

            var body = new KeyCustodyBody(masterKeyId, splitId, request.Threshold, custodians, Shares: custodians.Count, Tool: SecretSharingTool.Package);
            var why = string.IsNullOrWhiteSpace(actor.Reason) ? $"master key split into {request.Threshold}-of-{custodians.Count} custody shares" : actor.Reason;
            var appended = await _store.AppendAsync([Entries.IdentityKeySplit.New(body, actor.Name, now, why)], cancellationToken);
            return new KeyCustodyResult(true,
                $"Split the master key {masterKeyId} into {custodians.Count} shares, any {request.Threshold} of which rebuild it ({splitId}; ledger entry {appended[0].Sequence}).",
                written, masterKeyId, splitId, appended[0].Sequence);
        }
        catch
        {
            // No entry, no shares: a share the ledger does not know of must not exist.
            foreach (var file in written)
            {
                File.Delete(file);
            }

            throw;
        }
    }

    /// <summary>
    /// Rebuilds the master key from share files and writes it to the store's key file (owner-only).
    /// Refused, with nothing written, when the shares are too few, of different splits or keys, or
    /// altered (the rebuilt key's fingerprint differs from the recorded id), when the key does not open
    /// the workspace's wrapped data keys, or when a key file exists and <paramref name="replace"/> is false.
    /// </summary>
    public async Task<KeyCustodyResult> RecoverAsync(IReadOnlyList<string> shareFiles, bool replace, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shareFiles);
        if (await RefusalAsync(by, "recovering the master key", cancellationToken) is { } refused)
        {
            return refused;
        }

        var actor = Actor.Of(by, reason);
        if (_keys.FilePath is not { } keyPath)
        {
            return KeyCustodyResult.Refused($"A recovery writes a key file; {_keys.Describe} is not one.");
        }

        var parsed = new List<KeyShareFile>();
        foreach (var path in shareFiles)
        {
            try
            {
                parsed.Add(KeyShareFile.Parse(await File.ReadAllTextAsync(path, cancellationToken), path));
            }
            catch (FormatException exception)
            {
                return KeyCustodyResult.Refused(exception.Message);
            }
        }

        if (parsed.Count == 0)
        {
            return KeyCustodyResult.Refused("Give the share files to combine.");
        }

        var first = parsed[0];
        if (parsed.FirstOrDefault(p => p.MasterKeyId != first.MasterKeyId || p.SplitId != first.SplitId || p.Threshold != first.Threshold || p.Shares != first.Shares) is { } other)
        {
            return KeyCustodyResult.Refused(
                $"The shares are not of one split: {shareFiles[parsed.IndexOf(other)]} is share of {other.SplitId} ({other.MasterKeyId}, {other.Threshold} of {other.Shares}), "
                + $"{shareFiles[0]} of {first.SplitId} ({first.MasterKeyId}, {first.Threshold} of {first.Shares}). Nothing was written.");
        }

        var distinct = parsed.DistinctBy(p => p.Number).ToList();
        if (distinct.Count < first.Threshold)
        {
            return KeyCustodyResult.Refused(
                $"Refused: {first.SplitId} needs {first.Threshold} different shares of {first.Shares}; {distinct.Count} given ({string.Join(", ", distinct.Select(p => p.Custodian))}). Nothing was written.");
        }

        var used = distinct.Take(first.Threshold).ToList();
        byte[] secret;
        try
        {
            secret = await _tool.CombineAsync([.. used.Select(p => p.Share)], IdentityCrypto.KeySize, cancellationToken);
        }
        catch (SecretSharingException exception)
        {
            return KeyCustodyResult.Refused(exception.Message + " Nothing was written.");
        }

        using var key = MasterKey.FromBytes(secret);
        if (key.Id != first.MasterKeyId)
        {
            return KeyCustodyResult.Refused(
                $"Refused: the shares rebuild a key whose fingerprint is not {first.MasterKeyId}: a share is altered, mistyped or from another split. Nothing was written.");
        }

        if (await OpensWrappedKeyAsync(key, cancellationToken) is { } problem)
        {
            return KeyCustodyResult.Refused(problem + " Nothing was written.");
        }

        var replaced = false;
        if (File.Exists(keyPath))
        {
            MasterKey? current = null;
            try
            {
                current = MasterKeyStore.AtPath(keyPath).Load();
            }
            catch (MasterKeyException)
            {
                // An unreadable key file: --replace may overwrite it.
            }

            using (current)
            {
                if (current?.Id == key.Id)
                {
                    return new KeyCustodyResult(true, $"{keyPath} already holds the master key {key.Id}; nothing to do.", [], key.Id, first.SplitId);
                }
            }

            if (!replace)
            {
                return KeyCustodyResult.Refused($"{keyPath} exists and holds another key: pass --replace to overwrite it (keep a copy first if in doubt). Nothing was written.");
            }

            replaced = true;
        }

        var body = new KeyCustodyBody(key.Id, first.SplitId, first.Threshold, [.. used.Select(p => p.Custodian)], Replaced: replaced);
        var recovered = string.IsNullOrWhiteSpace(actor.Reason) ? "master key recovered from custody shares" : actor.Reason;
        MasterKeyStore.WriteFile(keyPath, key);
        var appended = await _store.AppendAsync([Entries.IdentityKeyRecovered.New(body, actor.Name, _time.GetUtcNow(), recovered)], cancellationToken);
        return new KeyCustodyResult(true,
            $"Recovered the master key {key.Id} from {used.Count} shares of {first.SplitId} ({string.Join(", ", used.Select(p => p.Custodian))}) into {keyPath} (owner-only; ledger entry {appended[0].Sequence}).",
            [keyPath], key.Id, first.SplitId, appended[0].Sequence);
    }

    /// <summary>Null when <paramref name="by"/> may maintain the workspace (the key's custody is the file holder's); else the audited refusal.</summary>
    private async Task<KeyCustodyResult?> RefusalAsync(Principal by, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (AccessPolicy.Can(by.Role, Operation.MaintainWorkspace))
        {
            return null;
        }

        await new AuditTrail(_store, _time).DeniedAsync(by, nameof(Operation.MaintainWorkspace), null, cancellationToken);
        return KeyCustodyResult.Refused($"{what} is refused for the role {AccessPolicy.Name(by.Role)}: it is done by the local operator, who holds the workspace's files (docs/access-control.md)");
    }

    // The fingerprint proves the shares rebuild the key they were made from; this proves it is the key the database needs.
    private async Task<string?> OpensWrappedKeyAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var inUse = await _store.SealedIdentities.MasterKeyIdsAsync(cancellationToken);
        if (inUse.Count == 0)
        {
            return null;
        }

        if (!inUse.Contains(key.Id))
        {
            return $"Refused: the shares rebuild {key.Id}, but this workspace's data keys are wrapped under {string.Join(", ", inUse)}: the key was rotated after this split (its shares are obsolete).";
        }

        foreach (var subject in await _store.SealedIdentities.ListSubjectsAsync(cancellationToken))
        {
            if (subject.Erased || await _store.SealedIdentities.GetKeyAsync(subject.SubjectId, cancellationToken) is not { } wrapped || wrapped.MasterKeyId != key.Id)
            {
                continue;
            }

            try
            {
                CryptographicOperations.ZeroMemory(IdentityCrypto.Unwrap(key, wrapped));
                return null;
            }
            catch (CryptographicException)
            {
                return $"Refused: {key.Id} does not open the data key of {subject.Pseudonym}: the wrapped key or the shares were altered.";
            }
        }

        return null;
    }

    private static string FileName(int number, int count, string custodian)
    {
        var slug = new StringBuilder();
        foreach (var c in custodian.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if ((c == ' ' || c == '-' || c == '.') && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = slug.ToString().Trim('-');
        name = name.Length > 40 ? name[..40].Trim('-') : name;
        return string.Create(CultureInfo.InvariantCulture, $"share-{number}-of-{count}{(name.Length > 0 ? "-" + name : string.Empty)}.txt");
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private static void WritePrivateFile(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }
}
