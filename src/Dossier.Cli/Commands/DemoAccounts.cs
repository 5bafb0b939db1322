using Dossier.Application.Access;
using Dossier.Application.Workspace;

namespace Dossier.Cli.Commands;

/// <summary>One demo account per role, with fresh random passwords printed by <c>dossier demo</c>.</summary>
internal static class DemoAccounts
{
    public static string NameOf(Role role) => $"demo-{AccessPolicy.Name(role)}";

    /// <summary>Creates the accounts; returns each with its password. Lasting ones: the demo prints them for anyone trying it (a real `user add` makes one-time passwords).</summary>
    public static async Task<IReadOnlyList<(string Name, Role Role, string Password)>> CreateAsync(IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var service = AccountCommands.Service(store);
        var made = new List<(string, Role, string)>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var (account, password, error) = await service.AddAsync(NameOf(role), role, "dossier demo", "demo account", cancellationToken,
                oneTimePassword: false);
            if (account is null)
            {
                throw new InvalidOperationException($"demo account: {error}");
            }

            made.Add((account.Name, role, password!));
        }

        return made;
    }

    public static void Print(IReadOnlyList<(string Name, Role Role, string Password)> accounts, TextWriter output)
    {
        output.WriteLine("Demo accounts (one per role; each sets up a TOTP authenticator app at first sign-in):");
        foreach (var (name, role, password) in accounts)
        {
            output.WriteLine($"  {name,-20} {AccessPolicy.Name(role),-13} password {password}");
        }
    }
}
