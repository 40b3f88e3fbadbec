using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Checks;

/// <summary>
/// A switch of the run that an opt-in check needs on (a probe that changes the student's lab): off, the check is not
/// part of the run (no report lists it; a host asked for it by name says it is off and how to turn it on).
/// </summary>
/// <param name="What">The probe in words ("the self-healing probe").</param>
/// <param name="Setting">How to turn it on ("OMISTACK_SELF_HEALING=on").</param>
/// <param name="IsOn">Whether a run's options turn it on.</param>
public sealed record OptIn(string What, string Setting, Func<GradingOptions, bool> IsOn)
{
    /// <summary>The self-healing probe: a lesson stops a running container and judges that its orchestrator replaces it.</summary>
    public static OptIn SelfHealing { get; } = new("the self-healing probe", "OMISTACK_SELF_HEALING=on", o => o.SelfHealingProbe);
}
