namespace OmiStack.Tests.Integration;

/// <summary>Needs a Docker engine and builds real labs.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LabAttribute : CategoryAttribute
{
    public LabAttribute()
        : base("Lab")
    {
    }
}

/// <summary>
/// The parallel shift: the fixtures run two at a time, before all the others (NUnit runs its parallel and its
/// non-parallel shift one after the other). FinalFaultTests, whose scenarios mostly wait on their swarm (the CPU
/// 64–86 % idle), beside the fixtures that mostly build (the GitLab pipeline's jobs, the Gradescope zip's grader,
/// the tool's packs: CPU-bound and indifferent to time), whose builds run at nice 10
/// (<see cref="ChecksProcess.RunProcessAsync"/>'s yieldCpu) so the fault scenarios get the CPU first. Only one
/// fixture here follows the clock: two timing-sensitive fixtures never run at once. docs/benchmarks.md has the
/// measurements.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BesideTheFaultsAttribute : ParallelizableAttribute
{
    public BesideTheFaultsAttribute()
        : base(ParallelScope.Self)
    {
    }
}
