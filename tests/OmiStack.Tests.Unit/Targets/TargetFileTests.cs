using Snapshooter.NUnit;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

public sealed class TargetFileTests
{
    [Test]
    public void A_target_is_written_with_the_contract_keys()
    {
        var target = new Target
        {
            Student = "s123456",
            Ssh = new SshTarget { User = "ubuntu", IdentityFile = "~/.ssh/lab_key", KnownHosts = "~/.ssh/known_hosts" },
            Nodes =
            [
                new NodeTarget { Name = "dockernode1", Address = "134.60.64.11", Ports = new Dictionary<int, int> { [22] = 2222, [80] = 8080 } },
                new NodeTarget { Name = "dockernode2", Address = "134.60.64.12" },
            ],
            Registry = new RegistryTarget { Host = "omistack-vm123.e-technik.uni-ulm.de", Node = "dockernode1", CaFile = "lab-ca.crt" },
        };

        Snapshot.Match(TargetFile.ToYaml(target));
    }

    [Test]
    public void A_node_without_a_port_map_is_reached_on_the_lab_port_itself()
    {
        var node = new NodeTarget { Name = "dockernode1", Address = "10.0.0.1", Ports = new Dictionary<int, int> { [22] = 2222 } };

        Assert.Multiple(() =>
        {
            Assert.That(node.PortFor(22), Is.EqualTo(2222));
            Assert.That(node.PortFor(80), Is.EqualTo(80));
        });
    }
}
