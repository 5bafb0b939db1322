using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dossier.Application.Protection;

/// <summary>The Shamir tool is missing, or it refused or failed. The message never holds a secret.</summary>
public sealed class SecretSharingException(string message) : Exception(message);

/// <summary>
/// Shamir's secret sharing through Debian's <c>ssss</c> (ssss-split, ssss-combine), a vetted
/// implementation run as an external tool (ADR 0905): Dossier implements no sharing arithmetic itself.
/// The secret travels only through the tool's standard input (split) and standard error (combine,
/// which prints the secret there): never on a command line, in the environment or in a file.
/// </summary>
public sealed class SecretSharingTool
{
    /// <summary>The Debian package that provides the tools.</summary>
    public const string Package = "ssss";

    /// <summary>The share prefix ssss writes (<c>-w</c>); ssss rejects a token with a dash in it.</summary>
    public const string Token = "dossier";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string? _directory;

    /// <param name="directory">Where ssss-split and ssss-combine are; null looks them up on PATH.</param>
    public SecretSharingTool(string? directory = null) => _directory = directory;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shares"/> shares, any <paramref name="threshold"/>
    /// of which give it back. Returns the share lines as ssss writes them (<c>dossier-2-9f3c…</c>), in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> SplitAsync(ReadOnlyMemory<byte> secret, int threshold, int shares, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(shares, threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, 255);
        var input = HexLine(secret.Span);
        try
        {
            var (exit, output, error) = await RunAsync("ssss-split",
                ["-t", Number(threshold), "-n", Number(shares), "-x", "-s", Number(secret.Length * 8), "-q", "-w", Token], input, cancellationToken);
            try
            {
                var lines = Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(IsShare).ToList();
                if (exit != 0 || lines.Count != shares)
                {
                    throw new SecretSharingException($"ssss-split failed (exit code {exit}, {lines.Count} of {shares} shares): {Diagnostics(error)}");
                }

                return lines;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(output);
                CryptographicOperations.ZeroMemory(error);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>
    /// Combines exactly as many shares as the threshold into the secret of <paramref name="secretBytes"/>
    /// bytes. The caller owns (and zeroes) the result. Wrong or altered shares give a wrong secret, not an
    /// error: check the result against a fingerprint.
    /// </summary>
    public async Task<byte[]> CombineAsync(IReadOnlyList<string> shares, int secretBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var input = Encoding.ASCII.GetBytes(string.Concat(shares.Select(s => s + "\n")));
        var (exit, output, error) = await RunAsync("ssss-combine", ["-t", Number(shares.Count), "-x", "-q"], input, cancellationToken);
        try
        {
            // ssss-combine prints the secret on standard error: find the one line that is the hex secret.
            var start = 0;
            for (var i = 0; i <= error.Length; i++)
            {
                if (i < error.Length && error[i] != (byte)'\n')
                {
                    continue;
                }

                var line = error.AsSpan(start, i - start).TrimEnd((byte)'\r');
                start = i + 1;
                if (exit == 0 && line.Length == secretBytes * 2 && TryParseHex(line, out var secret))
                {
                    return secret;
                }
            }

            throw new SecretSharingException($"ssss-combine refused the shares (exit code {exit}): {Diagnostics(error)}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
            CryptographicOperations.ZeroMemory(error);
        }
    }

    /// <summary>A share line as ssss writes it with Dossier's token: <c>dossier-N-HEX</c>.</summary>
    public static bool IsShare(string line) =>
        line.StartsWith(Token + "-", StringComparison.Ordinal)
        && line.Split('-') is [_, var index, var hex]
        && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 255
        && hex.Length > 0 && hex.All(char.IsAsciiHexDigitLower);

    private async Task<(int Exit, byte[] Output, byte[] Error)> RunAsync(string tool, string[] arguments, byte[] input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_directory is null ? tool : Path.Combine(_directory, tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of Dossier's environment ($DOSSIER_MASTER_KEY, tokens, connection strings) reaches the tool.
        var path = Environment.GetEnvironmentVariable("PATH");
        start.Environment.Clear();
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SecretSharingException($"{tool} did not start.");
        }
        catch (Win32Exception)
        {
            throw new SecretSharingException($"{tool} was not found{(_directory is null ? " on PATH" : $" in {_directory}")}: install Debian's package {Package} (`apt-get install {Package}`).");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            // Sized so the buffers never grow: a grown buffer would leave an unzeroed copy behind.
            var output = new MemoryStream(64 * 1024);
            var error = new MemoryStream(64 * 1024);
            try
            {
                var reading = Task.WhenAll(
                    process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token),
                    process.StandardError.BaseStream.CopyToAsync(error, timeout.Token));
                await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token);
                await process.StandardInput.BaseStream.FlushAsync(timeout.Token);
                process.StandardInput.Close();
                await reading;
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                throw new SecretSharingException($"{tool} did not finish within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
            }
            catch (IOException exception)
            {
                throw new SecretSharingException($"{tool} stopped early: {exception.Message}");
            }

            var result = (process.ExitCode, output.ToArray(), error.ToArray());
            CryptographicOperations.ZeroMemory(output.GetBuffer());
            CryptographicOperations.ZeroMemory(error.GetBuffer());
            return result;
        }
    }

    // Only ssss's own WARNING and FATAL lines: anything else on its standard error may be the secret.
    private static string Diagnostics(byte[] error)
    {
        var lines = Encoding.ASCII.GetString(error).Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("FATAL", StringComparison.Ordinal) || l.StartsWith("WARNING", StringComparison.Ordinal));
        var text = string.Join(" ", lines);
        return text.Length > 0 ? text : "no message";
    }

    private static byte[] HexLine(ReadOnlySpan<byte> secret)
    {
        var line = new byte[secret.Length * 2 + 1];
        for (var i = 0; i < secret.Length; i++)
        {
            line[2 * i] = HexDigit(secret[i] >> 4);
            line[2 * i + 1] = HexDigit(secret[i] & 0xF);
        }

        line[^1] = (byte)'\n';
        return line;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private static bool TryParseHex(ReadOnlySpan<byte> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[2 * i + 1]);
            if (high < 0 || low < 0)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
