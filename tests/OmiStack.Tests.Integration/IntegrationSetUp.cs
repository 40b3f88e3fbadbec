using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Labs;

namespace OmiStack.Tests.Integration;

/// <summary>
/// Before any lab, so README's test command needs nothing before it: a Docker engine that answers (started as
/// the embedded default starts one, where this machine allows: as root, installing Debian's docker.io where it
/// is missing), the lab images built where missing, the programs some tests drive (<see cref="TestTools"/>:
/// installed the same way, or named once as missing), and no leftovers of crashed runs, so a test sees only its
/// own resources. Each step is shown at dotnet test's default verbosity (NUnit's error stream).
/// </summary>
[SetUpFixture]
public sealed class IntegrationSetUp
{
    [OneTimeSetUp]
    public async Task PrepareMachine()
    {
        var shown = TestContext.Error;
        await EngineStarter.EnsureAsync(shown);
        using var engine = await DockerEngine.ConnectAsync();
        var source = LabImageBuilder.Resolve(ImageSource.Auto, engine);
        await LabImageBuilder.EnsureAsync(engine, Enum.GetValues<LabImageRole>().Select(r => new LabImage(r, source)), shown);
        await TestTools.EnsureAsync(shown);
        var removed = await LabJanitor.PruneAsync(engine);
        if (removed.Count > 0)
        {
            await shown.WriteLineAsync($"omistack: pruned leftovers of runs {string.Join(", ", removed)}");
        }
    }
}
