using OmiStack.Harness.Checks;
using static OmiStack.Reports.Text.StudentText;

namespace OmiStack.Engine;

/// <summary>How a host counts one check of a run: passed, failed (the run fails), or skipped (not judged, not yet, past its stage).</summary>
public enum StepResult
{
    /// <summary>The check passed.</summary>
    Passed,

    /// <summary>The check failed, or the student's lab kept it from being judged (a pass elsewhere must not hide it).</summary>
    Failed,

    /// <summary>Not counted for or against: not graded, not yet, past its stage, or only this grading machine could not judge it.</summary>
    Skipped,
}

/// <summary>One check of a run as a host shows it (NUnit's outcome, the grade command's line): the result, the one-line message, the outcome where judged.</summary>
public sealed record CheckStep(string Id, StepResult Result, string Message, CheckOutcome? Outcome)
{
    /// <summary>A check of a run that could not open: not judged, the cause said once at the run's end.</summary>
    public static CheckStep NotOpened(string id, string? openError) =>
        new(id, StepResult.Skipped, $"Not judged: {openError ?? "the grading run is not open."}", null);

    /// <summary>The line a host prints as the check ends ("s1 swarm.docker [5/5] Passed: …").</summary>
    public string Line(string student) => Outcome is { } outcome ? $"{OneLine(student)} {outcome.Check.Id} [{outcome.Score}/{outcome.MaxScore}] {Message}" : $"{OneLine(student)} {Id}: {Message}";
}
