using System.Data.Common;
using Dossier.Application.Access;

namespace Dossier.Storage.Tests;

/// <summary>What a copy of the database alone gives away about accounts (both databases), and who may read the files.</summary>
public class AccountSecretsAtRestTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset At { get; set; } = Now;

        public override DateTimeOffset GetUtcNow() => At;
    }

    private sealed class Sha256Hashing : IPasswordHashing
    {
        public string Hash(string password) => Secrets.Digest("pw:" + password);

        public bool Verify(string hash, string password, out bool rehash)
        {
            rehash = false;
            return hash == Hash(password);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_TOTP_secret_is_stored_encrypted_under_a_key_outside_the_database(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var clock = new Clock();
        var accounts = new AccountService(test.Store.Accounts, test.Store, new Sha256Hashing(), clock);
        await accounts.AddAsync("enrolled.one", Role.Investigator, "admin", "test", None);
        var secret = Totp.NewSecret();
        (await accounts.ConfirmEnrolmentAsync("enrolled.one", secret, Totp.Code(secret, Totp.StepAt(clock.At)), None)).ShouldNotBeNull();

        var stored = await RawTotpAsync(test, "enrolled.one");

        stored.ShouldStartWith("v1:");
        stored.ShouldNotContain(Base32.Encode(secret));
        clock.At += TimeSpan.FromSeconds(Totp.StepSeconds);
        (await accounts.CheckSecondFactorAsync("enrolled.one", Totp.Code(secret, Totp.StepAt(clock.At)), None)).ShouldNotBeNull();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(test.Directory, "keys", AccountKey.FileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_secret_an_older_version_stored_in_the_clear_is_encrypted_when_the_workspace_opens(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var clock = new Clock();
        var accounts = new AccountService(test.Store.Accounts, test.Store, new Sha256Hashing(), clock);
        await accounts.AddAsync("older.one", Role.Analyst, "admin", "test", None);
        var secret = Totp.NewSecret();
        await ExecuteAsync(test, "update accounts set totp_secret = @totp where name = 'older.one'", ("totp", Base32.Encode(secret)));

        await using (var reopened = await WorkspaceStores.OpenAsync(test.Directory, test.Database, None))
        {
            (await RawTotpAsync(test, "older.one")).ShouldStartWith("v1:");
            var again = new AccountService(reopened.Accounts, reopened, new Sha256Hashing(), clock);
            (await again.CheckSecondFactorAsync("older.one", Totp.Code(secret, Totp.StepAt(clock.At)), None)).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task A_new_SQLite_workspace_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var test = await TestStore.OpenAsync("sqlite");
        (await test.Service().CreateAsync(new Dossier.Domain.Records.Source { Id = "s-mode", Title = "t", Type = "report", Provenance = "test" }, new Principal("test", Role.Investigator), "mode", None)).Status.ShouldBe(Dossier.Application.Workspace.CommandStatus.Ok);

        foreach (var file in Directory.EnumerateFiles(test.Directory, WorkspaceStores.SqliteFileName + "*"))
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }

    private static async Task<string> RawTotpAsync(TestStore test, string account)
    {
        await using var connection = await OpenAsync(test);
        await using var command = connection.CreateCommand();
        command.CommandText = $"select totp_secret from accounts where name = '{account}'";
        return (string)(await command.ExecuteScalarAsync(None))!;
    }

    private static async Task ExecuteAsync(TestStore test, string sql, (string Name, object Value) parameter)
    {
        await using var connection = await OpenAsync(test);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = parameter.Name;
        p.Value = parameter.Value;
        command.Parameters.Add(p);
        await command.ExecuteNonQueryAsync(None);
    }

    private static async Task<DbConnection> OpenAsync(TestStore test)
    {
        DbConnection connection = test.Database is { } database
            ? new Npgsql.NpgsqlConnection(database)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(test.Directory, WorkspaceStores.SqliteFileName)}");
        await connection.OpenAsync(None);
        return connection;
    }
}
