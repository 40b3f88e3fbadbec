using OmiStack.Checks.Grading;
using OmiStack.Fixtures.Lesson1;

namespace OmiStack.Checks.Lesson1;

/// <summary>Lesson 1, stage setup: swarm initialised and joined.</summary>
[TestFixture]
[Order(1)]
public sealed class SwarmSetup : CheckFixture
{
    [OneTimeSetUp]
    public Task Reach() => ReachAsync(Lesson1Stage.Setup);

    [TestCase(TestName = "swarm.docker"), Order(1), Check("swarm.docker")]
    public Task Docker() => CheckAsync("swarm.docker");

    [TestCase(TestName = "swarm.active"), Order(2), Check("swarm.active")]
    public Task Active() => CheckAsync("swarm.active");

    [TestCase(TestName = "swarm.nodes"), Order(3), Check("swarm.nodes")]
    public Task Nodes() => CheckAsync("swarm.nodes");
}

/// <summary>Lesson 1, stage ghost: the test service with 3 replicas.</summary>
[TestFixture]
[Order(2)]
public sealed class GhostService : CheckFixture
{
    [OneTimeSetUp]
    public Task Reach() => ReachAsync(Lesson1Stage.Ghost);

    [TestCase(TestName = "ghost.service"), Order(1), Check("ghost.service")]
    public Task Service() => CheckAsync("ghost.service");

    [TestCase(TestName = "ghost.spread"), Order(2), Check("ghost.spread")]
    public Task Spread() => CheckAsync("ghost.spread");
}

/// <summary>Lesson 1, stage scale: ghost-blog scaled to 1, reachable on every node.</summary>
[TestFixture]
[Order(3)]
public sealed class GhostScaled : CheckFixture
{
    [OneTimeSetUp]
    public Task Reach() => ReachAsync(Lesson1Stage.Scale);

    [TestCase(TestName = "ghost.mesh"), Check("ghost.mesh")]
    public Task Mesh() => CheckAsync("ghost.mesh");
}

/// <summary>Lesson 1, stage final: registry, images, the mediawiki stack, clean-up.</summary>
[TestFixture]
[Order(4)]
public sealed class FinalStage : CheckFixture
{
    [OneTimeSetUp]
    public Task Reach() => ReachAsync(Lesson1Stage.Final);

    [TestCase(TestName = "registry.running"), Order(1), Check("registry.running")]
    public Task RegistryRunning() => CheckAsync("registry.running");

    [TestCase(TestName = "registry.tls"), Order(2), Check("registry.tls")]
    public Task RegistryTls() => CheckAsync("registry.tls");

    [TestCase(TestName = "registry.images"), Order(3), Check("registry.images")]
    public Task RegistryImages() => CheckAsync("registry.images");

    [TestCase(TestName = "registry.pull"), Order(4), Check("registry.pull")]
    public Task RegistryPull() => CheckAsync("registry.pull");

    [TestCase(TestName = "stack.services"), Order(5), Check("stack.services")]
    public Task StackServices() => CheckAsync("stack.services");

    [TestCase(TestName = "stack.images"), Order(6), Check("stack.images")]
    public Task StackImages() => CheckAsync("stack.images");

    [TestCase(TestName = "stack.mesh"), Order(7), Check("stack.mesh")]
    public Task StackMesh() => CheckAsync("stack.mesh");

    [TestCase(TestName = "cleanup.ghost"), Order(8), Check("cleanup.ghost")]
    public Task CleanupGhost() => CheckAsync("cleanup.ghost");
}
