using FluentAssertions;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Tests.Unit.Nodes;

public sealed class NodeLabBuilderTests
{
    [Test]
    public void Each_with_returns_a_new_builder_and_leaves_the_original_as_it_was()
    {
        var original = new NodeLabBuilder();

        var bare = original.WithState(SwarmState.Bare).WithNodeCount(2).Build();
        var formed = original.Build();

        bare.Options.Should().Match<NodeLabOptions>(o => o.State == SwarmState.Bare && o.NodeCount == 2);
        formed.Options.Should().Match<NodeLabOptions>(o => o.State == SwarmState.Formed && o.NodeCount == 3);
    }

    [Test]
    public void Build_refuses_a_node_count_naming_the_field()
    {
        var act = () => new NodeLabBuilder().WithNodeCount(0).Build();

        act.Should().Throw<ArgumentException>().WithMessage("NodeCount must be 1 to 9, but was 0.*");
    }

    [Test]
    public void Nodes_are_named_as_in_the_lesson()
    {
        new NodeLabBuilder().Build().Options.NodeNames.Should().Equal("dockernode1", "dockernode2", "dockernode3");
    }

    [Test]
    public void Each_lab_has_its_own_run_id_and_folder()
    {
        var a = new NodeLabBuilder().Build();
        var b = new NodeLabBuilder().Build();

        a.RunId.Should().NotBe(b.RunId);
        a.Directory.Should().NotBe(b.Directory);
        a.TargetFile.Should().StartWith(a.Directory);
    }
}
