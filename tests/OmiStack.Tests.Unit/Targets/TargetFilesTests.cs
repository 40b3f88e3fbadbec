using OmiStack.Harness.Registry;
using System.Diagnostics;
using FluentAssertions;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>Files a target names are data from a student: a FIFO or a device is refused before it is opened, a huge file before it is read.</summary>
public sealed class TargetFilesTests
{
    private string _folder = null!;
    private string _fifo = null!;

    [SetUp]
    public void MakeFifo()
    {
        _folder = Directory.CreateTempSubdirectory("omistack-files-").FullName;
        _fifo = Path.Combine(_folder, "fifo");
        using var mkfifo = Process.Start("mkfifo", [_fifo])!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [TestCase("fifo", "is empty, or not a regular file (a FIFO or a device)")]
    [TestCase("/dev/zero", "is empty, or not a regular file (a FIFO or a device)")]
    [TestCase("big", "is larger than 64 KiB")]
    [TestCase("missing", "does not exist")]
    public void A_file_that_must_not_be_read_says_why(string name, string why)
    {
        File.WriteAllBytes(Path.Combine(_folder, "big"), new byte[65 * 1024]);
        var path = name.StartsWith('/') ? name : Path.Combine(_folder, name);

        TargetPaths.Unreadable(path, 64 * 1024).Should().Be($"'{path}' {why}");
    }

    [Test]
    public async Task A_fifo_as_known_hosts_or_ca_file_never_blocks_the_grader()
    {
        // Bounded so that a regression fails instead of hanging the suite.
        var knownHosts = Task.Run(() => KnownHosts.Load(_fifo));
        var trust = Task.Run(() => RegistryTrust.LoadAsync(_fifo, Harness.Evidence.EvidenceLog.Off));

        (await knownHosts.WaitAsync(TimeSpan.FromSeconds(10))).FingerprintsFor("dockernode1", 22).Should().BeEmpty();
        await trust.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<IOException>().WithMessage("caFile * is empty, or not a regular file (a FIFO or a device)");
    }
}
