namespace OmiStack.Harness.Checks;

/// <summary>
/// What a judge decided, before it becomes a message: the verdict, what was found, and for an
/// inconclusive verdict the cause. Judges return these; only the NUnit suites assert.
/// </summary>
public sealed record Judgement(Verdict Verdict, string Found, string? Cause = null)
{
    /// <summary>
    /// For a check made of parts (e.g. nodes joined): how many of them are right. A failed check
    /// earns that share of its points where the rubric allows partial credit.
    /// </summary>
    public (int Done, int Total)? Parts { get; init; }

    /// <summary>This judgement, declaring <paramref name="done"/> of <paramref name="total"/> parts right.</summary>
    public Judgement WithParts(int done, int total) => this with { Parts = (done, total) };

    /// <summary>The task is done; <paramref name="found"/> says what proves it.</summary>
    public static Judgement Pass(string found) => new(Verdict.Pass, found);

    /// <summary>The task is not done; <paramref name="found"/> says what is there instead.</summary>
    public static Judgement Fail(string found) => new(Verdict.Fail, found);

    /// <summary>A human has to judge; <paramref name="found"/> says why.</summary>
    public static Judgement NeedsReview(string found) => new(Verdict.NeedsReview, found);

    /// <summary>
    /// Not judged now: the lab is past the check's stage and the lesson's own later step changed what
    /// it looks at; <paramref name="how"/> says what the lab shows. Never a fail, never a wait.
    /// </summary>
    public static Judgement PastStage(string how) => new(Verdict.PastStage, how);

    /// <summary>
    /// True where the grading machine, not the student's lab, kept the check from judging (the project's
    /// own local lab on a kernel without IPVS): such a run is not failed for it.
    /// </summary>
    public bool ByGradingMachine { get; init; }

    /// <summary>Could not judge, because of <paramref name="cause"/> in the student's lab (a node down, a key refused).</summary>
    public static Judgement Inconclusive(string cause, string found = "") => new(Verdict.Inconclusive, found, cause);

    /// <summary>Could not judge, because of <paramref name="cause"/> on the grading machine itself (see <see cref="ByGradingMachine"/>).</summary>
    public static Judgement MachineCannot(string cause, string found = "") => new(Verdict.Inconclusive, found, cause) { ByGradingMachine = true };
}
