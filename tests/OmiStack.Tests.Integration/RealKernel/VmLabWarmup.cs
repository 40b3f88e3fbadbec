using OmiStack.Fixtures.Vms;
using OmiStack.Tests.Integration.Lanes;
using OmiStack.Tests.Shared;

namespace OmiStack.Tests.Integration.RealKernel;

/// <summary>
/// The VM suite's lab, booted early: the suite runs last, alone (<see cref="Lane.Alone"/>), and three VMs under software
/// emulation take minutes of both cores to boot and load their images. The lab boots from the start, its qemu at nice
/// 10 so the fixtures in the two lanes keep most of the CPU they ask for, and <see cref="VmLabMeshTests"/> takes it
/// when its turn comes instead of booting one then. Only in a run whose filter selects the VM suite; where that
/// cannot be told, the suite boots its lab itself. docs/benchmarks.md has what it saves.
/// </summary>
internal static class VmLabWarmup
{
    /// <summary>
    /// qemu boots mostly on the CPU the fixtures leave idle, and the guests still get a share while a fixture builds or
    /// grades (why not the lowest: <see cref="SuiteLanes.BackgroundNiceness"/>).
    /// </summary>
    private const int Niceness = SuiteLanes.BackgroundNiceness;

    /// <summary>The boot runs on the CPU two busy lanes leave: a bound well above the default 6 minutes, still a bound.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(20);
    private static readonly Lock Gate = new();
    private static Task<VmLab>? _lab;

    /// <summary>
    /// From the set-up fixture: boots the lab now if this run will use it (<paramref name="selected"/>: the fixtures
    /// <see cref="RunSelection.Fixtures"/> read); says why where it cannot tell.
    /// </summary>
    public static void BootEarly(IReadOnlyList<Type>? selected, TextWriter progress)
    {
        switch (selected?.Contains(typeof(VmLabMeshTests)))
        {
            case false:
                return;
            case null:
                progress.WriteLine("omistack: cannot tell whether this run selects the VM suite (one test at a time, or NUnit's top-level work item not found): its lab boots in its turn");
                return;
        }

        lock (Gate)
        {
            progress.WriteLine($"omistack: the VM suite's lab boots now, at nice {Niceness}, while the other fixtures run");
            _lab = Task.Run(() => StartAsync(new VmLabOptions { Progress = progress, Niceness = Niceness, ReadyTimeout = ReadyTimeout }));
        }
    }

    /// <summary>The lab booted early (or booting, or failed: awaiting says so), once; null where none was started.</summary>
    public static Task<VmLab>? Take()
    {
        lock (Gate)
        {
            var lab = _lab;
            _lab = null;
            return lab;
        }
    }

    /// <summary>A lab booted early that no fixture took (a cancelled run) is stopped before the run ends.</summary>
    public static async Task StopUntakenAsync()
    {
        if (Take() is not { } untaken)
        {
            return;
        }

        try
        {
            await (await untaken).DisposeAsync();
        }
        catch (Exception ex) when (ex is RealKernelUnavailableException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // It failed to boot, and the VM suite, which would have said so, did not run.
        }
    }

    /// <summary>Starts a VM lab; a lab that fails to start has stopped itself (<see cref="VmLab.StartAsync"/>).</summary>
    public static async Task<VmLab> StartAsync(VmLabOptions options)
    {
        var lab = new VmLab(options);
        await lab.StartAsync();
        return lab;
    }
}
