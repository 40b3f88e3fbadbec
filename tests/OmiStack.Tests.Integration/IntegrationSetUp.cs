using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Labs;
using OmiStack.Fixtures.Vms;
using OmiStack.Tests.Integration.Lanes;
using OmiStack.Tests.Integration.RealKernel;

namespace OmiStack.Tests.Integration;

/// <summary>
/// Before any lab, so README's test command needs nothing before it: a Docker engine that answers (started as
/// the embedded default starts one, where this machine allows: as root, installing Debian's docker.io where it
/// is missing), the lab images built where missing, the programs some tests drive (<see cref="TestTools"/>:
/// installed the same way, or named once as missing; the VM lab's tools start installing in the background), and
/// no leftovers of crashed runs, so a test sees only its own resources. Each step is shown at dotnet test's default
/// verbosity (NUnit's error stream).
/// </summary>
[SetUpFixture]
public sealed class IntegrationSetUp
{
    [OneTimeSetUp]
    public async Task PrepareMachine()
    {
        var shown = TextWriter.Synchronized(TestContext.Error);
        await EngineStarter.EnsureAsync(shown);
        using var engine = await DockerEngine.ConnectAsync();
        var source = LabImageBuilder.Resolve(ImageSource.Auto, engine);

        // The programs the tests drive install while the lab images build (on a fresh machine: chromium and two npm
        // packages beside two debootstraps); the scripts take apt's update in turn.
        await Task.WhenAll(
            LabImageBuilder.EnsureAsync(engine, Enum.GetValues<LabImageRole>().Select(r => new LabImage(r, source)), shown),
            TestTools.EnsureAsync(shown));

        // The fixtures the run's filter selects (null where that cannot be told): the VM suite's early boot and the
        // lanes go by them.
        var selected = RunSelection.Fixtures();
        if (OperatingSystem.IsLinux())
        {
            // The VM suite's tools (qemu, the kernel: ~90 s of apt-get on a fresh machine) install beside the first fixtures
            // at the nice value of the suite's work in the background; the VM lab waits for it.
            _ = VmHost.InstallTools(shown, niceness: SuiteLanes.BackgroundNiceness);
            VmLabWarmup.BootEarly(selected, shown);
        }

        var removed = await LabJanitor.PruneAsync(engine);
        if (removed.Count > 0)
        {
            await shown.WriteLineAsync($"omistack: pruned leftovers of runs {string.Join(", ", removed)}");
        }

        SuiteLanes.Prepare(selected, shown);
    }

    /// <summary>
    /// A VM lab booted early that the VM suite did not take is stopped. An install of the VM tools still going (a run
    /// with no VM test, on a fresh machine) ends before the run does. Only its end is waited for: how it went is the VM
    /// lab's to report, where one runs; a run with no VM test does not fail because of it.
    /// </summary>
    [OneTimeTearDown]
    public async Task LetTheToolsInstallEnd()
    {
        await VmLabWarmup.StopUntakenAsync();
        if (VmHost.ToolsInstall is { } install)
        {
            await Task.WhenAny(install);
        }
    }
}
