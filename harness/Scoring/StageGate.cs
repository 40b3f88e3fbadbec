using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;

namespace OmiStack.Harness.Scoring;

/// <summary>
/// Where the lesson's timeline decides a verdict: in a run during the lesson (a round of the lab
/// session, a student's mid-lesson run), a check of a stage the lab has not reached is "not yet", with
/// what comes first; only a final run (the deadline, or one the instructor marks final) fails it.
/// </summary>
public static class StageGate
{
    /// <summary>
    /// <paramref name="outcome"/> as a run during the lesson reports it: a failed or inconclusive check of
    /// a stage after <paramref name="reached"/> becomes <see cref="Verdict.NotYet"/> (no points). A check the
    /// grading machine could not judge stays as it is (that is not the student's progress), and so does
    /// every check where the stage cannot be told.
    /// </summary>
    public static CheckOutcome NotYet(CheckOutcome outcome, ILesson lesson, StageReached? reached, CheckContextText text)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(lesson);
        ArgumentNullException.ThrowIfNull(text);
        if (reached is null || outcome.Verdict is not (Verdict.Fail or Verdict.Inconclusive) || outcome.ByGradingMachine)
        {
            return outcome;
        }

        var stages = lesson.Stages;
        var at = IndexOf(stages, reached.Stage);
        var own = IndexOf(stages, outcome.Check.Stage);
        if (own < 0 || at >= own)
        {
            return outcome;
        }

        var next = stages[at + 1];
        var first = next == outcome.Check.Stage
            ? $"the {next} stage comes next"
            : $"first comes the {next} stage ({FirstTask(lesson, next, text)})";
        var found = $"{outcome.Check.Id} is a task of the {outcome.Check.Stage} stage and the lab is at the {reached.Stage} stage ({reached.How}); {first}";
        return Outcomes.NotYet(outcome, found, text);
    }

    /// <summary>True when <paramref name="reached"/> is at or after <paramref name="stage"/> in the lesson's order (a verdict judged then is the check's own).</summary>
    public static bool AtOrAfter(ILesson lesson, string? reached, string stage)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        var own = IndexOf(lesson.Stages, stage);
        return reached is not null && own >= 0 && IndexOf(lesson.Stages, reached) >= own;
    }

    // A stage the lesson does not list ("start": before its first) comes before every stage.
    private static int IndexOf(IReadOnlyList<string> stages, string stage)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] == stage)
            {
                return i;
            }
        }

        return -1;
    }

    private static string FirstTask(ILesson lesson, string stage, CheckContextText text) =>
        lesson.Checks.FirstOrDefault(c => c.Definition.Stage == stage) is { } check ? text.Fill(check.Definition.Expectation) : "its tasks";
}
