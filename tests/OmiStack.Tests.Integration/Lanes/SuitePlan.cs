using OmiStack.Tests.Integration.Docker;
using OmiStack.Tests.Integration.Embedded;
using OmiStack.Tests.Integration.Evidence;
using OmiStack.Tests.Integration.FirstRun;
using OmiStack.Tests.Integration.Labs;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lesson2;
using OmiStack.Tests.Integration.Lesson3;
using OmiStack.Tests.Integration.Nodes;
using OmiStack.Tests.Integration.Platforms;
using OmiStack.Tests.Integration.RealKernel;
using OmiStack.Tests.Integration.Reports;
using OmiStack.Tests.Integration.Roster;
using OmiStack.Tests.Integration.Tool;
using OmiStack.Tests.Shared;

namespace OmiStack.Tests.Integration.Lanes;

/// <summary>
/// Every fixture of the suite (a <see cref="LaneFixture"/>) with its lane, in the order turns are given: the clock
/// fixtures first, longest first, so the clock lane never waits for a core; the free ones beside them, longest first;
/// the VM suite last, with the machine to itself (its lab boots from the start, at nice 10: <see cref="VmLabWarmup"/>).
/// Times from the last full run's trx (docs/benchmarks.md): the clock lane ~760 s, the free lane ~570 s, the VM suite
/// ~500 s. A fixture missing here fails its set-up, naming this list.
/// </summary>
internal static class SuitePlan
{
    public static readonly IReadOnlyList<(Type Fixture, Lane Lane)> Fixtures =
    [
        (typeof(FinalFaultTests), Lane.Clock),
        (typeof(GhostFaultTests), Lane.Clock),
        (typeof(EmbeddedDefaultTests), Lane.Clock),
        (typeof(ConnectionFaultTests), Lane.Clock),
        (typeof(SessionRoundsTests), Lane.Clock),
        (typeof(PracticeLabTests), Lane.Clock),
        (typeof(ReferenceSolutionTests), Lane.Clock),
        (typeof(NodeFaultTests), Lane.Clock),
        (typeof(WatchTerminalTests), Lane.Clock),
        (typeof(RancherLabTests), Lane.Clock),

        (typeof(GradingPlatformTests), Lane.Free),
        (typeof(ToolPackageTests), Lane.Free),
        (typeof(RancherRosterTests), Lane.Free),
        (typeof(GradescopeHistoryTests), Lane.Free),
        (typeof(HandInTests), Lane.Free),
        (typeof(RancherDoubleLabTests), Lane.Free),
        (typeof(RosterGradingTests), Lane.Free),
        (typeof(DocsSiteTests), Lane.Free),
        (typeof(FirstRunTests), Lane.Free),
        (typeof(LabLifecycleTests), Lane.Free),
        (typeof(GradebookPageInBrowserTests), Lane.Free),
        (typeof(HtmlReportInBrowserTests), Lane.Free),
        (typeof(NodeTargetAssembliesTests), Lane.Free),
        (typeof(Lesson3Tests), Lane.Free),
        (typeof(NodeLabTests), Lane.Free),
        (typeof(DockerOverSshTests), Lane.Free),
        (typeof(RejudgeCommandTests), Lane.Free),

        (typeof(VmLabMeshTests), Lane.Alone),
    ];

    /// <summary>The fixture's lane and place, or null where the plan lacks it.</summary>
    public static (Lane Lane, int Order)? Find(Type fixture)
    {
        for (var i = 0; i < Fixtures.Count; i++)
        {
            if (Fixtures[i].Fixture == fixture)
            {
                return (Fixtures[i].Lane, i);
            }
        }

        return null;
    }
}
