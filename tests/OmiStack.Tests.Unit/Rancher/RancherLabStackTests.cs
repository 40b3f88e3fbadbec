using FluentAssertions;
using OmiStack.Fixtures.Rancher;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>The online lab's stack files say what the lesson asks for (they cannot be tried on a server here).</summary>
public sealed class RancherLabStackTests
{
    [Test]
    public void The_stack_has_a_global_balancer_with_the_rule_80_to_web_80_and_a_health_check_on_web()
    {
        var (dockerCompose, rancherCompose) = RancherLab.StackFiles("registry.example:5000");

        var docker = Services(dockerCompose);
        var rancher = Services(rancherCompose);
        Scalar(docker, "web", "image").Should().Be("registry.example:5000/mediawiki");
        Scalar(docker, "database", "image").Should().Be("registry.example:5000/database");
        Scalar(docker, "wiki-loadbalancer", "labels", "io.rancher.scheduler.global").Should().Be("true");
        var rule = (YamlMappingNode)((YamlSequenceNode)Node(rancher, "wiki-loadbalancer", "lb_config", "port_rules")).Children[0];
        ((YamlScalarNode)rule["source_port"]).Value.Should().Be("80");
        ((YamlScalarNode)rule["target_port"]).Value.Should().Be("80");
        ((YamlScalarNode)rule["service"]).Value.Should().Be("web");
        Scalar(rancher, "web", "health_check", "port").Should().Be("80");
    }

    private static YamlMappingNode Services(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    private static YamlNode Node(YamlMappingNode services, params string[] path) =>
        path.Aggregate((YamlNode)services, (node, key) => ((YamlMappingNode)node)[key]);

    private static string? Scalar(YamlMappingNode services, params string[] path) => ((YamlScalarNode)Node(services, path)).Value;
}
