using Dossier.Application.Access;
using Dossier.Application.Workspace;

namespace Dossier.Demo;

/// <summary>
/// One demo account per role, with fresh random passwords and CLI tokens printed by <c>dossier demo</c>
/// (the CLI acts in a role only through an account's token; docs/access-control.md).
/// </summary>
public static class DemoAccounts
{
    public static string NameOf(Role role) => $"demo-{AccessPolicy.Name(role)}";

    /// <summary>
    /// Creates the accounts; returns each with its password and an API token. Lasting passwords: the demo prints
    /// them for anyone trying it (a real `user add` makes one-time passwords).
    /// </summary>
    public static async Task<IReadOnlyList<(string Name, Role Role, string Password, string Token)>> CreateAsync(AccountService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var made = new List<(string, Role, string, string)>();
        foreach (var role in AccessPolicy.AccountRoles)
        {
            var (account, password, error) = await service.AddAsync(NameOf(role), role, "dossier demo", "demo account", cancellationToken,
                oneTimePassword: false);
            if (account is null)
            {
                throw new InvalidOperationException($"demo account: {error}");
            }

            var (token, tokenError) = await service.CreateTokenAsync(account.Name, "demo cli", TimeSpan.FromDays(90), "dossier demo", cancellationToken);
            made.Add((account.Name, role, password!, token ?? throw new InvalidOperationException($"demo token: {tokenError}")));
        }

        return made;
    }

    public static void Print(IReadOnlyList<(string Name, Role Role, string Password, string Token)> accounts, TextWriter output)
    {
        output.WriteLine("Demo accounts (one per role; each sets up a TOTP authenticator app at first sign-in; the token acts in that role in the CLI with --token):");
        foreach (var (name, role, password, token) in accounts)
        {
            output.WriteLine($"  {name,-20} {AccessPolicy.Name(role),-13} password {password}  token {token}");
        }
    }
}
