using System.Diagnostics;
using FluentAssertions;
using OmiStack.Harness.Ssh;
using Renci.SshNet;

namespace OmiStack.Tests.Unit.Ssh;

public sealed class SshKeyPairTests
{
    [Test]
    public void A_generated_private_key_is_read_by_ssh_net()
    {
        var pair = SshKeyPair.Generate("test");
        var path = Path.GetTempFileName();
        pair.WritePrivateKey(path);

        using var key = new PrivateKeyFile(path);

        key.Key.ToString().Should().Be("ssh-rsa");
        File.Delete(path);
    }

    [Test]
    [Platform("Linux,MacOsX")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_private_key_file_is_readable_by_its_owner_only()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        SshKeyPair.Generate("test").WritePrivateKey(path);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(path);
    }

    [Test]
    public void The_public_key_line_is_the_one_openssh_derives_from_the_private_key()
    {
        if (!File.Exists("/usr/bin/ssh-keygen"))
        {
            Assert.Ignore("ssh-keygen (openssh-client) is not installed");
        }

        var pair = SshKeyPair.Generate("omistack-test");
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        pair.WritePrivateKey(path);
        using var keygen = Process.Start(new ProcessStartInfo("/usr/bin/ssh-keygen", ["-y", "-f", path]) { RedirectStandardOutput = true })!;
        var derived = keygen.StandardOutput.ReadToEnd().Trim();
        keygen.WaitForExit();

        pair.PublicKeyLine.Should().StartWith(derived + " ").And.EndWith(" omistack-test");
        File.Delete(path);
    }

    [Test]
    public void Printing_a_key_pair_never_shows_the_private_key()
    {
        var pair = SshKeyPair.Generate("test");

        pair.ToString().Should().NotContain("PRIVATE KEY").And.Contain("ssh-rsa ");
    }
}
