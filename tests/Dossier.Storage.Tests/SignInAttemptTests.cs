using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dossier.Application.Access;

namespace Dossier.Storage.Tests;

/// <summary>Sign-in attempts on both databases: the same work on every path, and attempts counted atomically.</summary>
public class SignInAttemptTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A real, slow password hash (PBKDF2 from the BCL) that remembers which stored hash each check was given.</summary>
    private sealed class RecordingHashing : IPasswordHashing
    {
        public ConcurrentQueue<string> Checked { get; } = new();

        public string Hash(string password)
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return Convert.ToHexString(salt) + ":" + Convert.ToHexString(Derive(password, salt));
        }

        public bool Verify(string hash, string password, out bool rehash)
        {
            Checked.Enqueue(hash);
            rehash = false;
            var parts = hash.Split(':');
            return CryptographicOperations.FixedTimeEquals(Derive(password, Convert.FromHexString(parts[0])), Convert.FromHexString(parts[1]));
        }

        private static byte[] Derive(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 20_000, HashAlgorithmName.SHA256, 32);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Every_sign_in_path_checks_exactly_one_password_hash(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var hashing = new RecordingHashing();
        var accounts = new AccountService(test.Store.Accounts, test.Store, hashing, new FixedTime());
        var open = (await accounts.AddAsync("open.account", Role.Viewer, "admin", "test", None)).Password!;
        var locked = (await accounts.AddAsync("locked.account", Role.Viewer, "admin", "test", None)).Password!;
        var disabled = (await accounts.AddAsync("disabled.account", Role.Viewer, "admin", "test", None)).Password!;
        for (var i = 0; i < AccountService.MaxFailedAttempts; i++)
        {
            await accounts.CheckPasswordAsync("locked.account", "wrong", None);
        }

        (await accounts.DisableAsync("disabled.account", "admin", "left", None)).ShouldBeNull();

        foreach (var (name, password, expected) in new (string?, string?, SignInStep)[]
        {
            ("no.such.account", "anything", SignInStep.Refused),
            ("Not A Valid Name!", "anything", SignInStep.Refused),
            (null, null, SignInStep.Refused),
            ("open.account", "wrong", SignInStep.Refused),
            ("open.account", open, SignInStep.ChangePassword),
            ("locked.account", locked, SignInStep.LockedOut),
            ("disabled.account", disabled, SignInStep.Refused),
        })
        {
            var before = hashing.Checked.Count;
            (await accounts.CheckPasswordAsync(name, password, None)).ShouldBe(expected, name);
            (hashing.Checked.Count - before).ShouldBe(1, $"hash checks for {name ?? "no name"}");
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Twenty_simultaneous_wrong_passwords_are_counted_one_by_one_and_lock_the_account(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var store = test.Store.Accounts;
        var accounts = new AccountService(store, test.Store, new RecordingHashing(), new FixedTime());
        var password = (await accounts.AddAsync("target.account", Role.Investigator, "admin", "test", None)).Password!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => accounts.CheckPasswordAsync("target.account", "guess-" + i, None))));

        // Each attempt got its own number: the first four are refused, the fifth locks, the rest find it locked.
        answers.Count(a => a == SignInStep.Refused).ShouldBe(AccountService.MaxFailedAttempts - 1);
        answers.Count(a => a == SignInStep.LockedOut).ShouldBe(20 - (AccountService.MaxFailedAttempts - 1));
        (await store.GetAccountAsync("target.account", None))!.LockedUntil.ShouldNotBeNull();
        (await accounts.CheckPasswordAsync("target.account", password, None)).ShouldBe(SignInStep.LockedOut);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_signed_out_session_stays_ended(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var accounts = new AccountService(test.Store.Accounts, test.Store, new RecordingHashing(), new FixedTime());
        await accounts.AddAsync("session.holder", Role.Analyst, "admin", "test", None);

        var session = await accounts.StartSessionAsync("session.holder", None);
        var other = await accounts.StartSessionAsync("session.holder", None);
        (await accounts.SessionAsync(session, None)).ShouldBe(new Principal("session.holder", Role.Analyst));

        await accounts.EndSessionAsync(session, None);

        (await accounts.SessionAsync(session, None)).ShouldBeNull();
        (await accounts.SessionAsync(other, None)).ShouldNotBeNull();
        (await accounts.SessionAsync("not-a-session", None)).ShouldBeNull();
    }
}
