using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>The Lesson 2 addition to the target file: rancher url, API key, ${VAR} secret, hosts.</summary>
public sealed class RancherTargetTests
{
    private const string Yaml = """
        student: s123456
        ssh: { user: ubuntu, identityFile: k }
        nodes: [{ name: dockernode1, address: 134.60.64.11 }]
        rancher:
          url: http://134.60.64.20:8080
          accessKey: 1A2B3C
          secretKey: ${S123456_RANCHER_SECRET}
          hosts:
            - { name: rancher-master, address: 134.60.64.20 }
            - { name: rancher-host1, address: 134.60.64.21, ports: { 80: 8081 } }
        """;

    [Test]
    public void The_rancher_section_reads_with_its_secret_from_the_environment_and_never_shows_it()
    {
        var variables = new Dictionary<string, string> { ["S123456_RANCHER_SECRET"] = "rancher-s3cr3t" };

        var target = TargetLoader.Parse(Yaml, "omistack.yaml", null, variables.GetValueOrDefault);

        target.Rancher!.Url.Should().Be("http://134.60.64.20:8080");
        target.Rancher.AccessKey.Should().Be("1A2B3C");
        target.Rancher.SecretKey.Should().Be("rancher-s3cr3t");
        target.Rancher.Hosts.Select(h => h.Name).Should().Equal("rancher-master", "rancher-host1");
        target.Rancher.Hosts[1].PortFor(80).Should().Be(8081);
        target.ToString().Should().NotContain("rancher-s3cr3t");
        TargetFile.ToYaml(target).Should().NotContain("rancher-s3cr3t");
    }

    [Test]
    public void A_target_can_be_read_back_with_its_variables_from_a_lookup_without_touching_the_process_environment()
    {
        // How `omistack target` reads the file it wrote: a secret not exported yet reads as a stand-in.
        var target = TargetLoader.Parse(Yaml, "omistack.yaml", null, name => name == "S123456_RANCHER_SECRET" ? "stand-in" : null);

        target.Rancher!.SecretKey.Should().Be("stand-in");
        Environment.GetEnvironmentVariable("S123456_RANCHER_SECRET").Should().BeNull("nothing is set in the process's environment");
    }

    [Test]
    public void A_secret_variable_that_is_not_set_is_named_not_guessed()
    {
        var act = () => TargetLoader.Parse(Yaml, "omistack.yaml");

        act.Should().Throw<TargetFileException>().WithMessage("omistack.yaml line 7: rancher.secretKey names the environment variable S123456_RANCHER_SECRET, which is not set.");
    }

    [Test]
    public void A_rancher_url_that_is_not_http_is_refused()
    {
        var act = () => TargetLoader.Parse(Yaml.Replace("http://134.60.64.20:8080", "134.60.64.20:8080", StringComparison.Ordinal).Replace("${S123456_RANCHER_SECRET}", "plain", StringComparison.Ordinal), "omistack.yaml");

        act.Should().Throw<TargetFileException>().WithMessage("omistack.yaml line 5: rancher.url must be an http(s) URL like http://134.60.64.20:8080, but is '134.60.64.20:8080'.");
    }

    [Test]
    public void A_target_of_only_a_rancher_server_needs_no_nodes_and_no_ssh()
    {
        var target = TargetLoader.Parse("""
            student: s123456
            registry: { host: omistack-vm123.e-technik.uni-ulm.de }
            rancher:
              url: http://134.60.64.20:8080
              accessKey: 1A2B3C
              secretKey: plain-secret
              hosts: [{ name: rancher-master, address: 134.60.64.20 }]
            """, "omistack.yaml");

        target.Nodes.Should().BeEmpty();
        target.Ssh.Should().Be(SshTarget.None);
        target.Registry!.Host.Should().Be("omistack-vm123.e-technik.uni-ulm.de");
        target.Rancher!.Hosts.Should().ContainSingle();
    }

    [Test]
    public void Without_a_rancher_section_nodes_are_still_required()
    {
        var act = () => TargetLoader.Parse("student: s1\nssh: { user: u, identityFile: k }\n", "omistack.yaml");

        act.Should().Throw<TargetFileException>().WithMessage("omistack.yaml line 1: nodes is missing.");
    }

    [Test]
    public void A_roster_of_lesson2_students_reads_each_rancher_section_with_its_own_secret()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-roster-").FullName;
        var variables = new Dictionary<string, string> { ["S1_SECRET"] = "secret-one" };
        try
        {
            var roster = Path.Combine(folder, "roster.yaml");
            File.WriteAllText(roster, """
                defaults:
                  registry: { port: 5000 }
                students:
                  - student: s1
                    registry: { host: vm1.example.org }
                    rancher: { url: "http://10.0.0.1:8080", accessKey: AK1, secretKey: "${S1_SECRET}", hosts: [{ name: rancher-master, address: 10.0.0.1 }] }
                  - student: s2
                    registry: { host: vm2.example.org }
                    rancher: { url: "http://10.0.0.2:8080", accessKey: AK2, secretKey: "${S2_SECRET}", hosts: [{ name: rancher-master, address: 10.0.0.2 }] }
                """);

            var entries = Roster.Load(roster, null, variables.GetValueOrDefault);

            entries[0].Target!.Rancher!.SecretKey.Should().Be("secret-one");
            entries[0].Target!.Registry!.Host.Should().Be("vm1.example.org");
            entries[0].Target!.Ssh.Should().Be(SshTarget.None);
            entries[1].Target.Should().BeNull();
            entries[1].Error.Should().Contain("S2_SECRET, which is not set");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
