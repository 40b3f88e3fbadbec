using FluentAssertions;
using OmiStack.Harness.Rancher;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>What a Rancher environment has on its way to a new state, named as the one poll's "still changing" says it.</summary>
public sealed class RancherMotionTests
{
    private static readonly RancherProject Project = new("1a5", "Default", "active", null);

    [Test]
    public void A_settled_environment_has_no_motion()
    {
        var state = new RancherState(Project, [new RancherHost("1h1", "host1", "active", "active", "10.0.0.2")], [new RancherStackResource("1st1", "mediawiki", "active", "healthy", [])], []);

        state.Motion.Should().BeNull();
        state.Settling.Should().BeFalse();
    }

    [Test]
    public void Each_resource_on_its_way_is_named_with_its_state()
    {
        var state = new RancherState(
            Project,
            [new RancherHost("1h1", "host1", "activating", "active", "10.0.0.2")],
            [new RancherStackResource("1st1", "mediawiki", "active", "healthy", [])],
            [new RancherService("1s1", "service", "web", "active", "initializing", "1st1", 2, null, null), new RancherService("1s2", "service", "database", "upgrading", "healthy", "1st1", 1, null, null, Transitioning: "yes")]);

        state.Motion.Should().Be("host host1 activating, service web active, initializing, service database upgrading");
        state.Settling.Should().BeTrue();
    }
}
