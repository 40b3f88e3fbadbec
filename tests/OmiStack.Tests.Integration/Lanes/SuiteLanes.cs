using OmiStack.Tests.Integration.Lanes;
using OmiStack.Tests.Shared;

// A worker for every fixture the suite can start at once: a fixture waiting for its lane holds its worker, so the
// workers are not what decides who runs (LaneScheduler is); NUnit's default, one per core, would leave a core idle
// whenever two fixtures first in line wait for the one clock place.
[assembly: LevelOfParallelism(SuiteLanes.Workers)]

namespace OmiStack.Tests.Integration.Lanes;

/// <summary>
/// The suite's one <see cref="LaneScheduler"/>, fed by <see cref="SuitePlan"/>. The set-up fixture tells it how many
/// fixtures the run starts at once (<see cref="Prepare"/>); each <see cref="LaneFixture"/> waits there for its turn.
/// </summary>
internal static class SuiteLanes
{
    /// <summary>NUnit's workers for this assembly: more than the fixtures in <see cref="SuitePlan"/>.</summary>
    public const int Workers = 40;

    /// <summary>
    /// The nice value of the work beside the clock lane's fixtures: the free lane's programs
    /// (<see cref="ChecksProcess"/>), the VM lab's early boot (<see cref="RealKernel.VmLabWarmup"/>) and the VM tools'
    /// install. Lower, not the lowest: at nice 19, three busy loops at nice 0 beside the VM boot for a minute left a
    /// guest's dockerd too slow to answer `docker info` within 15 s when the VM suite began (it recovered later); at
    /// nice 10 the fixtures beside the boot were a few per cent slower than the run's own speed (docs/benchmarks.md).
    /// </summary>
    public const int BackgroundNiceness = 10;

    /// <summary>
    /// How long the first turns wait, from the first fixture's asking, for the rest of the fixtures expected at once
    /// (they ask within milliseconds).
    /// </summary>
    private static readonly TimeSpan GatherBound = TimeSpan.FromSeconds(10);

    private static readonly LaneScheduler Scheduler = new(cores: 2);
    private static int _anyAsked;

    /// <summary>
    /// From the set-up fixture: the first turns are given once the fixtures this run selects (<paramref name="selected"/>,
    /// from <see cref="RunSelection.Fixtures"/>; or as many as NUnit has workers for) have asked, or
    /// <see cref="GatherBound"/> after the first asked; at once where the selection cannot be told (null).
    /// </summary>
    public static void Prepare(IReadOnlyList<Type>? selected, TextWriter progress)
    {
        if (selected is null)
        {
            Scheduler.Open();
            return;
        }

        var laned = selected.Count(t => t.IsSubclassOf(typeof(LaneFixture)));
        var atOnce = Math.Min(laned, Math.Max(1, RunSelection.Workers()));
        Scheduler.ExpectAtOnce(atOnce);
        progress.WriteLine($"omistack: {laned} fixtures in lanes on {Scheduler.Cores} cores (docs/contributing/tests.md#lanes)");
    }

    /// <summary>Waits for <paramref name="fixture"/>'s turn in its lane.</summary>
    public static Task<LaneTurn> WaitAsync(Type fixture, CancellationToken cancellationToken = default)
    {
        var (lane, order) = SuitePlan.Find(fixture)
            ?? throw new InvalidOperationException($"{fixture.Name} is not in SuitePlan (tests/OmiStack.Tests.Integration/Lanes/SuitePlan.cs): add it with its lane");
        if (Interlocked.Exchange(ref _anyAsked, 1) == 0)
        {
            // A non-parallel fixture may run before the lanes' first (NUnit's shifts): the bound counts from here.
            _ = Task.Delay(GatherBound, CancellationToken.None).ContinueWith(_ => Scheduler.Open(), TaskScheduler.Default);
        }

        return Scheduler.WaitAsync(fixture.Name, lane, order, cancellationToken);
    }

    /// <summary>The lane of the fixture whose test is running on this flow, or null outside a planned fixture.</summary>
    public static Lane? CurrentLane()
    {
        var type = TestContext.CurrentContext.Test.ClassName is { } name ? typeof(SuiteLanes).Assembly.GetType(name) : null;
        return type is null ? null : SuitePlan.Find(type)?.Lane;
    }
}
