using System.CommandLine;
using System.Globalization;
using Dossier.Application.Evidence;

namespace Dossier.Cli.Commands;

/// <summary>
/// The Berkeley Protocol acquisition options of <c>evidence add</c> and <c>ingest</c>: who collected the files,
/// when and in which zone, where from, how and with what. <c>evidence add</c> requires the collector, the time and
/// the method; <c>ingest</c>, which takes local files, fills them with defaults it prints.
/// </summary>
internal sealed class AcquisitionOptions
{
    private AcquisitionOptions(bool required, string defaultTool)
    {
        Collector = new Option<string?>("--collector") { Description = "Who collected the files.", Required = required };
        CollectedAt = new Option<string?>("--collected-at")
        {
            Description = "When they were collected: the collector's local time (\"2023-05-04 10:00\", read in --zone with its daylight saving rules), or an instant with its offset (2023-05-04T10:00:00+02:00).",
            Required = required,
        };
        Zone = new Option<string?>("--zone") { Description = "The collector's time zone (IANA name, e.g. Europe/Tirane). Default: this machine's zone, which is then printed." };
        SourceUrl = new Option<string?>("--source-url") { Description = "Where the file was found online." };
        Location = new Option<string?>("--location") { Description = "Where it was collected, if not online." };
        Method = new Option<string?>("--method") { Description = "How it was collected (e.g. \"handed over on USB by the witness\", \"web capture\").", Required = required };
        Tool = new Option<string>("--tool") { Description = "The tool used to collect it.", DefaultValueFactory = _ => defaultTool };
        ToolVersion = new Option<string>("--tool-version") { Description = "The tool's version.", DefaultValueFactory = _ => typeof(AcquisitionOptions).Assembly.GetName().Version?.ToString() ?? "0" };
        Note = new Option<string?>("--note") { Description = "Anything else a court should know about the acquisition." };
    }

    public Option<string?> Collector { get; }

    public Option<string?> CollectedAt { get; }

    public Option<string?> Zone { get; }

    public Option<string?> SourceUrl { get; }

    public Option<string?> Location { get; }

    public Option<string?> Method { get; }

    public Option<string> Tool { get; }

    public Option<string> ToolVersion { get; }

    public Option<string?> Note { get; }

    public IEnumerable<Option> All => [Collector, CollectedAt, Zone, SourceUrl, Location, Method, Tool, ToolVersion, Note];

    /// <summary>The options of <c>evidence add</c>: collector, time and method required.</summary>
    public static AcquisitionOptions Required(string defaultTool) => new(required: true, defaultTool);

    /// <summary>The options with defaults for local files: every missing one is filled by <see cref="Read"/> and printed.</summary>
    public static AcquisitionOptions WithDefaults(string defaultTool) => new(required: false, defaultTool);

    /// <summary>Defaults for options not given; each one used is printed as a note.</summary>
    public sealed record Defaults(string Collector, DateTimeOffset CollectedAt, string Method);

    /// <summary>
    /// The acquisition the options describe, or null after printing why (a usage error: exit code 2). The zone
    /// defaults to this machine's, printed; with <paramref name="defaults"/>, so do the collector, time and method.
    /// </summary>
    public AcquisitionRequest? Read(ParseResult result, Defaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var zoneName = result.GetValue(Zone);
        if (zoneName is null)
        {
            zoneName = TimeZoneInfo.Local.Id;
            Console.Error.WriteLine($"note: no --zone given: assumed this machine's time zone, {zoneName}");
        }

        var collectedAt = result.GetValue(CollectedAt);
        DateTimeOffset when;
        if (collectedAt is null && defaults is not null)
        {
            when = defaults.CollectedAt;
            Console.Error.WriteLine($"note: no --collected-at given: recorded as now, {CollectionTime.Describe(when, zoneName)}");
        }
        else if (!CollectionTime.TryResolve(collectedAt, zoneName, out when, out var timeError))
        {
            Console.Error.WriteLine($"error: {(timeError!.Contains("time zone name", StringComparison.Ordinal) ? "--zone" : "--collected-at")}: {timeError}; nothing was added");
            return null;
        }

        var collector = result.GetValue(Collector);
        if (collector is null && defaults is not null)
        {
            collector = defaults.Collector;
            Console.Error.WriteLine($"note: no --collector given: recorded as {collector}");
        }

        var method = result.GetValue(Method);
        if (method is null && defaults is not null)
        {
            method = defaults.Method;
            Console.Error.WriteLine($"note: no --method given: recorded as \"{method}\"");
        }

        return new AcquisitionRequest
        {
            Collector = collector!,
            CollectedAt = when,
            Zone = zoneName,
            SourceUrl = result.GetValue(SourceUrl),
            Location = result.GetValue(Location),
            Method = method!,
            Tool = result.GetValue(Tool)!,
            ToolVersion = result.GetValue(ToolVersion)!,
            Note = result.GetValue(Note),
        };
    }

    /// <summary>"2023-05-04T08:00:00Z": how the acquisition's time is printed.</summary>
    public static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
