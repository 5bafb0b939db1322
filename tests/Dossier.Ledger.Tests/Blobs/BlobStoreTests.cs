using System.Security.Cryptography;
using Dossier.Ledger.Blobs;

namespace Dossier.Ledger.Tests.Blobs;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dossier-blobs-").FullName;
    private readonly BlobStore _store;

    public BlobStoreTests() => _store = new BlobStore(_root);

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private static byte[] Content(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 17)]
    public async Task Put_should_store_the_file_under_its_sha256_in_a_two_level_folder(int size)
    {
        var content = Content(size, size);
        var info = await _store.PutAsync(new MemoryStream(content), CancellationToken.None);

        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        info.ShouldBe(new BlobInfo(expected, size, AlreadyStored: false));
        var path = Path.Combine(_root, "blobs", expected[..2], expected[2..]);
        File.ReadAllBytes(path).ShouldBe(content);
        await using var read = _store.OpenRead(expected);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, CancellationToken.None);
        copy.ToArray().ShouldBe(content);
        Directory.EnumerateFiles(Path.Combine(_root, "blobs", ".tmp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_duplicate_should_be_recognised_and_not_stored_twice()
    {
        var content = Content(5000, 1);
        var first = await _store.PutAsync(new MemoryStream(content), CancellationToken.None);
        var second = await _store.PutAsync(new MemoryStream(content), CancellationToken.None);
        first.AlreadyStored.ShouldBeFalse();
        second.ShouldBe(first with { AlreadyStored = true });
        Directory.EnumerateFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories).Count().ShouldBe(1);
        _store.EnumerateHashes().ShouldBe([first.Hash]);
    }

    [Fact]
    public async Task Stored_files_should_be_read_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var info = await _store.PutAsync(new MemoryStream(Content(10, 2)), CancellationToken.None);
        (File.GetUnixFileMode(_store.PathOf(info.Hash)) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite))
            .ShouldBe(UnixFileMode.None);
    }

    [Fact]
    public async Task Verify_should_report_intact_corrupt_and_missing_files()
    {
        var info = await _store.PutAsync(new MemoryStream(Content(4096, 3)), CancellationToken.None);
        _store.Verify(info.Hash).Status.ShouldBe(BlobStatus.Intact);

        var path = _store.PathOf(info.Hash);
        MakeWritable(path);
        var bytes = File.ReadAllBytes(path);
        bytes[1234] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var check = _store.Verify(info.Hash);
        check.Status.ShouldBe(BlobStatus.Corrupt);
        check.ActualHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        check.ToString().ShouldContain("corrupt");

        File.Delete(path);
        _store.Verify(info.Hash).Status.ShouldBe(BlobStatus.Missing);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8/5")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void A_name_that_is_not_a_sha256_should_be_refused_before_touching_the_disk(string hash)
    {
        Should.Throw<ArgumentException>(() => _store.OpenRead(hash)).Message.ShouldContain("not a SHA-256 hash");
        Should.Throw<ArgumentException>(() => _store.Verify(hash));
        Should.Throw<ArgumentException>(() => _store.PathOf(hash));
    }

    [Fact]
    public async Task A_stream_that_fails_mid_read_should_leave_nothing_behind()
    {
        var failing = new FailingStream(Content(3 << 20, 4), failAfter: (1 << 20) + 5);
        await Should.ThrowAsync<IOException>(() => _store.PutAsync(failing, CancellationToken.None));
        Directory.EnumerateFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_put_should_leave_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        var stream = new FailingStream(Content(4 << 20, 5), failAfter: long.MaxValue, onRead: cts.Cancel);
        await Should.ThrowAsync<OperationCanceledException>(() => _store.PutAsync(stream, cts.Token));
        Directory.EnumerateFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void Abandoned_temporary_files_should_be_cleaned_and_never_listed_as_blobs()
    {
        var temp = Path.Combine(_root, "blobs", ".tmp");
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "abc.part"), "half a file");
        _store.EnumerateHashes().ShouldBeEmpty();
        _store.DeleteAbandonedTemporaryFiles().ShouldBe(1);
        Directory.EnumerateFiles(temp).ShouldBeEmpty();
    }

    private static void MakeWritable(string path)
    {
        File.SetAttributes(path, FileAttributes.Normal);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Serves bytes, then fails like a file that vanishes or a disk that errors mid-read.</summary>
    private sealed class FailingStream(byte[] content, long failAfter, Action? onRead = null) : MemoryStream(content)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onRead?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            if (Position >= failAfter)
            {
                throw new IOException("The file vanished mid-read.");
            }

            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}

public sealed class FileHasherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dossier-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData((1 << 20) + 3)]
    public void Sha256_of_a_mapped_file_should_equal_the_hash_of_its_bytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_dir, $"f{size}");
        File.WriteAllBytes(path, bytes);
        FileHasher.Sha256(path).ShouldBe(SHA256.HashData(bytes));
    }
}
