using System.Text.RegularExpressions;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public partial class AccountCommandTests
{
    [Fact]
    public void User_add_prints_a_one_time_password_once_and_the_database_keeps_only_its_hash()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var added = Cli.Run("user", "add", "sara", "--role", "investigator", "--workspace", workspace);

        added.ExitCode.ShouldBe(0, added.All);
        var password = PasswordPattern().Match(added.Output).Groups["password"].Value;
        password.Length.ShouldBe(20);
        var listed = Cli.Run("user", "list", "--workspace", workspace);
        listed.Output.ShouldContain("sara");
        listed.Output.ShouldContain("investigator");
        listed.All.ShouldNotContain(password);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.ReadAllText(Path.Combine(workspace, "dossier.db"), System.Text.Encoding.Latin1).ShouldNotContain(password);
    }

    [Fact]
    public void The_workspace_database_and_an_export_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var exported = Path.Combine(workspace, "backup.yaml");
        Cli.Run("export", "--out", exported, "--workspace", workspace).ExitCode.ShouldBe(0);

        File.GetUnixFileMode(Path.Combine(workspace, "dossier.db")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(exported).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void A_disabled_account_is_enabled_again_and_a_lost_second_factor_reset_with_a_reason()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "leila", "--role", "analyst", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "disable", "leila", "--reason", "on leave", "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.Run("user", "enable", "leila", "--workspace", workspace).ExitCode.ShouldBe(2);
        var enabled = Cli.Run("user", "enable", "leila", "--reason", "back from leave", "--workspace", workspace);
        var reset = Cli.Run("user", "reset-second-factor", "leila", "--reason", "phone lost", "--workspace", workspace);

        enabled.ExitCode.ShouldBe(0, enabled.All);
        reset.ExitCode.ShouldBe(0, reset.All);
        Cli.Run("user", "enable", "leila", "--reason", "twice", "--workspace", workspace).ExitCode.ShouldBe(1);
        var audit = Cli.Run("audit", "--type", "account", "--workspace", workspace).Output;
        audit.ShouldContain("account.enabled");
        audit.ShouldContain("account.second-factor-reset");
    }

    [Fact]
    public void Tokens_are_printed_once_listed_by_id_and_revocable()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "omid", "--role", "analyst", "--workspace", workspace).ExitCode.ShouldBe(0);

        var token = Cli.Run("token", "add", "omid", "--label", "laptop", "--workspace", workspace).Output.Trim();

        token.ShouldStartWith("dsr_");
        var list = Cli.Run("token", "list", "omid", "--workspace", workspace);
        list.Output.ShouldContain("laptop");
        list.Output.ShouldNotContain(token);
        var id = list.Output.Split(' ', 2)[0];
        Cli.Run("token", "revoke", "omid", id, "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("token", "list", "omid", "--workspace", workspace).Output.ShouldContain("revoked");
        Cli.Run("token", "revoke", "omid", "abc", "--workspace", workspace).ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Bad_account_input_is_refused_with_a_clear_error()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var badRole = Cli.Run("user", "add", "x1", "--role", "superuser", "--workspace", workspace);
        badRole.ExitCode.ShouldBe(2);
        badRole.Error.ShouldContain("--role");
        Cli.Run("user", "add", "Not A Name", "--role", "viewer", "--workspace", workspace).ExitCode.ShouldBe(1);
        Cli.Run("user", "add", "dup", "--role", "viewer", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "dup", "--role", "viewer", "--workspace", workspace).Error.ShouldContain("already exists");
        Cli.Run("user", "disable", "nobody", "--reason", "x", "--workspace", workspace).ExitCode.ShouldBe(1);
        Cli.Run("audit", "--since", "yesterday-ish", "--workspace", workspace).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void The_audit_lists_account_changes_and_exports_with_filters()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "leila", "--role", "legal", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "disable", "leila", "--reason", "left the team", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "boss", "--role", "admin", "--workspace", workspace).ExitCode.ShouldBe(0);
        var adminToken = Cli.Run("token", "add", "boss", "--workspace", workspace).Output.Trim();
        Cli.Run("export", "--out", Path.Combine(workspace, "public.json"), "--up-to", "public", "--workspace", workspace).ExitCode.ShouldBe(0);

        var all = Cli.Run("audit", "--workspace", workspace);
        var accounts = Cli.Run("audit", "--type", "account", "--workspace", workspace);
        var exports = Cli.Run("audit", "--by", LocalOperator, "--type", "access", "--workspace", workspace);
        var byAdmin = Cli.Run("audit", "--by", "boss", "--token", adminToken, "--workspace", workspace);

        all.Output.ShouldContain("account.created");
        all.Output.ShouldContain("access.exported");
        accounts.Output.ShouldContain("account.disabled");
        accounts.Output.ShouldContain("left the team");
        accounts.Output.ShouldNotContain("access.exported");
        exports.Output.ShouldContain("access.exported");
        exports.Output.ShouldNotContain("account.");
        byAdmin.ExitCode.ShouldBe(0, byAdmin.All);
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
    }

    private static string LocalOperator => $"local:{Environment.UserName}@{Environment.MachineName}";

    [Fact]
    public void Without_a_token_the_cli_acts_as_the_local_operator_named_honestly_and_never_as_an_account()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "sara", "--role", "investigator", "--workspace", workspace).ExitCode.ShouldBe(0);

        // There is no --actor any more: nobody can attribute a change to an account by typing its name.
        Cli.Run("user", "add", "omid", "--role", "analyst", "--actor", "sara", "--workspace", workspace).ExitCode.ShouldBe(2);
        var audit = Cli.Run("audit", "--type", "account", "--workspace", workspace).Output;

        audit.ShouldContain(LocalOperator);
        Regex.IsMatch(audit, @"account\.created\s+sara\s").ShouldBeFalse();
    }

    [Fact]
    public void The_local_operator_makes_the_first_admin_and_after_that_accounts_need_an_admins_token()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var first = Cli.Run("user", "add", "root-admin", "--role", "admin", "--with-token", "--workspace", workspace);
        first.ExitCode.ShouldBe(0, first.All);
        var adminToken = Cli.TokenIn(first.Output, "root-admin");

        var asOperator = Cli.Run("user", "add", "sara", "--role", "investigator", "--workspace", workspace);
        asOperator.ExitCode.ShouldBe(1);
        asOperator.Error.ShouldContain("admin's API token");
        Cli.Run("user", "role", "root-admin", "--role", "legal", "--reason", "take over", "--workspace", workspace).ExitCode.ShouldBe(1);
        Cli.Run("token", "add", "root-admin", "--workspace", workspace).ExitCode.ShouldBe(1);

        Cli.Run("user", "add", "sara", "--role", "investigator", "--token", adminToken, "--workspace", workspace).ExitCode.ShouldBe(0);
        var saraToken = Cli.Run("token", "add", "sara", "--token", adminToken, "--workspace", workspace).Output.Trim();
        saraToken.ShouldStartWith("dsr_");
        var notAdmin = Cli.Run("user", "add", "omid", "--role", "analyst", "--token", saraToken, "--workspace", workspace);
        notAdmin.ExitCode.ShouldBe(1);
        notAdmin.Error.ShouldContain("needs the admin role");

        var audit = Cli.Run("audit", "--type", "access.denied", "--workspace", workspace).Output;
        audit.ShouldContain(LocalOperator);
        audit.ShouldContain("sara");
        Cli.Run("audit", "--type", "account", "--by", "root-admin", "--workspace", workspace).Output.ShouldContain("account.created");
    }

    [Fact]
    public void An_import_that_seals_protected_identities_needs_a_role_that_may_write_them()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "omid", "--role", "analyst", "--workspace", workspace).ExitCode.ShouldBe(0);
        var analystToken = Cli.Run("token", "add", "omid", "--workspace", workspace).Output.Trim();
        var demo = Path.Combine(Dossier.Testing.TestEnvironment.RepositoryRoot, "demo", "noury-case.yaml");

        var before = Cli.LedgerSize(workspace);
        var asOperator = Cli.Run("import", demo, "--workspace", workspace);
        var asAnalyst = Cli.Run("import", demo, "--token", analystToken, "--workspace", workspace);

        asOperator.ExitCode.ShouldBe(1);
        asOperator.Error.ShouldContain("sealing protected identities needs an account");
        asAnalyst.ExitCode.ShouldBe(1);
        asAnalyst.Error.ShouldContain("'omid' is analyst");
        Cli.LedgerSize(workspace).ShouldBe(before); // nothing of the file was written
    }

    [Fact]
    public void Acting_with_a_role_needs_a_valid_token_of_an_account()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var none = Cli.Run("identity", "unseal", "w-001", "--reason", "x", "--workspace", workspace);
        var forged = Cli.Run("identity", "unseal", "w-001", "--reason", "x", "--token", "dsr_not-a-real-token", "--workspace", workspace);

        none.ExitCode.ShouldNotBe(0);
        none.Error.ShouldContain("--token");
        forged.ExitCode.ShouldNotBe(0);
        forged.Error.ShouldContain("not accepted");
    }

    [GeneratedRegex("one-time password: (?<password>\\S+)", RegexOptions.ExplicitCapture)]
    private static partial Regex PasswordPattern();
}
