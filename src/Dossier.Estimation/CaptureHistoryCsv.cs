using System.Globalization;

namespace Dossier.Estimation;

/// <summary>Bad capture-history input: names the file, the line (1-based) and the column.</summary>
public sealed class CaptureHistoryFormatException : Exception
{
    public CaptureHistoryFormatException(string source, int line, string? column, string problem)
        : base(column is null ? $"{source}:{line}: {problem}" : $"{source}:{line}: column '{column}': {problem}")
    {
        Source = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public CaptureHistoryFormatException()
        : this("(input)", 0, null, "invalid capture histories")
    {
    }

    public CaptureHistoryFormatException(string message)
        : this("(input)", 0, null, message)
    {
    }

    public CaptureHistoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = "(input)";
        Problem = message;
    }

    public new string Source { get; }

    public int Line { get; }

    public string? Column { get; }

    public string Problem { get; }
}

/// <summary>Capture histories read from a file, whole and by stratum, with the caveats found while reading.</summary>
public sealed record CaptureHistoryInput(
    CaptureHistories Total,
    IReadOnlyList<StratumHistories> Strata,
    string? StratumColumn,
    IReadOnlyList<string> Warnings);

public sealed record StratumHistories(string Stratum, CaptureHistories Histories);

/// <summary>
/// Reads the capture-history CSV: a header, one 0/1 column per list, a count column (named count, freq,
/// frequency or n — otherwise the last column), optionally a stratum column; one row per observed pattern.
/// </summary>
public static class CaptureHistoryCsv
{
    private static readonly string[] CountNames = ["count", "freq", "frequency", "n", "Freq"];

    public static CaptureHistoryInput Read(string path, string? stratumColumn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path, stratumColumn);
    }

    public static CaptureHistoryInput Parse(TextReader reader, string sourceName, string? stratumColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headerLine = reader.ReadLine();
        while (headerLine is not null && headerLine.Trim().Length == 0)
        {
            headerLine = reader.ReadLine();
        }

        if (headerLine is null)
        {
            throw new CaptureHistoryFormatException(sourceName, 1, null, "the file is empty; expected a header row naming the lists and the count column");
        }

        var header = SplitLine(headerLine, sourceName, 1);
        var countIndex = Array.FindIndex(header, h => CountNames.Any(c => string.Equals(c, h, StringComparison.OrdinalIgnoreCase)));
        int stratumIndex = -1;
        if (stratumColumn is not null)
        {
            stratumIndex = Array.FindIndex(header, h => string.Equals(h, stratumColumn, StringComparison.Ordinal));
            if (stratumIndex < 0)
            {
                throw new CaptureHistoryFormatException(sourceName, 1, stratumColumn, $"the stratum column is not in the header ({string.Join(", ", header)})");
            }
        }

        if (countIndex < 0)
        {
            countIndex = header.Length - 1;
            if (countIndex == stratumIndex)
            {
                countIndex--;
            }
        }

        if (countIndex == stratumIndex)
        {
            throw new CaptureHistoryFormatException(sourceName, 1, header[countIndex], "the count column cannot also be the stratum column");
        }

        var listIndexes = Enumerable.Range(0, header.Length).Where(i => i != countIndex && i != stratumIndex).ToArray();
        if (listIndexes.Length < 2)
        {
            throw new CaptureHistoryFormatException(sourceName, 1, null, $"found {listIndexes.Length} list column(s); multiple systems estimation needs at least two lists");
        }

        if (listIndexes.Length > 20)
        {
            throw new CaptureHistoryFormatException(sourceName, 1, null, $"found {listIndexes.Length} list columns; at most 20 are supported");
        }

        foreach (var i in listIndexes)
        {
            if (header[i].Length == 0)
            {
                throw new CaptureHistoryFormatException(sourceName, 1, $"#{i + 1}", "a list column has no name");
            }
        }

        var listNames = listIndexes.Select(i => header[i]).ToArray();
        var duplicateName = listNames.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null)
        {
            throw new CaptureHistoryFormatException(sourceName, 1, duplicateName.Key, "two list columns have the same name");
        }

        var warnings = new List<string>();
        var byStratum = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        var stratumOrder = new List<string>();
        var firstLine = new Dictionary<(string, int), int>();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitLine(line, sourceName, lineNumber);
            if (fields.Length != header.Length)
            {
                throw new CaptureHistoryFormatException(sourceName, lineNumber, null, $"expected {header.Length} fields as in the header, found {fields.Length}");
            }

            var pattern = 0;
            for (var j = 0; j < listIndexes.Length; j++)
            {
                var value = fields[listIndexes[j]];
                if (value == "1")
                {
                    pattern |= 1 << j;
                }
                else if (value != "0")
                {
                    throw new CaptureHistoryFormatException(sourceName, lineNumber, header[listIndexes[j]], $"'{value}' is not 0 or 1 (list columns say whether the people in this row are on the list)");
                }
            }

            var countText = fields[countIndex];
            if (!long.TryParse(countText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                var isNumber = double.TryParse(countText, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                throw new CaptureHistoryFormatException(sourceName, lineNumber, header[countIndex],
                    isNumber ? $"'{countText}' is not a whole number of people" : $"'{countText}' is not a count");
            }

            if (count < 0)
            {
                throw new CaptureHistoryFormatException(sourceName, lineNumber, header[countIndex], $"the count {count} is negative");
            }

            var stratum = stratumIndex >= 0 ? fields[stratumIndex] : "";
            if (stratumIndex >= 0 && stratum.Length == 0)
            {
                throw new CaptureHistoryFormatException(sourceName, lineNumber, header[stratumIndex], "the stratum is empty");
            }

            if (pattern == 0)
            {
                if (count > 0)
                {
                    throw new CaptureHistoryFormatException(sourceName, lineNumber, null,
                        "a row with 0 on every list cannot have people: those never listed are what the estimate is for");
                }

                warnings.Add($"{sourceName}:{lineNumber}: an all-zero pattern row with count 0 was ignored.");
                continue;
            }

            if (!byStratum.TryGetValue(stratum, out var counts))
            {
                counts = [];
                byStratum[stratum] = counts;
                stratumOrder.Add(stratum);
            }

            if (firstLine.TryGetValue((stratum, pattern), out var earlier))
            {
                warnings.Add($"{sourceName}:{lineNumber}: pattern repeats line {earlier}{(stratumIndex >= 0 ? $" in stratum '{stratum}'" : "")}; the counts were added.");
            }
            else
            {
                firstLine[(stratum, pattern)] = lineNumber;
            }

            counts[pattern] = counts.GetValueOrDefault(pattern) + count;
        }

        if (byStratum.Count == 0 || byStratum.Values.All(c => c.Values.Sum() == 0))
        {
            throw new CaptureHistoryFormatException(sourceName, lineNumber, null, "no one was observed: the file has no rows with a positive count");
        }

        var total = new Dictionary<int, long>();
        foreach (var counts in byStratum.Values)
        {
            foreach (var (pattern, count) in counts)
            {
                total[pattern] = total.GetValueOrDefault(pattern) + count;
            }
        }

        var strata = stratumIndex >= 0
            ? stratumOrder.Select(s => new StratumHistories(s, new CaptureHistories(listNames, byStratum[s]))).ToArray()
            : [];
        return new CaptureHistoryInput(new CaptureHistories(listNames, total), strata, stratumIndex >= 0 ? stratumColumn : null, warnings);
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting, no embedded line breaks), trimming spaces around fields.</summary>
    private static string[] SplitLine(string line, string sourceName, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new CaptureHistoryFormatException(sourceName, lineNumber, null, "a quoted field is not closed");
        }

        fields.Add(current.ToString().Trim());
        return [.. fields];
    }
}
