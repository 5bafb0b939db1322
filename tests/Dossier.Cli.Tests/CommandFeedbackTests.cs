using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Cli.Commands;

namespace Dossier.Cli.Tests;

/// <summary>Issue 13, item 27: commands say what they did, and `evidence show` takes a unique hash prefix.</summary>
[Collection(CliCollection.Name)]
public class CommandFeedbackTests
{
    [Fact]
    public void User_role_and_user_disable_say_what_they_did_and_in_which_entry()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("user", "add", "leila", "--role", "legal", "--workspace", workspace).ExitCode.ShouldBe(0);

        var role = Cli.Run("user", "role", "leila", "--role", "analyst", "--reason", "moved to the analysis desk", "--workspace", workspace);
        var disable = Cli.Run("user", "disable", "leila", "--reason", "left the team", "--workspace", workspace);
        var nobody = Cli.Run("user", "disable", "nobody", "--reason", "typo", "--workspace", workspace);

        role.ExitCode.ShouldBe(0, role.All);
        role.Output.ShouldBe("Role of account 'leila' changed from legal to analyst (ledger entry #1).\n");
        disable.ExitCode.ShouldBe(0, disable.All);
        disable.Output.ShouldBe("Disabled account 'leila': it can no longer sign in or use its API tokens; its history is kept (ledger entry #2).\n");
        nobody.ExitCode.ShouldBe(1);
        nobody.Output.ShouldBeEmpty();
        nobody.Error.ShouldContain("no account named 'nobody'");
    }

    [Fact]
    public void Evidence_show_takes_a_unique_prefix_and_names_the_candidates_of_an_ambiguous_one()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        // Two contents whose SHA-256 share the first four hex digits, found by a fixed search.
        var seen = new Dictionary<string, (string Text, string Hash)>(StringComparer.Ordinal);
        (string Text, string Hash) first = (string.Empty, string.Empty), second = (string.Empty, string.Empty);
        for (var i = 0; first.Text.Length == 0; i++)
        {
            var text = $"statement {i} (synthetic)";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (seen.TryGetValue(hash[..4], out var earlier))
            {
                (first, second) = (earlier, (text, hash));
            }

            seen[hash[..4]] = (text, hash);
        }

        foreach (var (text, name) in new[] { (first.Text, "a.txt"), (second.Text, "b.txt") })
        {
            var path = Path.Combine(workspace, name);
            File.WriteAllText(path, text);
            Cli.Run("evidence", "add", path, "--collector", "A (synthetic)", "--collected-at", "2023-05-04T10:00:00Z", "--zone", "UTC",
                "--method", "download", "--workspace", workspace).ExitCode.ShouldBe(0);
        }

        var unique = Cli.Run("evidence", "show", first.Hash[..12], "--workspace", workspace);
        var ambiguous = Cli.Run("evidence", "show", first.Hash[..4], "--workspace", workspace);
        var unknown = Cli.Run("evidence", "show", "ffff0000ffff", "--workspace", workspace);
        var tooShort = Cli.Run("evidence", "show", first.Hash[..3], "--workspace", workspace);

        unique.ExitCode.ShouldBe(0, unique.All);
        JsonDocument.Parse(unique.Output).RootElement.GetProperty("item").GetProperty("hash").GetString().ShouldBe(first.Hash);
        ambiguous.ExitCode.ShouldBe(1);
        ambiguous.Error.ShouldContain($"{first.Hash[..4]} is the start of 2 items' hashes");
        ambiguous.Error.ShouldContain(first.Hash[..16]);
        ambiguous.Error.ShouldContain(second.Hash[..16]);
        unknown.ExitCode.ShouldBe(1);
        unknown.Error.ShouldContain("no evidence item in this workspace has a hash starting with ffff0000ffff");
        tooShort.ExitCode.ShouldBe(1);
        tooShort.Error.ShouldContain("at least 4 hexadecimal digits");
    }
}

/// <summary>Error lines name the file once: the path starts the line, the reason does not repeat it.</summary>
[Collection(CliCollection.Name)]
public class ErrorLineTests
{
    [Theory]
    [InlineData(typeof(UnauthorizedAccessException), "Access to the path '/cases/a/photo.jpg' is denied.", "permission denied")]
    [InlineData(typeof(FileNotFoundException), "Could not find file '/cases/a/photo.jpg'.", "no such file")]
    [InlineData(typeof(IOException), "Input/output error : '/cases/a/photo.jpg'", "Input/output error : it")]
    public void The_reason_for_an_unreadable_file_does_not_repeat_its_path(Type type, string message, string reason)
    {
        var exception = (Exception)Activator.CreateInstance(type, message)!;

        EvidenceCommands.Reason(exception, "/cases/a/photo.jpg").ShouldBe(reason);
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_is_one_error_line_not_a_stack_trace()
    {
        var missing = Path.Combine(Cli.NewWorkspace(), "no-such-folder", "report.json");
        var histories = Path.Combine(Cli.NewWorkspace(), "h.csv");
        File.WriteAllText(histories, "A,B,count\n1,0,10\n0,1,12\n1,1,5\n");

        var result = Cli.Run("estimate", "--input", histories, "--method", "loglinear", "--out", missing);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"error: {missing}: the folder ");
        result.Error.ShouldNotContain("   at ");
    }
}
