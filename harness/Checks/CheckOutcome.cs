namespace OmiStack.Harness.Checks;

/// <summary>
/// A judged check: verdict, points and the message a student reads. Made in one place, <see cref="Scoring.Outcomes"/>:
/// from the judge's judgement, then by each step after it (a kept verdict, "not yet", the instructor's override).
/// </summary>
public sealed record CheckOutcome
{
    internal CheckOutcome(CheckDefinition check, Verdict verdict, string message, string hint, decimal score, TimeSpan duration, DateTimeOffset finishedAt)
    {
        Check = check;
        Verdict = verdict;
        Message = message;
        Hint = hint;
        Score = score;
        Duration = duration;
        FinishedAt = finishedAt;
    }

    /// <summary>The check as the run scored it (the rubric's points and stage).</summary>
    public CheckDefinition Check { get; init; }

    /// <summary>What was found.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>The message the student reads.</summary>
    public string Message { get; init; }

    /// <summary>The hint, the check's own, its placeholders filled.</summary>
    public string Hint { get; init; }

    /// <summary>Points earned.</summary>
    public decimal Score { get; init; }

    /// <summary>How long the judging took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>When it was judged.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Points a pass is worth.</summary>
    public decimal MaxScore => Check.Points;

    /// <summary>False where the rubric says the check is reported but does not count towards the score.</summary>
    public bool Counts { get; init; } = true;

    /// <summary>True for an inconclusive check that the grading machine, not the student's lab, kept from judging.</summary>
    public bool ByGradingMachine { get; init; }

    /// <summary>The stage the lesson's lab had reached when this verdict was judged (its kept verdict's, where folded in); null where it could not be told.</summary>
    public string? LabStage { get; init; }

    /// <summary>Where the verdict was kept from (a round at the check's stage), when this run folded it in rather than judging it now.</summary>
    public Scoring.KeptVerdict? KeptFrom { get; init; }

    /// <summary>True for an outcome an earlier run gave a check this run did not judge (shown as judged then, in the reports).</summary>
    public bool FromEarlierRun { get; init; }

    /// <summary>Why the instructor overrode this check's verdict or points; null where the check's own judgement stands.</summary>
    public string? OverrideReason { get; init; }

    /// <summary>
    /// The outcome of a judgement of <paramref name="check"/>, scored as the check defines it (full partial credit,
    /// counting): <see cref="Scoring.Outcomes.Judged"/>, for a check judged outside a run (a test, a benchmark).
    /// </summary>
    public static CheckOutcome From(CheckDefinition check, Judgement judgement, CheckContextText text, TimeSpan duration, DateTimeOffset finishedAt) =>
        Scoring.Outcomes.Judged(new Scoring.ScoredCheck(check, Counts: true, PartialCredit: true), judgement, text, duration, finishedAt);
}
