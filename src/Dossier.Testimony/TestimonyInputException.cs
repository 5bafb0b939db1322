namespace Dossier.Testimony;

/// <summary>
/// A statements file that cannot be used. The message names the file, the line (the header is line 1) and
/// the field where there is one, and never quotes a statement's text: it may identify a witness.
/// </summary>
public sealed class TestimonyInputException : Exception
{
    public TestimonyInputException()
    {
    }

    public TestimonyInputException(string message)
        : base(message)
    {
    }

    public TestimonyInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TestimonyInputException(string file, int line, string? field, string problem)
        : base(Format(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The file the problem is in.</summary>
    public string? File { get; }

    /// <summary>1-based line, or 0 when the problem is the file as a whole.</summary>
    public int Line { get; }

    /// <summary>The column, when the problem is in one field.</summary>
    public string? Field { get; }

    private static string Format(string file, int line, string? field, string problem)
    {
        var where = line > 0 ? $"{file}, line {line}" : file;
        return field is null ? $"{where}: {problem}" : $"{where}, field '{field}': {problem}";
    }
}
