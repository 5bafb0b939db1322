using Spectre.Console;

namespace Dossier.Cli.Commands;

/// <summary>
/// Progress of long work on standard error (ARCHITECTURE: "long work shows progress"): a bar per stage on a terminal,
/// and on a pipe or file one line as each stage starts, so logs stay readable and carry no control codes.
/// Standard output is left to the results.
/// </summary>
internal static class StageProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports (stage, share done 0–1) through the callback it is given.</summary>
    public static T Run<T>(Func<Action<string, double>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(report => Task.FromResult(work(report))).GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="Run{T}"/>, for work that awaits (a store, a file, an outside program).</summary>
    public static async Task<T> RunAsync<T>(Func<Action<string, double>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Terminal.UsesColour(standardError: true))
        {
            var lines = new StageLines();
            return await work(lines.Report);
        }

        var console = Terminal.For(Console.Error);
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            // No elapsed-time column: Spectre's keeps counting after a stage is done, which misstates how long each took.
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                ProgressTask? current = null;
                var gate = new Lock();
                void Report(string stage, double fraction)
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(stage, out var task))
                        {
                            // A new stage closes the one before it.
                            if (current is not null)
                            {
                                Finish(current);
                            }

                            task = context.AddTask(Markup.Escape(stage), maxValue: 1.0);
                            tasks[stage] = task;
                            current = task;
                        }

                        task.Value = Math.Max(task.Value, fraction);
                        if (task.Value >= task.MaxValue)
                        {
                            Finish(task);
                        }
                    }
                }

                result = await work(Report);
                lock (gate)
                {
                    foreach (var task in tasks.Values)
                    {
                        Finish(task);
                    }
                }
            });
        return result;
    }

    private static void Finish(ProgressTask task)
    {
        task.Value = task.MaxValue;
        task.StopTask();
    }

    /// <summary>An <see cref="IProgress{T}"/> that hands each report on at once, on the reporting thread.</summary>
    public sealed class Relay<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }

    private sealed class StageLines
    {
        private readonly Lock _gate = new();
        private string? _stage;

        public void Report(string stage, double fraction)
        {
            lock (_gate)
            {
                if (!string.Equals(stage, _stage, StringComparison.Ordinal))
                {
                    _stage = stage;
                    Console.Error.WriteLine($"{stage}…");
                }
            }
        }
    }
}
