using FluentAssertions;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Drafting;

namespace OmiStack.Tests.Unit.Targets.Drafting;

/// <summary>ssh config files resolved as ssh resolves them: by ssh -G where installed, and by the fallback reader, which must agree.</summary>
public sealed class SshConfigTests
{
    private const string Config = """
        # the lab
        Host dockernode1
            HostName 134.60.64.11
            IdentityFile ~/.ssh/lab_key
        Host s1-dockernode2 dockernode-old
            HostName 134.60.64.12
            Port 2222
        Host dockernode3
            HostName=134.60.64.13
            User first
        Host dockernode* *-dockernode*
            User ubuntu
            Port 22
        Host *.example !bad.example
            User nobody
        """;

    private string _file = null!;

    [SetUp]
    public void Write()
    {
        _file = Path.GetTempFileName();
        File.WriteAllText(_file, Config);
    }

    [TearDown]
    public void Remove() => File.Delete(_file);

    [TestCase(true)]
    [TestCase(false)]
    public void Host_entries_of_the_lab_are_resolved_first_value_wins(bool useSsh)
    {
        if (useSsh && !SshConfig.SshOn(Environment.GetEnvironmentVariable("PATH")))
        {
            Assert.Ignore("no ssh client here");
        }

        var (machines, hosts, notes) = SshConfig.Read(_file, useSsh);

        machines.Select(m => (m.Name, m.Address, m.SshPort)).Should().Equal(("dockernode1", "134.60.64.11", null), ("dockernode2", "134.60.64.12", 2222), ("dockernode3", "134.60.64.13", null));
        hosts.Select(h => h.User).Should().Equal("ubuntu", "ubuntu", "first");
        hosts[0].IdentityFiles.Should().Equal("~/.ssh/lab_key");
        hosts[1].IdentityFiles.Should().Contain("~/.ssh/id_rsa", "with no IdentityFile, ssh's defaults apply");
        notes.Should().BeEmpty();
    }

    [Test]
    public void The_fallback_reader_applies_negated_patterns()
    {
        SshConfig.Resolve(Config.Split('\n'), "good.example").User.Should().Be("nobody");
        SshConfig.Resolve(Config.Split('\n'), "bad.example").User.Should().BeNull();
    }

    [Test]
    public void Two_entries_for_one_lab_name_are_refused()
    {
        File.AppendAllText(_file, "\nHost old-dockernode1\n    HostName 10.0.0.1\n");

        var act = () => SshConfig.Read(_file, useSsh: false);

        act.Should().Throw<TargetFileException>().WithMessage("*2 Host entries stand for dockernode1 (dockernode1, old-dockernode1)*");
    }

    [Test]
    public void The_first_default_key_that_exists_and_is_usable_is_taken_in_ssh_order()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-keys-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "id_ecdsa_sk"), "");
            File.WriteAllText(Path.Combine(folder, "id_ed25519"), "");
            var notes = new List<string>();

            var key = SshConfig.FirstUsableIdentity(["~/nothing", $"{folder}/id_rsa", $"{folder}/id_ecdsa_sk", $"{folder}/id_ed25519"], notes);

            key.Should().Be($"{folder}/id_ed25519");
            notes.Should().ContainSingle().Which.Should().Contain("hardware-token");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void OpenSSHs_default_identities_are_in_the_order_ssh_tries_them()
    {
        SshConfig.DefaultIdentities.Should().Equal("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_dsa");
    }
}
