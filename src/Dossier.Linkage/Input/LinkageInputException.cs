namespace Dossier.Linkage.Input;

/// <summary>
/// Bad input: the message names the file, the line (1-based, counting the header as line 1) and the
/// column where that makes sense. Callers show <see cref="Exception.Message"/> as it is.
/// </summary>
public sealed class LinkageInputException : Exception
{
    public LinkageInputException(string message)
        : base(message)
    {
    }

    public LinkageInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LinkageInputException()
    {
    }

    public LinkageInputException(string source, int line, string? column, string problem)
        : base(Format(source, line, column, problem))
    {
        Source = source;
        Line = line;
        Column = column;
    }

    /// <summary>The file (or source name) the problem is in.</summary>
    public new string? Source { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>The column name, when the problem is in one column.</summary>
    public string? Column { get; }

    private static string Format(string source, int line, string? column, string problem)
    {
        var where = line > 0 ? $"{source}, line {line}" : source;
        if (column is not null)
        {
            where += $", column '{column}'";
        }

        return $"{where}: {problem}";
    }
}
