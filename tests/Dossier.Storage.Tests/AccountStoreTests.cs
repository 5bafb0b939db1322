using Dossier.Application.Ledger;
using System.Text;
using Dossier.Application.Access;

namespace Dossier.Storage.Tests;

/// <summary>Accounts, tokens and the audit projection on both databases.</summary>
public class AccountStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class PlainHashing : IPasswordHashing
    {
        // The store keeps whatever the hasher gives; a reversible stand-in would hide a bug, so hash for real.
        public string Hash(string password) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(password)));

        public bool Verify(string hash, string password, out bool rehash)
        {
            rehash = false;
            return Hash(password) == hash;
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Accounts_and_tokens_round_trip_and_only_digests_are_stored(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var accounts = new AccountService(test.Store.Accounts, test.Store, new PlainHashing(), new FixedTime());

        var (account, password, error) = await accounts.AddAsync("ana.lyst", Role.Analyst, "admin", "joined", None);
        error.ShouldBeNull();
        (await accounts.AddAsync("ana.lyst", Role.Viewer, "admin", "again", None)).Error.ShouldNotBeNull();
        (await accounts.AddAsync("Bad Name!", Role.Viewer, "admin", "x", None)).Error.ShouldNotBeNull();
        var (token, _) = await accounts.CreateTokenAsync("ana.lyst", "cli", TimeSpan.FromDays(1), "admin", None);

        (await accounts.CheckPasswordAsync("ana.lyst", password, None)).ShouldBe(SignInStep.ChangePassword);
        (await accounts.AuthenticateTokenAsync(token, None)).ShouldBe(new Principal("ana.lyst", Role.Analyst));
        var stored = await test.Store.Accounts.GetAccountAsync("ana.lyst", None);
        stored!.PasswordHash.ShouldNotContain(password!);
        (await test.Store.Accounts.ListTokensAsync("ana.lyst", None)).Single().Digest.ShouldBe(Secrets.Digest(token!));

        (await accounts.ChangeRoleAsync("ana.lyst", Role.Investigator, "admin", "promoted", None)).ShouldBeNull();
        (await accounts.AuthenticateTokenAsync(token, None))!.Role.ShouldBe(Role.Investigator);
        var prefix = Secrets.Digest(token!)[..12];
        (await accounts.RevokeTokenAsync("ana.lyst", prefix, "admin", None)).ShouldBeNull();
        (await accounts.AuthenticateTokenAsync(token, None)).ShouldBeNull();
        account!.Name.ShouldBe("ana.lyst");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_audit_trail_filters_by_actor_type_and_target_and_rebuilds_from_the_ledger(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var time = new FixedTime();
        var audit = new AuditTrail(test.Store, time);
        await audit.ReadIdsAsync(new Principal("inv", Role.Investigator), ["w-001", "w-002"], "/records/w-001", None);
        await audit.DeniedAsync(new Principal("view", Role.Viewer), "/records/w-001", "w-001", None);
        await audit.DeniedAsync(null, "api token", null, None);
        var log = test.Store.Audit;

        (await log.QueryAuditAsync(new AuditFilter(), None)).Count.ShouldBe(3);
        (await log.QueryAuditAsync(new AuditFilter(Actor: "inv"), None)).Single().Type.ShouldBe(EntryTypes.Read);
        (await log.QueryAuditAsync(new AuditFilter(Type: "access.denied"), None)).Count.ShouldBe(2);
        (await log.QueryAuditAsync(new AuditFilter(Type: "access"), None)).Count.ShouldBe(3);
        (await log.QueryAuditAsync(new AuditFilter(Target: "w-002"), None)).Single().Actor.ShouldBe("inv");
        (await log.QueryAuditAsync(new AuditFilter(Actor: "' or 1=1 --"), None)).ShouldBeEmpty();

        var before = await test.Store.DumpProjectionsAsync(None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Preferences_are_a_ledger_entry_applied_to_the_account_and_reproduced_by_a_rebuild(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var store = test.Store.Accounts;
        var accounts = new AccountService(store, test.Store, new PlainHashing(), new FixedTime());
        await accounts.AddAsync("fa.reader", Role.Viewer, "admin", "joined", None);
        await accounts.AddAsync("en.reader", Role.Viewer, "admin", "joined", None);

        (await store.GetAccountAsync("fa.reader", None))!.Language.ShouldBeNull();
        (await accounts.SetPreferencesAsync("fa.reader", "de", null, None)).ShouldNotBeNull();
        (await accounts.SetPreferencesAsync("nobody", "fa", null, None)).ShouldNotBeNull();
        (await accounts.SetPreferencesAsync("fa.reader", "en", false, None)).ShouldBeNull();
        (await accounts.SetPreferencesAsync("fa.reader", "fa", true, None)).ShouldBeNull();
        // Saving the same choice again writes nothing.
        (await accounts.SetPreferencesAsync("fa.reader", "fa", true, None)).ShouldBeNull();

        var chosen = await store.GetAccountAsync("fa.reader", None);
        (chosen!.Language, chosen.SolarHijri).ShouldBe(("fa", (bool?)true));
        var other = await store.GetAccountAsync("en.reader", None);
        (other!.Language, other.SolarHijri).ShouldBe(((string?)null, (bool?)null));
        var entries = await test.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.PreferencesChanged), None);
        entries.Count.ShouldBe(2);
        entries.ShouldAllBe(e => e.Actor == "fa.reader" && e.Target == "fa.reader");

        var before = await test.Store.DumpProjectionsAsync(None);
        before.ShouldContain("fa.reader");
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        var rebuilt = await store.GetAccountAsync("fa.reader", None);
        (rebuilt!.Language, rebuilt.SolarHijri).ShouldBe(("fa", (bool?)true));
    }
}
