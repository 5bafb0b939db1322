using System.Diagnostics;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>Sealed identities on both databases: round trip, refusals, tampering, crypto-shredding, rotation.</summary>
/// <summary>
/// Runs alone: PostgreSQL keeps a deleted row that any open transaction of the cluster might still see,
/// so a concurrent test's transaction would keep the erased key's bytes alive through VACUUM FULL. That is
/// the residual risk docs/protected-identities.md names; the test checks erasure on a quiet server.
/// </summary>
[Collection(ScrubCollection.Name)]
public class SealedIdentityTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Sealer = new("investigator@test", Role.Investigator);
    private const string SealerReason = "witness interview intake";
    private static readonly Principal Investigator = new("ines@test", Role.Investigator);
    private static readonly Principal Lawyer = new("lars@test", Role.Legal);

    // Invented names with spellings that occur nowhere else, so a raw byte search cannot hit by chance.
    internal const string LatinName = "Qzorwyn Eblatrix-Vundelmoor";
    internal const string PersianName = "ژولفیناز قیصرپوراخت";
    internal const string Contact = "+46 70 000 9931 (INVENTED)";
    internal const string Location = "Invented Street 77, Nowhereby (INVENTED)";
    internal static readonly byte[] Photo = Encoding.ASCII.GetBytes("\x89PNG-invented-photo-bytes-5b1e0c");

    internal static SealedIdentity Identity(string latin = LatinName, string persian = PersianName) => new()
    {
        Names = [new PersonName(latin, "Latn", NameKind.Full), new PersonName(persian, "Arab", NameKind.Full)],
        Contact = Contact,
        Location = Location,
        Photos = [new SealedPhoto("image/png", Photo)],
        Notes = "INVENTED identity for tests",
        Synthetic = true,
    };

    private static ProtectionService Protection(TestStore test, MasterKeyStore? keys = null) =>
        new(test.Store, keys ?? MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Seal_then_unseal_returns_the_identity_and_records_who_and_why(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);

        var sealedResult = await protection.SealAsync(new SealRequest(Identity()) { Synthetic = true }, Sealer, SealerReason, None);
        var second = await protection.SealAsync(new SealRequest(Identity("Other Invented", "دیگری")), Sealer, SealerReason, None);
        var source = await protection.SealAsync(new SealRequest(Identity("Third Invented", "سومی"), SubjectCategory.Source), Sealer, SealerReason, None);

        sealedResult.Status.ShouldBe(SealStatus.Ok);
        (sealedResult.SubjectId, sealedResult.Pseudonym).ShouldBe(("w-001", "W-001"));
        second.Pseudonym.ShouldBe("W-002");
        source.Pseudonym.ShouldBe("S-001");
        var record = (Person)(await test.Store.GetAsync("w-001", None))!.Record;
        record.Classification.ShouldBe(Classification.ProtectedIdentity);
        record.Names.ShouldBe([new PersonName("W-001", "Latn", NameKind.Full)]);

        foreach (var principal in new[] { Investigator, Lawyer })
        {
            var opened = await protection.UnsealAsync("w-001", principal, "preparing the hearing of 3 May", None);
            opened.Status.ShouldBe(UnsealStatus.Ok, opened.Message);
            opened.Identity!.Names.ShouldBe(Identity().Names);
            opened.Identity.Contact.ShouldBe(Contact);
            opened.Identity.Location.ShouldBe(Location);
            opened.Identity.Photos.Single().MediaType.ShouldBe("image/png");
            opened.Identity.Photos.Single().Bytes.ShouldBe(Photo);
        }

        var history = await test.Store.HistoryAsync("w-001", None);
        history.Select(e => e.Type).ShouldBe([EntryTypes.RecordCreated, EntryTypes.IdentitySealed, EntryTypes.IdentityUnsealed, EntryTypes.IdentityUnsealed]);
        history[2].Actor.ShouldBe("ines@test");
        history[2].Reason.ShouldBe("preparing the hearing of 3 May");
        history[2].Body.GetProperty("role").GetString().ShouldBe("investigator");
        await AssertNoPlaintextInLedgerAsync(test.Store);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Unseal_is_refused_for_viewer_analyst_and_admin_and_without_a_reason_and_every_refusal_is_recorded(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);

        foreach (var role in new[] { Role.Viewer, Role.Analyst, Role.Admin })
        {
            var refused = await protection.UnsealAsync("w-001", new Principal("mallory", role), "curious", None);
            refused.Status.ShouldBe(UnsealStatus.Forbidden);
            refused.Identity.ShouldBeNull();
            var erase = await protection.EraseAsync("w-001", new Principal("mallory", role), "curious", None);
            erase.Status.ShouldBe(UnsealStatus.Forbidden);
        }

        foreach (var reason in new[] { null, "", "   " })
        {
            var noReason = await protection.UnsealAsync("w-001", Investigator, reason, None);
            noReason.Status.ShouldBe(UnsealStatus.ReasonRequired);
            noReason.Identity.ShouldBeNull();
        }

        var typo = await protection.UnsealAsync(LatinName, Investigator, "typed a name instead of an id", None);
        typo.Status.ShouldBe(UnsealStatus.NotFound);
        typo.Message.ShouldNotContain("Qzorwyn");
        await AssertNoPlaintextInLedgerAsync(test.Store);

        var refusals = (await test.Store.HistoryAsync("w-001", None)).Where(e => e.Type == EntryTypes.IdentityAccessRefused).ToList();
        refusals.Count.ShouldBe(9);
        refusals.Select(e => e.Body.GetProperty("cause").GetString()).ShouldBe(
            [.. Enumerable.Repeat(IdentityEntries.Causes.RoleNotAllowed, 6), .. Enumerable.Repeat(IdentityEntries.Causes.NoReason, 3)]);
        refusals[0].Actor.ShouldBe("mallory");
        refusals[0].Body.GetProperty("role").GetString().ShouldBe("viewer");
        refusals[1].Body.GetProperty("operation").GetString().ShouldBe(IdentityEntries.Operations.Erase);
        (await protection.UnsealAsync("w-001", Investigator, "still readable after refusals", None)).Status.ShouldBe(UnsealStatus.Ok);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Altering_the_ciphertext_in_the_ledger_is_named_by_verify_and_unseal_fails_authentication(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        var sealedSeq = (await protection.GetAsync("w-001", None))!.SealedSequence;

        var entry = (await test.Store.SealedIdentities.GetEntryAsync(sealedSeq, None))!;
        var text = Encoding.UTF8.GetString(entry.Bytes);
        var at = text.IndexOf("\"ciphertext\":\"", StringComparison.Ordinal) + "\"ciphertext\":\"".Length + 10;
        var altered = text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..];
        await RawSql.ExecuteAsync(test, "update ledger_entries set bytes = @b where seq = @s", ("b", Encoding.UTF8.GetBytes(altered)), ("s", sealedSeq));

        var report = await LedgerVerifier.VerifyAsync(test.Store, null, None);
        report.Ok.ShouldBeFalse();
        report.FirstAlteredEntry.ShouldBe(sealedSeq);

        var opened = await protection.UnsealAsync("w-001", Investigator, "check after alteration", None);
        opened.Status.ShouldBe(UnsealStatus.Tampered);
        opened.Identity.ShouldBeNull();
        opened.Message.ShouldContain("failed authentication");
        var last = (await test.Store.HistoryAsync("w-001", None))[^1];
        last.Type.ShouldBe(EntryTypes.IdentityAccessRefused);
        last.Body.GetProperty("cause").GetString().ShouldBe(IdentityEntries.Causes.AuthenticationFailed);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Swapping_two_subjects_wrapped_keys_in_the_database_opens_neither(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        await protection.SealAsync(new SealRequest(Identity("Second Invented", "دومی")), Sealer, SealerReason, None);
        var first = (await test.Store.SealedIdentities.GetKeyAsync("w-001", None))!;
        var second = (await test.Store.SealedIdentities.GetKeyAsync("w-002", None))!;

        const string Swap = "update identity_keys set dek_id = @d, nonce = @n, wrapped = @w where subject_id = @s";
        await RawSql.ExecuteAsync(test, Swap, ("d", second.DekId), ("n", second.Nonce), ("w", second.Wrapped), ("s", "w-001"));
        await RawSql.ExecuteAsync(test, Swap, ("d", first.DekId), ("n", first.Nonce), ("w", first.Wrapped), ("s", "w-002"));

        (await protection.UnsealAsync("w-001", Investigator, "after a swap", None)).Status.ShouldBe(UnsealStatus.Tampered);
        (await protection.UnsealAsync("w-002", Investigator, "after a swap", None)).Status.ShouldBe(UnsealStatus.Tampered);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Erase_destroys_the_key_so_no_copy_or_plaintext_remains_and_the_ledger_still_verifies(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        await protection.SealAsync(new SealRequest(Identity("Kept Invented Person", "نگهداشته")), Sealer, SealerReason, None);
        var doomed = (await test.Store.SealedIdentities.GetKeyAsync("w-001", None))!;
        (await protection.UnsealAsync("w-001", Lawyer, "last check before erasure", None)).Status.ShouldBe(UnsealStatus.Ok);

        var erased = await protection.EraseAsync("w-001", Lawyer, "the witness withdrew consent", None);

        erased.Status.ShouldBe(UnsealStatus.Ok, erased.Message);
        erased.Scrub!.Complete.ShouldBeTrue();
        (await test.Store.SealedIdentities.GetKeyAsync("w-001", None)).ShouldBeNull();
        var after = await protection.UnsealAsync("w-001", Lawyer, "try after erasure", None);
        after.Status.ShouldBe(UnsealStatus.Erased);
        after.Message.ShouldContain("erased");
        after.Identity.ShouldBeNull();
        (await protection.UnsealAsync("w-002", Lawyer, "the other witness is untouched", None)).Status.ShouldBe(UnsealStatus.Ok);
        (await LedgerVerifier.VerifyAsync(test.Store, null, None)).Ok.ShouldBeTrue();
        (await protection.GetAsync("w-001", None))!.Erased.ShouldBeTrue();

        var secrets = new List<(string, byte[])> { ("wrapped key", doomed.Wrapped), ("wrapped key nonce", doomed.Nonce) };
        secrets.AddRange(Forms("name", LatinName));
        secrets.AddRange(Forms("Persian name", PersianName));
        secrets.AddRange(Forms("contact", Contact));
        if (dialect == "sqlite")
        {
            WorkspaceStores.ReleaseSqliteFiles();
            var db = Path.Combine(test.Directory, WorkspaceStores.SqliteFileName);
            foreach (var file in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
            {
                AssertAbsent(file, await File.ReadAllBytesAsync(file), secrets);
            }
        }
        else
        {
            var dump = await PgDumpAsync(test.Database!);
            AssertAbsent("pg_dump", dump, secrets);
            // pg_dump prints bytea as hex: look for that form too.
            AssertAbsent("pg_dump (hex)", dump, [("wrapped key as hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(doomed.Wrapped)))]);
            // pg_dump shows only live rows; the files of the database on disk would also keep dead ones.
            await RawSql.ExecuteAsync(test, "checkpoint");
            var oid = await RawSql.ScalarAsync(test, "select oid::text from pg_database where datname = current_database()");
            foreach (var file in Directory.EnumerateFiles(Path.Combine(PostgresCluster.Shared.DataDirectory, "base", oid)))
            {
                AssertAbsent(file, await File.ReadAllBytesAsync(file), secrets);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Key_rotation_rewraps_every_key_so_unseal_works_and_the_old_key_opens_nothing(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        await protection.SealAsync(new SealRequest(Identity("Second Invented", "دومی")), Sealer, SealerReason, None);
        string oldKey;
        string oldId;
        using (var old = protection.Keys.Load())
        {
            (oldKey, oldId) = (old.ToBase64(), old.Id);
        }

        var (count, newId) = await protection.RotateAsync(new Principal("local:admin@test", Role.LocalOperator), "yearly rotation", None);

        count.ShouldBe(2);
        newId.ShouldNotBe(oldId);
        File.Exists(protection.Keys.FilePath + ".new").ShouldBeFalse();
        (await test.Store.SealedIdentities.MasterKeyIdsAsync(None)).ShouldBe([newId]);
        (await protection.UnsealAsync("w-002", Investigator, "after rotation", None)).Identity!.Names[0].Text.ShouldBe("Second Invented");
        using var oldKeyOnly = MasterKey.FromBase64(oldKey, "old key");
        var withOldKey = new ProtectionService(test.Store, MasterKeyStore.InMemory(oldKeyOnly), new FixedTime());
        var refused = await withOldKey.UnsealAsync("w-001", Investigator, "with the retired key", None);
        refused.Status.ShouldBe(UnsealStatus.KeyUnavailable);
        refused.Identity.ShouldBeNull();
        (await test.Store.ReadEntriesAsync(None).CountAsync()).ShouldBeGreaterThan(0);
        (await LedgerVerifier.VerifyAsync(test.Store, null, None)).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task A_rotation_interrupted_after_the_commit_is_completed_and_one_interrupted_before_it_is_discarded()
    {
        await using var test = await TestStore.OpenAsync("sqlite");
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        var path = protection.Keys.FilePath!;

        // Before the commit: a pending key exists but wraps nothing.
        protection.Keys.BeginRotation().Dispose();
        (await protection.UnsealAsync("w-001", Investigator, "after a crash before commit", None)).Status.ShouldBe(UnsealStatus.Ok);
        File.Exists(path + ".new").ShouldBeFalse();

        // After the commit, before the rename: the database uses the new key, the file still holds the old one.
        var oldFile = await File.ReadAllBytesAsync(path);
        await protection.RotateAsync(new Principal("local:admin@test", Role.LocalOperator), "rotation", None);
        File.Move(path, path + ".new");
        await File.WriteAllBytesAsync(path, oldFile);

        (await protection.UnsealAsync("w-001", Investigator, "after a crash between commit and rename", None)).Status.ShouldBe(UnsealStatus.Ok);
        File.Exists(path + ".new").ShouldBeFalse();
        (await File.ReadAllBytesAsync(path)).ShouldNotBe(oldFile);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Rebuilding_projections_reproduces_sealed_subjects_byte_for_byte(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        await protection.SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);
        await protection.SealAsync(new SealRequest(Identity("B Invented", "ب")), Sealer, SealerReason, None);
        await protection.UnsealAsync("w-001", Investigator, "reason", None);
        await protection.UnsealAsync("w-001", new Principal("v", Role.Viewer), "reason", None);
        await protection.EraseAsync("w-002", Lawyer, "consent withdrawn", None);
        var before = await test.Store.DumpProjectionsAsync(None);
        before.ShouldContain("W-002");

        await test.Store.RebuildProjectionsAsync(null, None);

        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        (await protection.UnsealAsync("w-001", Investigator, "after rebuild", None)).Status.ShouldBe(UnsealStatus.Ok);
        (await protection.UnsealAsync("w-002", Investigator, "after rebuild", None)).Status.ShouldBe(UnsealStatus.Erased);
    }

    [Fact]
    public async Task Messages_of_a_refused_seal_name_fields_but_never_their_content()
    {
        await using var test = await TestStore.OpenAsync("sqlite");
        var protection = Protection(test);
        var bad = Identity() with { Names = [new PersonName(LatinName, "", NameKind.Full), new PersonName(" ", "Latn", NameKind.Full)], Photos = [new SealedPhoto("png", Photo)] };

        var result = await protection.SealAsync(new SealRequest(bad), Sealer, SealerReason, None);

        result.Status.ShouldBe(SealStatus.Invalid);
        result.Errors.Select(e => e.Field).ShouldBe(["identity.names[0].script", "identity.names[1].text", "identity.photos[0].mediaType"], ignoreOrder: true);
        string.Join('\n', result.Errors.Select(e => e.ToString())).ShouldNotContain("Qzorwyn");
        bad.ToString().ShouldNotContain("Qzorwyn");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
    }

    [Fact]
    public async Task A_malformed_master_key_file_refuses_the_seal_with_a_clear_error_and_writes_nothing()
    {
        await using var test = await TestStore.OpenAsync("sqlite");
        var path = Path.Combine(test.Directory, "keys", "master.key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "not a key\n");

        var result = await Protection(test, MasterKeyStore.AtPath(path)).SealAsync(new SealRequest(Identity()), Sealer, SealerReason, None);

        result.Status.ShouldBe(SealStatus.Invalid);
        result.Errors.Single().Field.ShouldBe("masterKey");
        result.Errors.Single().Message.ShouldContain("is not a Dossier master key file");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
    }

    internal static IEnumerable<(string, byte[])> Forms(string what, string text) =>
    [
        (what + " (UTF-8)", Encoding.UTF8.GetBytes(text)),
        (what + " (UTF-16)", Encoding.Unicode.GetBytes(text)),
    ];

    internal static void AssertAbsent(string where, byte[] haystack, IEnumerable<(string What, byte[] Bytes)> needles)
    {
        foreach (var (what, bytes) in needles)
        {
            haystack.AsSpan().IndexOf(bytes).ShouldBe(-1, $"{what} found in {where}");
        }
    }

    private static async Task AssertNoPlaintextInLedgerAsync(IWorkspaceStore store)
    {
        var all = new List<byte>();
        await foreach (var entry in store.ReadEntriesAsync(None))
        {
            all.AddRange(entry.Bytes);
        }

        var names = Forms("name", LatinName).Concat(Forms("Persian name", PersianName)).Concat(Forms("contact", Contact))
            .Append(("Persian name (JSON escaped)", Encoding.ASCII.GetBytes(System.Text.Json.JsonSerializer.Serialize(PersianName).Trim('"'))));
        AssertAbsent("the ledger", [.. all], names);
        AssertAbsent("the projections", Encoding.UTF8.GetBytes(await store.DumpProjectionsAsync(None)), names);
    }

    private static async Task<byte[]> PgDumpAsync(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(PostgresCluster.BinDirectory!, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database! })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await errors);
        output.Length.ShouldBeGreaterThan(1000);
        return output.ToArray();
    }
}

/// <summary>Raw SQL on a test store's database, for tampering with it as an attacker would.</summary>
internal static class RawSql
{
    public static async Task ExecuteAsync(TestStore test, string sql, params (string Name, object Value)[] parameters) =>
        await RunAsync(test, sql, parameters);

    public static async Task<string> ScalarAsync(TestStore test, string sql) => (string)(await RunAsync(test, sql, [], scalar: true))!;

    private static async Task<object?> RunAsync(TestStore test, string sql, (string Name, object Value)[] parameters, bool scalar = false)
    {
        System.Data.Common.DbConnection connection = test.Database is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(test.Directory, WorkspaceStores.SqliteFileName)}")
            : new Npgsql.NpgsqlConnection(test.Database);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return scalar ? await command.ExecuteScalarAsync() : await command.ExecuteNonQueryAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrubCollection
{
    public const string Name = "scrub";
}
