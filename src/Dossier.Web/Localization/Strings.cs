namespace Dossier.Web.Localization;

/// <summary>
/// Marker for the UI's string resources. Keys are the English text; Strings.fa.resx holds Persian.
/// A missing translation falls back to English rather than to a key.
/// </summary>
public sealed class Strings;
