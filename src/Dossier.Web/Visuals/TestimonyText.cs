using System.Globalization;
using Dossier.Application.Testimony;
using Dossier.Domain.Records;
using Dossier.Testimony;
using Dossier.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>The words the testimony pages put around ids: allegation texts, join reasons and contradictions, in the reader's language.</summary>
internal static class TestimonyText
{
    /// <summary>The allegation as the reader reads: its Persian text in the Persian UI when it has one.</summary>
    public static string Allegation(Allegation allegation)
    {
        ArgumentNullException.ThrowIfNull(allegation);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fa" && allegation.TextFa is { } persian ? persian : allegation.Text;
    }

    /// <summary>Why two statements are in one line.</summary>
    public static string Join(IStringLocalizer<Strings> l, Join join)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(join);
        return join.Reason switch
        {
            JoinReason.SameWitness => $"{l["same witness"]} ({join.Shared})",
            JoinReason.SameIntermediary => $"{l["same intermediary"]} ({join.Shared})",
            _ => $"{l["near-copies"]} ({Score(join.Score ?? 0)})",
        };
    }

    /// <summary>A similarity in the reader's digits (۰٫۸۰ in Persian).</summary>
    public static string Score(double score) => Digits.Local(score.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>A list of numbers joined as the reader's language joins them.</summary>
    private static string Numbers(IEnumerable<int> numbers) => string.Join(Digits.Persian ? "، " : ", ", numbers.Select(n => Digits.N0(n)));

    /// <summary>"Shared interviewer: …" between lines, never a join.</summary>
    public static string Warning(IStringLocalizer<Strings> l, LineWarning warning)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(warning);
        var lines = Numbers(warning.Lines.Select(n => n + 1));
        return $"{l[warning.What == "interviewer" ? "Lines share an interviewer" : "Lines share an organisation"]}: {warning.Shared} ({l["lines"]} {lines})";
    }

    /// <summary>What contradicts what; the person or event by <paramref name="label"/> (its name in the reader's script), not its id.</summary>
    public static string Contradiction(IStringLocalizer<Strings> l, Contradiction contradiction, Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(contradiction);
        return contradiction.Kind switch
        {
            ContradictionKind.OpposingStances => l["Statements support this allegation and others contradict it."],
            ContradictionKind.TwoPlacesAtOnce => $"{l["One person placed in two places at the same time"]}: {(contradiction.PersonId is { } person ? label(person) : string.Empty)}",
            _ => $"{l["Incompatible dates for one event"]}: {(contradiction.EventId is { } ev ? label(ev) : string.Empty)}",
        };
    }

    public static string LeftOut(IStringLocalizer<Strings> l, StatementView statement)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l["left-out." + TestimonyJson.WhyLeftOut(statement)];
    }

    /// <summary>The first words of a statement, for lists; the page of the statement has the rest.</summary>
    public static string Excerpt(string? text, int length = 220) =>
        text is null ? string.Empty : text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
