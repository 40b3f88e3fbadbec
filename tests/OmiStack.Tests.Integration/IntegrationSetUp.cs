using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Labs;

namespace OmiStack.Tests.Integration;

/// <summary>
/// Before any lab: a Docker engine that answers (started as the embedded default starts one, where this
/// machine allows: as root, installing Debian's docker.io where it is missing, each step shown), and no
/// leftovers of crashed runs, so a test sees only its own resources.
/// </summary>
[SetUpFixture]
public sealed class IntegrationSetUp
{
    [OneTimeSetUp]
    public async Task PruneLeftovers()
    {
        await EngineStarter.EnsureAsync(TestContext.Progress);
        using var engine = await DockerEngine.ConnectAsync();
        var removed = await LabJanitor.PruneAsync(engine);
        if (removed.Count > 0)
        {
            await TestContext.Progress.WriteLineAsync($"pruned leftovers of runs {string.Join(", ", removed)}");
        }
    }
}
