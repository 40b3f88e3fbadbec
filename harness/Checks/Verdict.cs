namespace OmiStack.Harness.Checks;

/// <summary>What a check found.</summary>
public enum Verdict
{
    /// <summary>The task is done as the lesson asks.</summary>
    Pass,

    /// <summary>The task is not done as the lesson asks.</summary>
    Fail,

    /// <summary>The check could not judge (host unreachable, key refused, timeout, missing kernel feature): never a pass.</summary>
    Inconclusive,

    /// <summary>A written answer a human has to judge (not pass, not fail) until an override sets its points.</summary>
    NeedsReview,

    /// <summary>
    /// Not judged now: the lab is past the check's stage and the lesson itself changed what the check
    /// looks at (a test service scaled, then removed). The check keeps the verdict of the run at its stage.
    /// </summary>
    PastStage,

    /// <summary>
    /// Not yet: the check's stage comes after the stage the lab has reached, in a run during the lesson
    /// (a round of the lab session, a student's mid-lesson run). Only a final run fails what is missing.
    /// </summary>
    NotYet,
}

/// <summary>Verdicts as reports spell them.</summary>
public static class Verdicts
{
    /// <summary>"pass", "fail", "inconclusive", "needs review", "not run", "not yet".</summary>
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        Verdict.Inconclusive => "inconclusive",
        Verdict.PastStage => "not run",
        Verdict.NotYet => "not yet",
        _ => "needs review",
    };
}
