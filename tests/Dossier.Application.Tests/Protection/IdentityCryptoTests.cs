using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Protection;
using Dossier.Domain.Records;

namespace Dossier.Application.Tests.Protection;

public class IdentityCryptoTests
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("{\"names\":[{\"text\":\"Invented Person\"}]}");

    [Fact]
    public void Any_single_byte_change_to_nonce_ciphertext_or_tag_fails_authentication()
    {
        var random = new Random(1988);
        for (var run = 0; run < 300; run++)
        {
            var key = IdentityCrypto.NewDataKey();
            var plaintext = new byte[random.Next(1, 600)];
            random.NextBytes(plaintext);
            var payload = IdentityCrypto.Encrypt(key, plaintext, "w-001", "W-001", "dek-1");
            IdentityCrypto.Decrypt(key, payload, "w-001", "W-001", "dek-1").ShouldBe(plaintext);

            var parts = new[] { payload.Nonce, payload.Ciphertext, payload.Tag };
            var part = parts[random.Next(parts.Length)];
            var index = random.Next(part.Length);
            part[index] ^= (byte)random.Next(1, 256);

            Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Decrypt(key, payload, "w-001", "W-001", "dek-1"));
        }
    }

    [Theory]
    [InlineData("w-002", "W-001", "dek-1")]
    [InlineData("w-001", "W-002", "dek-1")]
    [InlineData("w-001", "W-001", "dek-2")]
    public void A_ciphertext_opens_only_for_the_subject_pseudonym_and_key_id_it_was_sealed_for(string subject, string pseudonym, string dekId)
    {
        var key = IdentityCrypto.NewDataKey();
        var payload = IdentityCrypto.Encrypt(key, Plaintext, "w-001", "W-001", "dek-1");

        Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Decrypt(key, payload, subject, pseudonym, dekId));
    }

    [Fact]
    public void A_wrapped_key_opens_only_with_its_master_key_and_for_its_own_subject()
    {
        using var master = MasterKey.Generate();
        using var other = MasterKey.Generate();
        var dataKey = IdentityCrypto.NewDataKey();
        var wrapped = IdentityCrypto.Wrap(master, dataKey, "w-001", "dek-1");

        IdentityCrypto.Unwrap(master, wrapped).ShouldBe(dataKey);
        wrapped.Wrapped.AsSpan(0, 32).SequenceEqual(dataKey).ShouldBeFalse();
        Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Unwrap(other, wrapped with { MasterKeyId = other.Id }));
        Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Unwrap(master, wrapped with { SubjectId = "w-002" }));
        Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Unwrap(master, wrapped with { DekId = "dek-2" }));
        Should.Throw<AuthenticationTagMismatchException>(() => IdentityCrypto.Unwrap(master, wrapped with { Wrapped = wrapped.Wrapped[..40] }));
    }

    [Fact]
    public void Payloads_are_padded_so_short_and_longer_names_give_the_same_ciphertext_length()
    {
        var shortName = SealedIdentityJson.ToPaddedUtf8(new SealedIdentity { Names = [new PersonName("Al", "Latn", NameKind.Full)] });
        var longerName = SealedIdentityJson.ToPaddedUtf8(new SealedIdentity { Names = [new PersonName("Alexandrina Konstantinopoulou-Vasquez", "Latn", NameKind.Full)] });

        shortName.Length.ShouldBe(longerName.Length);
        (shortName.Length % 256).ShouldBe(0);
        SealedIdentityJson.FromUtf8(longerName).Names[0].Text.ShouldBe("Alexandrina Konstantinopoulou-Vasquez");
    }

    [Fact]
    public void Master_key_ids_are_stable_fingerprints_and_the_key_file_is_owner_only()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dossier-mk-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = MasterKeyStore.AtPath(Path.Combine(folder, "keys", "master.key"));
            store.Exists.ShouldBeFalse();
            Should.Throw<MasterKeyException>(store.Load).Message.ShouldContain("No master key");

            store.EnsureCreated().ShouldBeTrue();
            store.EnsureCreated().ShouldBeFalse();

            using var first = store.Load();
            using var again = store.Load();
            first.Id.ShouldBe(again.Id);
            first.Id.ShouldMatch("^mk-[0-9a-f]{16}$");
            using var copy = MasterKey.FromBase64(first.ToBase64(), "test");
            copy.Id.ShouldBe(first.Id);
            File.ReadAllLines(store.FilePath!)[0].ShouldBe("dossier-master-key v1");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(store.FilePath!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.GetUnixFileMode(Path.GetDirectoryName(store.FilePath!)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Should.Throw<MasterKeyException>(() => MasterKey.FromBase64("c2hvcnQ=", "$DOSSIER_MASTER_KEY")).Message.ShouldContain("32 bytes");
            Should.Throw<MasterKeyException>(() => MasterKey.FromBase64("not base64!", "$DOSSIER_MASTER_KEY")).Message.ShouldContain("not base64");
            Should.Throw<MasterKeyException>(() => MasterKeyStore.InMemory(first).BeginRotation());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
