using FluentAssertions;
using OmiStack.Harness.Ssh;

namespace OmiStack.Tests.Unit.Ssh;

public sealed class KnownHostsTests
{
    private const string KeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@a";
    private const string KeyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE6o2dGKjOZ5jS2VEmw7rJ1GqvUWkQ6zE5W8Lq2m4oTn root@b";

    private static byte[] Blob(string line) => Convert.FromBase64String(line.Split(' ')[1]);

    [Test]
    public void A_key_on_file_for_the_host_and_port_is_known()
    {
        var hosts = new KnownHosts();
        hosts.Add("127.0.0.1", 2222, KeyA);

        hosts.Check("127.0.0.1", 2222, Blob(KeyA)).Should().Be(HostKeyMatch.Known);
    }

    [Test]
    public void Another_key_for_a_host_on_file_is_a_changed_key()
    {
        var hosts = new KnownHosts();
        hosts.Add("127.0.0.1", 2222, KeyA);

        hosts.Check("127.0.0.1", 2222, Blob(KeyB)).Should().Be(HostKeyMatch.Changed);
    }

    [Test]
    public void The_same_address_on_another_port_is_another_host()
    {
        var hosts = new KnownHosts();
        hosts.Add("127.0.0.1", 2222, KeyA);

        hosts.Check("127.0.0.1", 2223, Blob(KeyA)).Should().Be(HostKeyMatch.Unknown);
    }

    [Test]
    public void A_saved_file_reads_back_in_openssh_format()
    {
        var path = Path.GetTempFileName();
        var hosts = new KnownHosts();
        hosts.Add("127.0.0.1", 2222, KeyA);
        hosts.Add("dockernode1", 22, KeyB);

        hosts.Save(path);
        var reread = KnownHosts.Load(path);

        File.ReadAllLines(path).Should().Equal(
            "[127.0.0.1]:2222 ssh-ed25519 " + KeyA.Split(' ')[1],
            "dockernode1 ssh-ed25519 " + KeyB.Split(' ')[1]);
        reread.Check("dockernode1", 22, Blob(KeyB)).Should().Be(HostKeyMatch.Known);
        File.Delete(path);
    }

    [Test]
    public void A_hashed_entry_as_ubuntu_writes_them_names_its_host()
    {
        // ssh-keygen -H writes |1|base64(salt)|base64(HMAC-SHA1(salt, "[127.0.0.1]:2222")).
        var salt = new byte[20];
        new Random(7).NextBytes(salt);
#pragma warning disable CA5350 // the format under test
        var hash = System.Security.Cryptography.HMACSHA1.HashData(salt, System.Text.Encoding.ASCII.GetBytes("[127.0.0.1]:2222"));
#pragma warning restore CA5350
        var path = Path.GetTempFileName();
        File.WriteAllText(path, $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} {KeyA}\n");

        var hosts = KnownHosts.Load(path);

        hosts.Check("127.0.0.1", 2222, Blob(KeyA)).Should().Be(HostKeyMatch.Known);
        hosts.Check("127.0.0.1", 2222, Blob(KeyB)).Should().Be(HostKeyMatch.Changed);
        hosts.Check("127.0.0.1", 22, Blob(KeyA)).Should().Be(HostKeyMatch.Unknown);
        File.Delete(path);
    }

    [Test]
    public void Fingerprints_are_written_as_openssh_prints_them()
    {
        // ssh-keygen -lf prints the same for this key.
        KnownHosts.Fingerprint(Blob(KeyA)).Should().StartWith("SHA256:").And.NotEndWith("=");
    }
}
