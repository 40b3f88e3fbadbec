namespace OmiStack.Harness.Checks;

/// <summary>A judged check: verdict, points and the message a student reads.</summary>
public sealed record CheckOutcome(
    CheckDefinition Check,
    Verdict Verdict,
    string Message,
    string Hint,
    decimal Score,
    TimeSpan Duration,
    DateTimeOffset FinishedAt)
{
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

    /// <summary>Why the instructor overrode this check's verdict or points; null where the check's own judgement stands.</summary>
    public string? OverrideReason { get; init; }

    /// <summary>
    /// The message for a judgement (FluentAssertions' template):
    /// "Expected {expectation} because {why}, but found {found}. Hint: {hint}"; a pass says what proved it;
    /// an inconclusive one "Could not judge (expected {expectation}): {cause}." — expectations are noun
    /// phrases or "X to do Y", and both read right after "expected", never after "whether".
    /// </summary>
    public static CheckOutcome From(CheckDefinition check, Judgement judgement, CheckContextText text, TimeSpan duration, DateTimeOffset finishedAt) =>
        From(check, judgement, text, duration, finishedAt, partialCredit: true);

    /// <summary>
    /// As <see cref="From(CheckDefinition, Judgement, CheckContextText, TimeSpan, DateTimeOffset)"/>; a failed
    /// check with parts earns points × done / total when <paramref name="partialCredit"/>, rounded down to a
    /// quarter point. An inconclusive check earns nothing.
    /// </summary>
    public static CheckOutcome From(CheckDefinition check, Judgement judgement, CheckContextText text, TimeSpan duration, DateTimeOffset finishedAt, bool partialCredit)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(judgement);
        ArgumentNullException.ThrowIfNull(text);
        var expectation = text.Fill(check.Expectation);
        var why = text.Fill(check.Why);
        var hint = text.Fill(check.Hint);
        var message = judgement.Verdict switch
        {
            Verdict.Pass => $"Passed: {Sentence(judgement.Found)}.",
            Verdict.Fail => $"Expected {expectation} because {why}, but found {Sentence(judgement.Found)}. Hint: {hint}",
            Verdict.NeedsReview => $"Needs review by the instructor: {Sentence(judgement.Found)}.",
            Verdict.PastStage => $"Graded at its own stage ({check.Stage}); the lab is past it: {Sentence(judgement.Found)}.",
            Verdict.NotYet => $"Not yet: {Sentence(judgement.Found)}.",
            _ => $"Could not judge (expected {expectation}): {Sentence(judgement.Cause ?? "")}." + (judgement.Found.Length > 0 ? $" Seen so far: {Sentence(judgement.Found)}." : ""),
        };
        var score = judgement.Verdict switch
        {
            Verdict.Pass => check.Points,
            Verdict.Fail when partialCredit && judgement.Parts is { Total: > 0 } parts =>
                Math.Floor(check.Points * (decimal)parts.Done / parts.Total * 4) / 4,
            _ => 0m,
        };
        if (judgement.Verdict == Verdict.Fail && partialCredit && judgement.Parts is { Total: > 0 } p && score > 0)
        {
            message += $" Partial credit: {p.Done} of {p.Total} parts.";
        }

        return new CheckOutcome(check, judgement.Verdict, message, hint, score, duration, finishedAt) { ByGradingMachine = judgement.ByGradingMachine };
    }

    /// <summary>A found text ready to end a sentence: no trailing period of its own.</summary>
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.');
}
