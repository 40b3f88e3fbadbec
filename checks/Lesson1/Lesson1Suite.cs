using OmiStack.Checks.Grading;
using OmiStack.Fixtures.Lesson1;

namespace OmiStack.Checks.Lesson1;

/// <summary>
/// Lesson 1's checks for one student (a fixture instance per student). Checks run in the lesson's
/// order; on the embedded default lab each first brings the lab to its stage.
/// </summary>
[TestFixtureSource(typeof(Students), nameof(Students.Keys))]
[Parallelizable(ParallelScope.Self)]
public sealed class Lesson1Suite(string student) : CheckFixture(student)
{
    [TestCase(TestName = "swarm.docker"), Order(1), Check("swarm.docker")]
    public Task Docker() => CheckAsync("swarm.docker", Lesson1Stage.Setup);

    [TestCase(TestName = "swarm.active"), Order(2), Check("swarm.active")]
    public Task Active() => CheckAsync("swarm.active", Lesson1Stage.Setup);

    [TestCase(TestName = "swarm.nodes"), Order(3), Check("swarm.nodes")]
    public Task Nodes() => CheckAsync("swarm.nodes", Lesson1Stage.Setup);

    [TestCase(TestName = "ghost.service"), Order(4), Check("ghost.service")]
    public Task Service() => CheckAsync("ghost.service", Lesson1Stage.Ghost);

    [TestCase(TestName = "ghost.spread"), Order(5), Check("ghost.spread")]
    public Task Spread() => CheckAsync("ghost.spread", Lesson1Stage.Ghost);

    [TestCase(TestName = "ghost.mesh"), Order(6), Check("ghost.mesh")]
    public Task Mesh() => CheckAsync("ghost.mesh", Lesson1Stage.Scale);

    [TestCase(TestName = "registry.running"), Order(7), Check("registry.running")]
    public Task RegistryRunning() => CheckAsync("registry.running", Lesson1Stage.Final);

    [TestCase(TestName = "registry.tls"), Order(8), Check("registry.tls")]
    public Task RegistryTls() => CheckAsync("registry.tls", Lesson1Stage.Final);

    [TestCase(TestName = "registry.images"), Order(9), Check("registry.images")]
    public Task RegistryImages() => CheckAsync("registry.images", Lesson1Stage.Final);

    [TestCase(TestName = "registry.pull"), Order(10), Check("registry.pull")]
    public Task RegistryPull() => CheckAsync("registry.pull", Lesson1Stage.Final);

    [TestCase(TestName = "stack.services"), Order(11), Check("stack.services")]
    public Task StackServices() => CheckAsync("stack.services", Lesson1Stage.Final);

    [TestCase(TestName = "stack.images"), Order(12), Check("stack.images")]
    public Task StackImages() => CheckAsync("stack.images", Lesson1Stage.Final);

    [TestCase(TestName = "stack.mesh"), Order(13), Check("stack.mesh")]
    public Task StackMesh() => CheckAsync("stack.mesh", Lesson1Stage.Final);

    [TestCase(TestName = "cleanup.ghost"), Order(14), Check("cleanup.ghost")]
    public Task CleanupGhost() => CheckAsync("cleanup.ghost", Lesson1Stage.Final);
}
