using System.Globalization;
using System.Text;
using Dossier.Application.Browse;
using Dossier.Application.Workspace;

namespace Dossier.Web.Visuals;

/// <summary>
/// A browse table's view as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read Persian): every record the
/// view matches, not only the page shown, in the same order, with the same columns plus id, classification and synthetic.
/// </summary>
internal static class BrowseCsv
{
    /// <summary>At most this many rows in one file; the file's last line says when the view had more.</summary>
    public const int MaxRows = 100_000;

    private const int Chunk = 1000;

    public static async Task<(byte[] Csv, int Rows)> WriteAsync(IRecordStore store, BrowseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var columns = query.Kind is { } kind ? BrowseTable.ColumnsFor(kind) : [];
        var text = new StringBuilder();
        Line(text, ["id", "label", .. columns.Select(c => c.Heading.ToLowerInvariant()), "classification", "synthetic"]);
        var rows = 0;
        var total = 0;
        for (var offset = 0; rows < MaxRows; offset += Chunk)
        {
            var page = await store.BrowseAsync(query with { Offset = offset, Limit = Chunk }, cancellationToken);
            total = page.Total;
            foreach (var envelope in page.Records.Take(MaxRows - rows))
            {
                var record = envelope.Record;
                Line(text, [record.Id, record.Label, .. columns.Select(c => BrowseRequest.RawText(c.Cell(record))),
                    Domain.Records.Classifications.Name(record.Classification), record.Synthetic ? "SYNTHETIC" : string.Empty]);
                rows++;
            }

            if (page.Records.Count < Chunk)
            {
                break;
            }
        }

        if (total > rows)
        {
            Line(text, [string.Create(CultureInfo.InvariantCulture, $"# {total - rows} more rows not written: narrow the view")]);
        }

        return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], rows);
    }

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    /// <summary>Quoted when needed; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
