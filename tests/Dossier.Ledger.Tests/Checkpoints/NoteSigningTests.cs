using System.Security.Cryptography;
using Dossier.Ledger.Checkpoints;

namespace Dossier.Ledger.Tests.Checkpoints;

public sealed class NoteSigningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dossier-keys-").FullName;
    private readonly NoteSigner _signer = NoteSigner.Create("dossier.example/noury");

    private static Checkpoint Sample(long size = 42) => new("dossier.example/noury", size, SHA256.HashData("root"u8));

    public void Dispose()
    {
        _signer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_signed_checkpoint_should_verify_with_the_printed_verifier_key()
    {
        var note = _signer.Sign(Sample());
        var verifier = NoteVerifier.Parse(_signer.Verifier.ToString());
        var check = verifier.Verify(note);
        check.IsValid.ShouldBeTrue(check.Failure);
        Checkpoint.Parse(check.Text!).ShouldBe(Sample());
        note.ShouldStartWith(Sample().ToNoteText() + "\n— dossier.example/noury ");
    }

    [Fact]
    public void The_verifier_key_should_carry_type_0x02_and_the_spki_key_id()
    {
        var parts = _signer.Verifier.ToString().Split('+', 3);
        parts[0].ShouldBe("dossier.example/noury");
        var key = Convert.FromBase64String(parts[2]);
        key[0].ShouldBe((byte)0x02);

        // c2sp.org/signed-note: for type 0x02 the key ID is the truncated SHA-256 of the DER SPKI.
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.AsSpan(1), out _);
        ecdsa.KeySize.ShouldBe(256);
        parts[1].ShouldBe(Convert.ToHexStringLower(SHA256.HashData(key.AsSpan(1))[..4]));

        // The signature is ASN.1 DER ECDSA over SHA-256 of the note text, checkable without our code.
        var note = SignedNote.Parse(_signer.Sign(Sample()));
        Convert.ToHexStringLower(BitConverter.GetBytes(note.Signatures[0].KeyId).Reverse().ToArray()).ShouldBe(parts[1]);
        ecdsa.VerifyData(System.Text.Encoding.UTF8.GetBytes(note.Text), note.Signatures[0].Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            .ShouldBeTrue();
    }

    [Fact]
    public void A_changed_tree_size_should_fail_verification()
    {
        var note = _signer.Sign(Sample(42)).Replace("\n42\n", "\n43\n", StringComparison.Ordinal);
        var check = _signer.Verifier.Verify(note);
        check.IsValid.ShouldBeFalse();
        check.Failure!.ShouldContain("does not verify");
    }

    [Fact]
    public void A_flipped_signature_bit_should_fail_verification()
    {
        var parsed = SignedNote.Parse(_signer.Sign(Sample()));
        var signature = parsed.Signatures[0].Signature.ToArray();
        signature[^1] ^= 1;
        var tampered = parsed with { Signatures = [parsed.Signatures[0] with { Signature = signature }] };
        _signer.Verifier.Verify(tampered.ToString()).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void A_note_signed_only_by_another_key_should_be_refused_and_extra_signatures_ignored()
    {
        using var other = NoteSigner.Create("dossier.example/noury");
        var byOther = other.Sign(Sample());
        var check = _signer.Verifier.Verify(byOther);
        check.IsValid.ShouldBeFalse();
        check.Failure!.ShouldContain("no signature by the trusted key");

        // Co-signed by both: the unknown signature is ignored and ours verifies.
        var both = SignedNote.Parse(byOther) with { Signatures = [SignedNote.Parse(byOther).Signatures[0], SignedNote.Parse(_signer.Sign(Sample())).Signatures[0]] };
        _signer.Verifier.Verify(both.ToString()).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("no-plus-signs", "expected")]
    [InlineData("name+123+AQ==", "8 hexadecimal")]
    [InlineData("name+00000000+AQID", "signature type 0x01")]
    [InlineData("name+00000000+AgID", "P-256")]
    public void A_malformed_verifier_key_should_be_refused_with_the_field_named(string key, string expected)
    {
        NoteVerifier.TryParse(key, out _, out var error).ShouldBeFalse();
        error.ShouldContain(expected);
    }

    [Fact]
    public void A_verifier_key_whose_id_does_not_match_should_be_refused()
    {
        var parts = _signer.Verifier.ToString().Split('+', 3);
        var wrongId = ((_signer.KeyId + 1) & 0xffffffff).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        NoteVerifier.TryParse($"{parts[0]}+{wrongId}+{parts[2]}", out _, out var error).ShouldBeFalse();
        error.ShouldContain("does not match");
    }

    [Fact]
    public void A_saved_key_should_be_private_to_its_owner_and_load_back()
    {
        var path = Path.Combine(_dir, "signing.key");
        _signer.Save(path);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var loaded = NoteSigner.Load(path);
        loaded.Verifier.ToString().ShouldBe(_signer.Verifier.ToString());
        _signer.Verifier.Verify(loaded.Sign(Sample())).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_key_saved_with_a_passphrase_should_need_it()
    {
        var path = Path.Combine(_dir, "encrypted.key");
        _signer.Save(path, "correct horse");
        File.ReadAllText(path).ShouldContain("ENCRYPTED PRIVATE KEY");

        using (var loaded = NoteSigner.Load(path, "correct horse"))
        {
            loaded.KeyId.ShouldBe(_signer.KeyId);
        }

        Should.Throw<InvalidDataException>(() => NoteSigner.Load(path, "wrong")).Message.ShouldContain("wrong passphrase");
        Should.Throw<InvalidDataException>(() => NoteSigner.Load(path)).Message.ShouldContain("passphrase is needed");
    }

    [Fact]
    public void Save_should_never_overwrite_an_existing_key()
    {
        var path = Path.Combine(_dir, "signing.key");
        _signer.Save(path);
        using var other = NoteSigner.Create("x");
        Should.Throw<IOException>(() => other.Save(path));
        using var loaded = NoteSigner.Load(path);
        loaded.KeyId.ShouldBe(_signer.KeyId);
    }

    [Fact]
    public void Load_should_refuse_a_key_file_others_can_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_dir, "open.key");
        _signer.Save(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Should.Throw<InvalidDataException>(() => NoteSigner.Load(path)).Message.ShouldContain("chmod 600");
    }

    [Theory]
    [InlineData("text\n", "no blank line")]
    [InlineData("text\n\n— name AAAAAAE=", "end with a newline")]
    [InlineData("text\n\n- name AAAAAAE=\n", "signature line 1")]
    [InlineData("text\n\n— na+me AAAAAAE=\n", "signature line 1")]
    [InlineData("text\n\n— name AAAA\n", "too short")]
    [InlineData("te\u0007xt\n\n— name AAAAAAE=\n", "control character")]
    public void A_malformed_signed_note_should_be_refused_with_the_reason(string note, string expected)
    {
        SignedNote.TryParse(note, out _, out var error).ShouldBeFalse();
        error.ShouldContain(expected);
    }
}
