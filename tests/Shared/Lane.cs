namespace OmiStack.Tests.Shared;

// Linked into the unit and the integration suites.

/// <summary>
/// What a fixture asks of the machine while it runs (the integration suite's SuitePlan gives each fixture one). The two cores
/// are two places: a clock fixture takes one, a free fixture one, the VM suite both.
/// </summary>
internal enum Lane
{
    /// <summary>
    /// Its verdicts follow its swarm's or its terminal's timing (faults, rounds, convergence): one core of the two,
    /// and never beside another clock fixture.
    /// </summary>
    Clock,

    /// <summary>
    /// Builds, packs, grades and renders, indifferent to time: one core, beside a clock fixture or another free one.
    /// The programs it starts run at nice 10 (the integration suite's ChecksProcess), so the clock fixture
    /// beside it gets the CPU first.
    /// </summary>
    Free,

    /// <summary>
    /// The machine to itself (the VM suite: three emulated VMs want both cores, and its verdicts follow the clock too).
    /// </summary>
    Alone,
}
