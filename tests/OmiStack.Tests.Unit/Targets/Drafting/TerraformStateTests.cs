using System.Text.Json.Nodes;
using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Drafting;
using OmiStack.Tests.Unit.Architecture;

namespace OmiStack.Tests.Unit.Targets.Drafting;

/// <summary>
/// `terraform show -json` states written to the published format (format_version 1.0, values.root_module
/// with resources and child_modules; resource attributes as the OpenStack provider names them).
/// </summary>
public sealed class TerraformStateTests
{
    [Test]
    public void Instances_are_joined_with_their_floating_ips_by_instance_port_and_fixed_ip_in_any_module()
    {
        var state = State(
            Instance("dockernode1", "i-1", "192.168.5.4", port: "p-1"),
            Instance("dockernode2", "i-2", "192.168.5.5", port: "p-2"),
            Instance("dockernode3", "i-3", "192.168.5.6", port: "p-3"),
            Resource("openstack_compute_floatingip_associate_v2", "fip_assoc", new JsonObject { ["floating_ip"] = "134.60.64.11", ["instance_id"] = "i-1", ["fixed_ip"] = "" }),
            Resource("openstack_networking_floatingip_v2", "fip2", new JsonObject { ["address"] = "134.60.64.12", ["port_id"] = "p-2", ["pool"] = "public" }),
            Resource("openstack_networking_floatingip_v2", "fip3", new JsonObject { ["address"] = "134.60.64.13", ["fixed_ip"] = "192.168.5.6", ["port_id"] = "" }));

        var (machines, notes) = TerraformState.Read(state, "state.json");

        machines.Select(m => (m.Name, m.Address)).Should().Equal(("dockernode1", "134.60.64.11"), ("dockernode2", "134.60.64.12"), ("dockernode3", "134.60.64.13"));
        notes.Should().BeEmpty();
    }

    [Test]
    public void Instances_in_child_modules_and_with_a_prefix_before_the_lab_name_are_found()
    {
        var state = State(
            [Instance("s123-dockernode1", "i-1", "10.0.0.1", floating: "134.60.64.11")],
            [Instance("s123-dockernode2", "i-2", "10.0.0.2", floating: "134.60.64.12"), Instance("rancher-master", "i-9", "10.0.0.9", floating: "134.60.64.20"), Instance("rancher-host1", "i-10", "10.0.0.10", floating: "134.60.64.21"), Instance("bastion", "i-0", "10.0.0.100")]);

        var (machines, notes) = TerraformState.Read(state, "state.json");

        machines.Select(m => m.Name).Should().Equal("dockernode1", "dockernode2", "rancher-host1", "rancher-master");
        notes.Should().ContainSingle().Which.Should().Be("No instance for dockernode3 in the state: Lesson 1 needs dockernode1, dockernode2 and dockernode3.");
    }

    [Test]
    public void An_instance_without_a_floating_ip_uses_its_access_ip_and_says_it_is_private()
    {
        var (machines, notes) = TerraformState.Read(State(Instance("dockernode1", "i-1", "192.168.5.4")), "state.json");

        machines.Should().ContainSingle().Which.Address.Should().Be("192.168.5.4");
        notes.Should().Contain("dockernode1 has no floating IP: its access IP 192.168.5.4 is used, which is reachable only from inside the cloud's network.");
    }

    [Test]
    public void An_ipv6_only_instance_gets_its_ipv6_address_and_a_note()
    {
        var instance = Instance("dockernode1", "i-1", v4: null, v6: "[2001:db8::4]");

        var (machines, notes) = TerraformState.Read(State(instance), "state.json");

        machines.Should().ContainSingle().Which.Address.Should().Be("2001:db8::4");
        notes.Should().Contain(n => n.Contains("only an IPv6 address (2001:db8::4)", StringComparison.Ordinal));
    }

    [Test]
    public void Two_instances_for_one_lab_name_are_refused_naming_both()
    {
        var act = () => TerraformState.Read(State(Instance("dockernode1", "i-1", "10.0.0.1"), Instance("old-dockernode1", "i-2", "10.0.0.2")), "state.json");

        act.Should().Throw<TargetFileException>().WithMessage("state.json: 2 instances stand for dockernode1 (*'dockernode1'*'old-dockernode1'*");
    }

    [TestCase("{}", "no format_version")]
    [TestCase("""{"format_version":"0.2"}""", "state format 0.2 is not 1.x")]
    [TestCase("""{"format_version":"1.0","values":{"root_module":{"resources":[]}}}""", "no openstack_compute_instance_v2")]
    [TestCase("not json", "not JSON")]
    public void What_is_not_a_usable_state_is_refused_with_the_cause(string json, string cause)
    {
        var act = () => TerraformState.Read(json, "state.json");

        act.Should().Throw<TargetFileException>().Which.Message.Should().Contain(cause);
    }

    [Test]
    public void The_written_target_reads_back_with_every_node_and_a_students_text_stays_text()
    {
        var (machines, _) = TerraformState.Read(State(Instance("dockernode1", "i-1", "10.0.0.1", floating: "134.60.64.11"), Instance("dockernode2", "i-2", "10.0.0.2", floating: "134.60.64.12"), Instance("rancher-master", "i-9", "10.0.0.9", floating: "134.60.64.20")), "state.json");
        var draft = new TargetDraft("s1\"\n# evil: [x]", "ubuntu", "~/.ssh/id_ed25519", machines) { Notes = ["one\nline"] };

        var target = TargetLoader.Parse(WithSecret(draft.Render()), "omistack.yaml", Course.Lessons.TargetKeys);

        target.Student.Should().Be("s1\"\n# evil: [x]");
        target.Nodes.Select(n => (n.Name, n.Address)).Should().Equal(("dockernode1", "134.60.64.11"), ("dockernode2", "134.60.64.12"));
        target.Rancher!.Url.Should().Be("http://134.60.64.20:8080");
        target.Rancher.Hosts.Should().ContainSingle().Which.Name.Should().Be("rancher-master");
        target.Registry.Should().BeNull("the registry's host is not in the state: left commented out");
    }

    /// <summary>The rendered file names RANCHER_SECRET_KEY; the test reads it with a literal in its place.</summary>
    internal static string WithSecret(string yaml) => yaml.Replace("${RANCHER_SECRET_KEY}", "secret", StringComparison.Ordinal);

    private static JsonObject Instance(string name, string id, string? v4, string? port = null, string? floating = null, string? v6 = null) =>
        Resource("openstack_compute_instance_v2", name.Replace('-', '_'), new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["access_ip_v4"] = v4 ?? "",
            ["access_ip_v6"] = v6 ?? "",
            ["key_pair"] = "lab",
            ["network"] = new JsonArray(new JsonObject { ["name"] = "lab-net", ["fixed_ip_v4"] = v4 ?? "", ["fixed_ip_v6"] = v6 ?? "", ["floating_ip"] = floating ?? "", ["port"] = port ?? "", ["uuid"] = "net-1" }),
        });

    private static JsonObject Resource(string type, string name, JsonObject values) => new()
    {
        ["address"] = $"{type}.{name}",
        ["mode"] = "managed",
        ["type"] = type,
        ["name"] = name,
        ["provider_name"] = "registry.terraform.io/terraform-provider-openstack/openstack",
        ["schema_version"] = 0,
        ["values"] = values,
        ["sensitive_values"] = new JsonObject(),
    };

    private static string State(params JsonObject[] resources) => State(resources, []);

    private static string State(JsonObject[] root, JsonObject[] child) => new JsonObject
    {
        ["format_version"] = "1.0",
        ["terraform_version"] = "1.9.8",
        ["values"] = new JsonObject
        {
            ["root_module"] = new JsonObject
            {
                ["resources"] = new JsonArray([.. root]),
                ["child_modules"] = new JsonArray(new JsonObject { ["address"] = "module.lab", ["resources"] = new JsonArray([.. child]) }),
            },
        },
    }.ToJsonString();
}

/// <summary>The example at the repository's root is a target the checks read, with every lesson in it.</summary>
public sealed class ExampleTargetTests
{
    [Test]
    public void The_example_target_file_reads_with_every_section()
    {
        var yaml = File.ReadAllText(Path.Combine(SettingsAtTheEdgeTests.RepositoryRoot(), "omistack.example.yaml"));

        var target = TargetLoader.Parse(TerraformStateTests.WithSecret(yaml), "omistack.example.yaml", Course.Lessons.TargetKeys);

        target.Nodes.Select(n => n.Name).Should().Equal("dockernode1", "dockernode2", "dockernode3");
        target.Registry!.Node.Should().Be("dockernode1");
        target.Rancher!.Hosts.Should().HaveCount(3);
        Course.Lessons.Lessons.Where(l => l.Id != "questions").Should().OnlyContain(l => l.Describes(target));
    }
}
