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

    /// <summary>
    /// The message for a judgement (FluentAssertions' template):
    /// "Expected {expectation} because {why}, but found {found}. Hint: {hint}"; a pass says what proved it.
    /// </summary>
    public static CheckOutcome From(CheckDefinition check, Judgement judgement, CheckContextText text, TimeSpan duration, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(judgement);
        ArgumentNullException.ThrowIfNull(text);
        var expectation = text.Fill(check.Expectation);
        var why = text.Fill(check.Why);
        var hint = text.Fill(check.Hint);
        var message = judgement.Verdict switch
        {
            Verdict.Pass => $"Passed: {judgement.Found}.",
            Verdict.Fail => $"Expected {expectation} because {why}, but found {judgement.Found}. Hint: {hint}",
            _ => $"Could not judge whether {expectation}: {judgement.Cause}." + (judgement.Found.Length > 0 ? $" Seen so far: {judgement.Found}." : ""),
        };
        return new CheckOutcome(check, judgement.Verdict, message, hint, judgement.Verdict == Verdict.Pass ? check.Points : 0, duration, finishedAt);
    }
}
