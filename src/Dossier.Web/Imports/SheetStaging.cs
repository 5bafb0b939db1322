using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Dossier.Web.Imports;

/// <summary>A spreadsheet kept between the steps of an import: its name and bytes.</summary>
public sealed record StagedSheet(string FileName, byte[] Content);

/// <summary>
/// Keeps uploaded spreadsheets between the upload, the mapping and the import (ADR 1805). Each file is
/// encrypted with the app's in-memory Data Protection keys under a purpose that names the account, written to a
/// private folder under a random 128-bit token, and forgotten after <see cref="Lifetime"/>, after the import, or
/// when the app stops (the keys die with it, so a file left behind by a crash can never be read). A token is
/// useless to any other account: its purpose differs, so the file does not decrypt.
/// </summary>
public sealed class SheetStaging : IDisposable
{
    /// <summary>How long an uploaded sheet waits for its import.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Most sheets kept at once, from everyone; the oldest go first.</summary>
    public const int MaxStaged = 64;

    private readonly IDataProtectionProvider _protection;
    private readonly TimeProvider _time;
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, (string Account, DateTimeOffset Expires)> _staged = new(StringComparer.Ordinal);

    public SheetStaging(IDataProtectionProvider protection, TimeProvider time)
    {
        _protection = protection;
        _time = time;
        _folder = Path.Combine(Path.GetTempPath(), "dossier-staging", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(_folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Keeps the file for <paramref name="account"/> and returns its token.</summary>
    public async Task<string> StageAsync(string account, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        Sweep();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var payload = JsonSerializer.SerializeToUtf8Bytes(new StagedSheet(Path.GetFileName(fileName), content));
        var path = PathOf(token);
        await File.WriteAllBytesAsync(path + ".tmp", Protector(account).Protect(payload), cancellationToken);
        File.Move(path + ".tmp", path);
        _staged[token] = (account, _time.GetUtcNow() + Lifetime);
        return token;
    }

    /// <summary>The sheet behind <paramref name="token"/>, if it is this account's and has not expired.</summary>
    public async Task<StagedSheet?> OpenAsync(string? token, string account, CancellationToken cancellationToken)
    {
        if (token is not { Length: 32 } || !token.All(char.IsAsciiHexDigitLower)
            || !_staged.TryGetValue(token, out var entry) || entry.Expires <= _time.GetUtcNow() || !string.Equals(entry.Account, account, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var bytes = Protector(account).Unprotect(await File.ReadAllBytesAsync(PathOf(token), cancellationToken));
            return JsonSerializer.Deserialize<StagedSheet>(bytes);
        }
        catch (Exception e) when (e is IOException or CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void Remove(string token)
    {
        if (_staged.TryRemove(token, out _))
        {
            File.Delete(PathOf(token));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Unreadable anyway: the keys that encrypted these files were in memory only.
        }
    }

    /// <summary>How many sheets are kept now (for tests and status).</summary>
    public int Count => _staged.Count;

    // Expired sheets go; past the cap, the ones expiring first.
    private void Sweep()
    {
        var now = _time.GetUtcNow();
        var ordered = _staged.OrderBy(p => p.Value.Expires).ToList();
        var over = Math.Max(0, ordered.Count - MaxStaged + 1);
        foreach (var (token, entry) in ordered)
        {
            if (entry.Expires <= now || over-- > 0)
            {
                Remove(token);
            }
        }
    }

    private string PathOf(string token) => Path.Combine(_folder, token + ".sheet");

    private IDataProtector Protector(string account) =>
        _protection.CreateProtector("Dossier.Web.SheetStaging.v1", Convert.ToBase64String(Encoding.UTF8.GetBytes(account)));
}
