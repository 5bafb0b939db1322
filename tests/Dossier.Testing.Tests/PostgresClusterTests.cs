using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;

namespace Dossier.Testing.Tests;

public sealed class PostgresClusterTests(ITestOutputHelper output)
{
    private static PostgresCluster Cluster => PostgresCluster.Shared;

    [PostgresFact]
    public async Task Shared_cluster_should_answer_select_version()
    {
        var cluster = Cluster;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Shared cluster started in {cluster.StartupTime.TotalMilliseconds:F0} ms on port {cluster.Port} (bin {PostgresCluster.BinDirectory})."));

        var version = await ScalarAsync<string>(cluster.ConnectionString, "select version()");

        version.ShouldStartWith("PostgreSQL ");
        output.WriteLine(version);
    }

    [PostgresFact]
    public async Task CreateDatabaseAsync_should_give_separate_empty_databases()
    {
        var first = await Cluster.CreateDatabaseAsync("separate_first");
        var second = await Cluster.CreateDatabaseAsync("separate_second");

        (await ScalarAsync<string>(first, "select current_database()")).ShouldBe("separate_first");
        (await ScalarAsync<string>(second, "select current_database()")).ShouldBe("separate_second");

        await ExecuteAsync(first, "create table only_in_first (id int)");
        (await ScalarAsync<bool>(first, "select to_regclass('only_in_first') is not null")).ShouldBeTrue();
        (await ScalarAsync<bool>(second, "select to_regclass('only_in_first') is not null")).ShouldBeFalse();
    }

    [PostgresFact]
    public async Task CreateDatabaseAsync_should_fail_when_the_database_exists()
    {
        await Cluster.CreateDatabaseAsync("created_twice");

        var error = await Should.ThrowAsync<PostgresException>(() => Cluster.CreateDatabaseAsync("created_twice"));

        error.SqlState.ShouldBe(PostgresErrorCodes.DuplicateDatabase);
    }

    [PostgresTheory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("quote\"inside")]
    [InlineData("semi;colon")]
    [InlineData("نوری")]
    public async Task CreateDatabaseAsync_should_reject_names_that_are_not_plain_identifiers(string name)
    {
        await Should.ThrowAsync<ArgumentException>(() => Cluster.CreateDatabaseAsync(name));
    }

    [PostgresFact]
    public async Task Persian_text_should_round_trip_unchanged()
    {
        const string name = "حمید نوری";
        var connectionString = await Cluster.CreateDatabaseAsync("persian_round_trip");
        await ExecuteAsync(connectionString, "create table person (name text not null)");

        await using (var connection = await OpenAsync(connectionString))
        await using (var insert = new NpgsqlCommand("insert into person (name) values ($1)", connection))
        {
            insert.Parameters.AddWithValue(name);
            await insert.ExecuteNonQueryAsync();
        }

        (await ScalarAsync<string>(connectionString, "show server_encoding")).ShouldBe("UTF8");
        (await ScalarAsync<string>(connectionString, "select name from person")).ShouldBe(name);
        // Nine characters in seventeen UTF-8 bytes: the server stored text, not mojibake or UTF-16.
        (await ScalarAsync<int>(connectionString, "select char_length(name) from person")).ShouldBe(9);
        (await ScalarAsync<int>(connectionString, "select octet_length(name) from person")).ShouldBe(17);
        (await ScalarAsync<bool>(connectionString, "select name = 'حمید نوری' from person")).ShouldBeTrue();
    }

    [PostgresFact]
    public async Task Pg_trgm_should_be_installable_and_score_spelling_variants()
    {
        var connectionString = await Cluster.CreateDatabaseAsync("trigram");

        await ExecuteAsync(connectionString, "create extension if not exists pg_trgm");

        (await ScalarAsync<bool>(connectionString, "select exists (select 1 from pg_extension where extname = 'pg_trgm')"))
            .ShouldBeTrue();
        var variants = await ScalarAsync<float>(connectionString, "select similarity('Noury', 'Nouri')");
        var unrelated = await ScalarAsync<float>(connectionString, "select similarity('Noury', 'Abbasi')");
        variants.ShouldBeGreaterThan(unrelated);
        variants.ShouldBeLessThan(1f);
    }

    [PostgresFact]
    public async Task Server_should_listen_on_loopback_only()
    {
        var cluster = Cluster;

        (await ScalarAsync<string>(cluster.ConnectionString, "show listen_addresses")).ShouldBe("127.0.0.1");
        (await ScalarAsync<IPAddress>(cluster.ConnectionString, "select inet_server_addr()")).ShouldBe(IPAddress.Loopback);

        // Every non-loopback address of this machine must refuse the port.
        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        output.WriteLine($"Non-loopback IPv4 addresses checked: {string.Join(", ", external)}");
        foreach (var address in external)
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            var error = await Should.ThrowAsync<SocketException>(() => client.ConnectAsync(address, cluster.Port));
            error.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
        }
    }

    [PostgresFact]
    public async Task Dispose_should_stop_the_server_and_delete_its_folder()
    {
        var cluster = PostgresCluster.Start();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Private cluster started in {cluster.StartupTime.TotalMilliseconds:F0} ms."));
        (await ScalarAsync<int>(cluster.ConnectionString, "select 1")).ShouldBe(1);
        Directory.Exists(cluster.DataDirectory).ShouldBeTrue();

        cluster.Dispose();

        Directory.Exists(cluster.RootDirectory).ShouldBeFalse();
        using var client = new TcpClient(AddressFamily.InterNetwork);
        var error = await Should.ThrowAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, cluster.Port));
        error.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is T typed
            ? typed
            : throw new InvalidOperationException($"'{sql}' returned {value?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
    }
}
