namespace Dossier.Text;

/// <summary>Marks the assembly; lets tests and hosts find it by type.</summary>
public static class AssemblyMarker;
