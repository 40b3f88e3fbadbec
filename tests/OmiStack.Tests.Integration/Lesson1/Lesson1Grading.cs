using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Labs;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>Grades a lab through its target file, as a student's run would, and asserts verdicts.</summary>
internal static class Lesson1Grading
{
    /// <summary>
    /// A fault's failing state is settled, so the checks judge it at once whatever the bound; the
    /// bound only limits a state that really moves (a rolling update still going).
    /// </summary>
    public static readonly GradingOptions Options = new()
    {
        ConvergenceTimeout = TimeSpan.FromSeconds(30),
        Ssh = new SshOptions { HostKeyPolicy = HostKeyPolicy.Strict },
    };

    /// <summary>This kernel's routing mesh: without IPVS the mesh checks are inconclusive, naming it.</summary>
    public static bool HasIpvs => File.Exists("/proc/net/ip_vs");

    /// <summary>
    /// Grades <paramref name="lab"/> at <paramref name="stage"/> (every stage where null) with <paramref name="options"/>;
    /// where they turn the self-healing probe on, the stage's probe too (judged last, as a run judges it).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, CheckOutcome>> GradeAsync(ISwarmLab lab, string? stage = null, GradingOptions? options = null, LabSession? session = null)
    {
        var target = TargetLoader.Load(lab.TargetFile);
        var own = session is null ? new LabSession(target, options ?? Options) : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var checks = ((session ?? own!).Options.SelfHealingProbe ? Lesson1Checks.WithProbes : Lesson1Checks.All).Where(c => stage is null || c.Definition.Stage == stage);
            var outcomes = await Grader.RunAllAsync(checks, session ?? own!, Lesson1Checks.TextFor(target));
            return await LogAsync(outcomes, stage ?? "all", clock.Elapsed);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Writes each outcome, and one line per scenario for docs/reliability.md (scenario, verdicts that
    /// are not pass, time to verdict); returns the outcomes by check id.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, CheckOutcome>> LogAsync(IReadOnlyList<CheckOutcome> outcomes, string stage, TimeSpan elapsed)
    {
        foreach (var outcome in outcomes)
        {
            await TestContext.Out.WriteLineAsync($"{outcome.Check.Id}: {outcome.Verdict} ({outcome.Duration.TotalSeconds:0.0} s) {outcome.Message}");
        }

        var verdicts = string.Join(", ", outcomes.Where(o => o.Verdict != Verdict.Pass).Select(o => $"{o.Check.Id} {Verdicts.Name(o.Verdict)}"));
        await TestContext.Progress.WriteLineAsync($"RELIABILITY | {TestContext.CurrentContext.Test.Name} | {stage} | {(verdicts.Length == 0 ? "all pass" : verdicts)} | {elapsed.TotalSeconds:0.0} s |");
        return outcomes.ToDictionary(o => o.Check.Id);
    }

    /// <summary>
    /// Exactly the named checks fail (or are inconclusive) with a message naming the fault; every
    /// other graded check passes, but the mesh checks, which are inconclusive naming IPVS where the
    /// kernel lacks it.
    /// </summary>
    public static void ShouldBeExactly(this IReadOnlyDictionary<string, CheckOutcome> outcomes, params (string Id, Verdict Verdict, string Cause)[] expected)
    {
        foreach (var (id, outcome) in outcomes)
        {
            var named = expected.Where(e => e.Id == id).ToList();
            if (named.Count == 1)
            {
                outcome.Verdict.Should().Be(named[0].Verdict, $"{id} should name the fault: {outcome.Message}");
                outcome.Message.Should().Contain(named[0].Cause);
            }
            else if (id is "ghost.mesh" or "stack.mesh" && !HasIpvs)
            {
                outcome.Verdict.Should().Be(Verdict.Inconclusive, outcome.Message);
                outcome.Message.Should().Contain("has no IPVS (no /proc/net/ip_vs)");
            }
            else
            {
                outcome.Verdict.Should().Be(Verdict.Pass, $"{id} is not affected by the fault: {outcome.Message}");
            }
        }

        if (expected.Length > 0)
        {
            outcomes.Keys.Should().Contain(expected.Select(e => e.Id));
        }

        Shared.FailureLedger.Record(outcomes, expected.Select(e => e.Id));
    }

    /// <summary>
    /// On a lab of VMs with their own kernels: exactly the named checks get the named verdict, their message
    /// containing each named cause (a check may be named more than once, for causes in parts); every other check
    /// passes, the mesh checks included.
    /// </summary>
    public static void ShouldBeExactlyOnRealKernels(this IReadOnlyDictionary<string, CheckOutcome> outcomes, params (string Id, Verdict Verdict, string Cause)[] expected)
    {
        foreach (var (id, outcome) in outcomes)
        {
            var named = expected.Where(e => e.Id == id).ToList();
            outcome.Verdict.Should().Be(named.Count > 0 ? named[0].Verdict : Verdict.Pass, $"{id}: {outcome.Message}");
            foreach (var cause in named)
            {
                outcome.Message.Should().Contain(cause.Cause);
            }
        }

        outcomes.Keys.Should().Contain(expected.Select(e => e.Id));
        Shared.FailureLedger.Record(outcomes, expected.Select(e => e.Id));
    }
}
