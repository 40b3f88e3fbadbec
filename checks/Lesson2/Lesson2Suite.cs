using OmiStack.Checks.Grading;

namespace OmiStack.Checks.Lesson2;

/// <summary>
/// Lesson 2's checks for one student (a fixture instance per student), in the lesson's order.
/// A target without a rancher section is not graded on Lesson 2: its checks are skipped.
/// </summary>
[TestFixtureSource(typeof(Students), nameof(Students.Keys))]
[Parallelizable(ParallelScope.Self)]
public sealed class Lesson2Suite(string student) : CheckFixture(student)
{
    [TestCase(TestName = "rancher.server"), Order(1), Check("rancher.server")]
    public Task Server() => CheckAsync("rancher.server", null);

    [TestCase(TestName = "rancher.auth"), Order(2), Check("rancher.auth")]
    public Task Auth() => CheckAsync("rancher.auth", null);

    [TestCase(TestName = "rancher.hosts"), Order(3), Check("rancher.hosts")]
    public Task Hosts() => CheckAsync("rancher.hosts", null);

    [TestCase(TestName = "rancher.stack"), Order(4), Check("rancher.stack")]
    public Task Stack() => CheckAsync("rancher.stack", null);

    [TestCase(TestName = "rancher.lb"), Order(5), Check("rancher.lb")]
    public Task LoadBalancer() => CheckAsync("rancher.lb", null);

    [TestCase(TestName = "rancher.lb-mesh"), Order(6), Check("rancher.lb-mesh")]
    public Task LoadBalancerMesh() => CheckAsync("rancher.lb-mesh", null);

    [TestCase(TestName = "rancher.healthcheck"), Order(7), Check("rancher.healthcheck")]
    public Task HealthCheck() => CheckAsync("rancher.healthcheck", null);
}
