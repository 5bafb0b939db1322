namespace Dossier.Testimony;

/// <summary>Whether a statement supports or contradicts its allegation.</summary>
public enum Stance
{
    Supports,
    Contradicts,
}

/// <summary>The words the statements file uses for each <see cref="Stance"/>.</summary>
public static class Stances
{
    public const string Supports = "supports";
    public const string Contradicts = "contradicts";

    /// <summary>The stance's word in the statements and lines files.</summary>
    public static string Name(Stance stance) => stance == Stance.Supports ? Supports : Contradicts;

    /// <summary>The stance a word names, or null for any other word (the match is exact: lower case).</summary>
    public static Stance? Parse(string text) => text switch
    {
        Supports => Stance.Supports,
        Contradicts => Stance.Contradicts,
        _ => null,
    };
}

/// <summary>
/// One statement of a witness about one allegation (docs/formats/testimony-csv.md). <see cref="Line"/> is
/// where its row starts in the file it was read from (0 when it was not read from a file).
/// </summary>
public sealed record Statement(
    string Id,
    string WitnessId,
    string AllegationId,
    Stance Stance,
    string Interviewer,
    string Intermediary,
    string Organization,
    string Language,
    string Text,
    int Line = 0);
