using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

public sealed class TargetLoaderTests
{
    private const string Valid = """
        student: s123456
        ssh:
          user: ubuntu
          identityFile: ~/.ssh/lab_key
          knownHosts: ~/.ssh/known_hosts
        nodes:
          - name: dockernode1
            address: 134.60.64.11
            ports: { 22: 2222, 80: 8080 }
          - name: dockernode2
            address: 134.60.64.12
          - name: dockernode3
            address: 134.60.64.13
        registry:
          host: omistack-vm123.e-technik.uni-ulm.de
          port: 5000
          node: dockernode1
          caFile: lab-ca.crt
        """;

    [Test]
    public void The_contract_example_loads_with_every_key()
    {
        var target = TargetLoader.Parse(Valid, "omistack.yaml");

        target.Student.Should().Be("s123456");
        target.Ssh.User.Should().Be("ubuntu");
        target.Nodes.Select(n => n.Name).Should().Equal("dockernode1", "dockernode2", "dockernode3");
        target.Nodes[0].PortFor(22).Should().Be(2222);
        target.Nodes[1].PortFor(22).Should().Be(22);
        target.Registry!.Host.Should().Be("omistack-vm123.e-technik.uni-ulm.de");
        target.Registry.CaFile.Should().Be("lab-ca.crt");
    }

    [Test]
    public void A_relative_ca_file_is_resolved_against_the_target_files_folder()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-target-").FullName;
        var path = Path.Combine(folder, "omistack.yaml");
        File.WriteAllText(path, Valid);

        var target = TargetLoader.Load(path);

        target.Registry!.CaFile.Should().Be(Path.Combine(folder, "lab-ca.crt"));
        Directory.Delete(folder, recursive: true);
    }

    [TestCase("nodes:\n  - name: dockernode1\n", "omistack.yaml line 1: student is missing.")]
    [TestCase("student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes:\n  - name: dockernode1\n    adress: 10.0.0.1\n", "omistack.yaml line 5: unknown key 'nodes[0].adress' (known: nodes[0].name, nodes[0].address, nodes[0].ports).")]
    [TestCase("student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes:\n  - name: dockernode1\n", "omistack.yaml line 4: nodes[0].address is missing.")]
    [TestCase("student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes: dockernode1\n", "omistack.yaml line 3: nodes must be a list ('- name: ...' items).")]
    [TestCase("student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes:\n  - { name: n1, address: a, ports: { 22: ssh } }\n", "omistack.yaml line 4: nodes[0].ports[22] must be a port number (1-65535), but is 'ssh'.")]
    [TestCase("student: s1\nssh: { user: ubuntu, identityFile: k }\nnodes:\n  - { name: n1, address: a }\nregistry: { host: r, node: n9 }\n", "omistack.yaml line 5: registry.node 'n9' is not one of the nodes (n1).")]
    [TestCase("student: [s1\n", "omistack.yaml line 2: not valid YAML")]
    public void A_bad_file_gets_one_error_naming_the_key_and_the_line(string yaml, string message)
    {
        var act = () => TargetLoader.Parse(yaml, "omistack.yaml");

        act.Should().Throw<TargetFileException>().Which.Message.Should().StartWith(message);
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var act = () => TargetLoader.Load("/nonexistent/omistack.yaml");

        act.Should().Throw<TargetFileException>().WithMessage("Target file '/nonexistent/omistack.yaml' does not exist.");
    }

    [Test]
    public void A_file_that_is_not_utf8_is_refused_by_name()
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, [0x73, 0x74, 0xff, 0xfe, 0x00, 0xc3]);

        var act = () => TargetLoader.Load(path);

        act.Should().Throw<TargetFileException>().WithMessage($"Target file '{path}' is not UTF-8 text.");
        File.Delete(path);
    }
}
