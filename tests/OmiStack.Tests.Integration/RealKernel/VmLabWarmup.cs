using System.Reflection;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Execution;
using OmiStack.Fixtures.Vms;

namespace OmiStack.Tests.Integration.RealKernel;

/// <summary>
/// The VM suite's lab, booted early: once NUnit's parallel shift ends, the container fixtures run one at a time and
/// mostly wait on their swarms (the CPU 70–90 % idle), and three VMs under software emulation take about two minutes
/// of both cores to boot and load their images. The lab boots there, its qemu at nice 10 so the fixtures keep most of
/// the CPU they ask for, and <see cref="VmLabMeshTests"/> takes it when its turn comes instead of booting one then.
/// Only in a run whose filter selects the VM suite, and only under NUnit's parallel dispatcher (whose shift change
/// is the signal); anything else and the suite boots its lab itself, as before. docs/benchmarks.md has what it saves.
/// </summary>
internal static class VmLabWarmup
{
    private const string NonParallelShift = "NonParallel";

    /// <summary>
    /// A lower priority, not the lowest: qemu boots mostly on the CPU the fixtures leave idle, and the guests still get
    /// a share while a fixture builds or grades. At nice 19, three busy loops at nice 0 beside the boot for a minute
    /// left a guest's dockerd too slow to answer `docker info` within 15 s when the suite began (it recovered later);
    /// at nice 10 the fixtures beside the boot were a few per cent slower than the run's own speed (docs/benchmarks.md).
    /// </summary>
    private const int Niceness = 10;

    /// <summary>The boot waits on idle CPU: a bound above the default 6 minutes, still a bound.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(12);
    private static readonly Lock Gate = new();
    private static Task<VmLab>? _lab;
    private static ParallelWorkItemDispatcher? _dispatcher;
    private static TextWriter _progress = TextWriter.Null;

    /// <summary>
    /// From the set-up fixture, during the run's first non-parallel work: boots the lab when the next non-parallel
    /// shift starts, if this run will use it. Says why where it does not.
    /// </summary>
    public static void BootWhenTheFixturesWait(TextWriter progress)
    {
        if (TestExecutionContext.CurrentContext.Dispatcher is not ParallelWorkItemDispatcher dispatcher)
        {
            return; // one test at a time (NUnitLite --workers=0, a debugger's run): no shift to follow
        }

        switch (SelectsTheVmSuite(dispatcher))
        {
            case false:
                return;
            case null:
                progress.WriteLine("omistack: cannot tell whether this run selects the VM suite (NUnit's top-level work item not found): its lab boots in its turn");
                return;
        }

        lock (Gate)
        {
            _progress = progress;
            _dispatcher = dispatcher;
            dispatcher.ShiftStarting += OnShiftStarting;
        }
    }

    /// <summary>The lab booted early (or booting, or failed: awaiting says so), once; null where none was started.</summary>
    public static Task<VmLab>? Take()
    {
        lock (Gate)
        {
            Unsubscribe();
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

    private static void OnShiftStarting(WorkShift shift)
    {
        if (shift.Name != NonParallelShift)
        {
            return;
        }

        lock (Gate)
        {
            Unsubscribe();
            var progress = _progress;
            progress.WriteLine($"omistack: the VM suite's lab boots now, at nice {Niceness}, while the container fixtures run");
            _lab = Task.Run(() => StartAsync(new VmLabOptions { Progress = progress, Niceness = Niceness, ReadyTimeout = ReadyTimeout }));
        }
    }

    private static void Unsubscribe()
    {
        if (_dispatcher is { } dispatcher)
        {
            dispatcher.ShiftStarting -= OnShiftStarting;
            _dispatcher = null;
        }
    }

    /// <summary>
    /// Whether the run's filter passes the VM suite: the top-level work item holds the filter (NUnit keeps it in a
    /// private field: read by name, and null where that changes).
    /// </summary>
    private static bool? SelectsTheVmSuite(ParallelWorkItemDispatcher dispatcher)
    {
        var field = typeof(ParallelWorkItemDispatcher).GetField("_topLevelWorkItem", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(dispatcher) is not WorkItem top)
        {
            return null;
        }

        var suite = Find(top.Test, typeof(VmLabMeshTests).FullName!);
        return suite is not null && top.Filter.Pass(suite);
    }

    private static ITest? Find(ITest test, string fullName) =>
        test.FullName == fullName && test.IsSuite
            ? test
            : test.Tests.Select(t => Find(t, fullName)).FirstOrDefault(t => t is not null);
}
