using System.Globalization;
using Dossier.Testing;

namespace Dossier.Estimation.Tests;

/// <summary>
/// Reads ../shared/data/mse/REFERENCE.txt, the printed output of Rcapture 1.4-4 (closedp.t, closedpMS.t,
/// closedpCI.t) on three data sets. Every number keeps its printed precision so a test can demand exactly
/// that much agreement.
/// </summary>
internal sealed record PrintedNumber(double Value, int Decimals)
{
    public double HalfUnit => 0.5 * Math.Pow(10, -Decimals);

    public static PrintedNumber Parse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return new PrintedNumber(double.Parse(text, CultureInfo.InvariantCulture), dot < 0 ? 0 : text.Length - dot - 1);
    }
}

internal sealed record ReferenceRow(string Model, PrintedNumber[] Values);

internal sealed record ReferenceDataset(
    string Name,
    int Lists,
    long Observed,
    List<ReferenceRow> ClosedP,
    List<ReferenceRow> BestHierarchical,
    List<ReferenceRow> Intervals);

internal static class RcaptureReference
{
    public static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["HIV"] = "mse/rcapture_HIV.csv",
        ["lesbian"] = "mse/rcapture_lesbian.csv",
        ["UKdat_5"] = "mse/mse_UKdat_5.csv",
    };

    public static IReadOnlyList<ReferenceDataset> Load()
    {
        var lines = File.ReadAllLines(TestEnvironment.SharedData("mse/REFERENCE.txt"));
        var result = new List<ReferenceDataset>();
        ReferenceDataset? current = null;
        List<ReferenceRow>? section = null;
        string? pendingInterval = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("====", StringComparison.Ordinal))
            {
                // "==== HIV: 4 lists, 1896 people observed"
                var body = line[4..].Trim();
                var name = body[..body.IndexOf(':', StringComparison.Ordinal)];
                var parts = body[(name.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = new ReferenceDataset(name, int.Parse(parts[0], CultureInfo.InvariantCulture),
                    long.Parse(parts[2], CultureInfo.InvariantCulture), [], [], []);
                result.Add(current);
                continue;
            }

            if (line.StartsWith("-- closedp.t", StringComparison.Ordinal))
            {
                section = current!.ClosedP;
                continue;
            }

            if (line.StartsWith("-- closedpMS.t", StringComparison.Ordinal))
            {
                section = current!.BestHierarchical;
                continue;
            }

            if (line.StartsWith("-- profile", StringComparison.Ordinal))
            {
                section = current!.Intervals;
                continue;
            }

            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens[^1] is "BIC" or "infoCI")
            {
                // A header; for intervals it carries the model label before the colon.
                if (section == current!.Intervals)
                {
                    pendingInterval = line[..line.LastIndexOf(':')].Trim();
                }

                continue;
            }

            var count = section == current!.Intervals ? 4 : 6;
            var numbers = tokens[^count..].Select(PrintedNumber.Parse).ToArray();
            var label = section == current.Intervals ? pendingInterval! : string.Join(' ', tokens[..^count]);
            section!.Add(new ReferenceRow(label, numbers));
        }

        return result;
    }
}
