using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Cases;

/// <summary>
/// What a case must respect beyond its own fields, checked by the one door: every charge names a crime and a mode
/// of liability of the loaded legal frameworks, and every proof names an element of one of the case's charges.
/// </summary>
internal static class CaseRules
{
    public static IEnumerable<ValidationError> Check(IEnumerable<Record> records, LegalFrameworks frameworks)
    {
        foreach (var caseFile in records.OfType<CaseFile>())
        {
            var elements = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < caseFile.Charges.Count; i++)
            {
                var charge = caseFile.Charges[i];
                if (frameworks.Crime(charge.CrimeId) is { } crime)
                {
                    elements.UnionWith(crime.AllElements.Select(e => e.Id));
                }
                else
                {
                    yield return ValidationMessages.Error(caseFile.Id, $"charges[{i}].crimeId", "unknown-crime", charge.CrimeId ?? string.Empty);
                }

                if (frameworks.Mode(charge.ModeId) is { } mode)
                {
                    elements.UnionWith(mode.Elements.Select(e => e.Id));
                }
                else
                {
                    yield return ValidationMessages.Error(caseFile.Id, $"charges[{i}].modeId", "unknown-mode", charge.ModeId ?? string.Empty);
                }
            }

            for (var i = 0; i < caseFile.Proof.Count; i++)
            {
                if (!elements.Contains(caseFile.Proof[i].ElementId ?? string.Empty))
                {
                    yield return ValidationMessages.Error(caseFile.Id, $"proof[{i}].elementId", "unknown-element", caseFile.Proof[i].ElementId ?? string.Empty);
                }
            }
        }
    }
}
