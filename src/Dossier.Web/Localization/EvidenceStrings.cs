namespace Dossier.Web.Localization;

/// <summary>
/// Marker for the evidence pages' string resources, kept apart from <see cref="Strings"/> so the vault's
/// pages can change without touching the shared table. Keys are the English text; EvidenceStrings.fa.resx holds Persian.
/// </summary>
public sealed class EvidenceStrings;
