using System.Globalization;
using OmiStack.Harness.Checks;

namespace OmiStack.Harness.Scoring;

/// <summary>
/// A check as a run scores it: its definition with the rubric's points and stage, whether its points count, its partial
/// credit, and its lesson's weight in a total. Reports read these, never the rubric.
/// </summary>
/// <param name="Definition">The definition with the rubric's points and stage.</param>
/// <param name="Counts">Whether its points count towards the score.</param>
/// <param name="PartialCredit">Whether a failed check with parts earns their share of its points.</param>
public sealed record ScoredCheck(CheckDefinition Definition, bool Counts, bool PartialCredit)
{
    /// <summary>The check's id.</summary>
    public string Id => Definition.Id;

    /// <summary>Its lesson's weight in a total (1 unless the rubric says otherwise).</summary>
    public decimal Weight { get; init; } = 1m;
}

/// <summary>
/// The one place a check's outcome is made, and the rubric applied: what the judge found becomes the student's message
/// and points (<see cref="Judged"/>), and what comes after the judge changes it in one order, each step here: the
/// verdict kept from a run at the check's stage (<see cref="Kept"/>), "not yet" before it (<see cref="NotYet"/>), a
/// fail for what no run saw at its stage (<see cref="NeverSeen"/>), the instructor's override (<see cref="Overridden"/>),
/// the stage the lab had reached (<see cref="AtStage"/>). Reports read an outcome's points, never the rubric.
/// </summary>
public static class Outcomes
{
    /// <summary>A check as <paramref name="rubric"/> scores it: the one application of a rubric to a definition.</summary>
    public static ScoredCheck Scored(CheckDefinition check, Rubric rubric)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(rubric);
        return new ScoredCheck(rubric.Apply(check), rubric.Counts(check.Id), rubric.AllowsPartialCredit(check.Id)) { Weight = rubric.WeightOf(check.Lesson) };
    }

    /// <summary>Checks as <paramref name="rubric"/> scores them, in their order.</summary>
    public static IReadOnlyList<ScoredCheck> Scored(IEnumerable<CheckDefinition> checks, Rubric rubric)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return [.. checks.Select(c => Scored(c, rubric))];
    }

    /// <summary>
    /// What the judge found, as the student reads it (FluentAssertions' template):
    /// "Expected {expectation} because {why}, but found {found}. Hint: {hint}"; a pass says what proved it;
    /// an inconclusive one "Could not judge (expected {expectation}): {cause}." — expectations are noun
    /// phrases or "X to do Y", and both read right after "expected", never after "whether". A failed check with
    /// parts earns points × done / total where its partial credit allows, rounded down to a quarter point; an
    /// inconclusive check earns nothing.
    /// </summary>
    public static CheckOutcome Judged(ScoredCheck scored, Judgement judgement, CheckContextText text, TimeSpan duration, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(judgement);
        ArgumentNullException.ThrowIfNull(text);
        var check = scored.Definition;
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
            Verdict.Fail when scored.PartialCredit && judgement.Parts is { Total: > 0 } parts =>
                QuarterDown(check.Points * (decimal)parts.Done / parts.Total),
            _ => 0m,
        };
        if (judgement.Verdict == Verdict.Fail && scored.PartialCredit && judgement.Parts is { Total: > 0 } p && score > 0)
        {
            message += $" Partial credit: {p.Done} of {p.Total} parts.";
        }

        return new CheckOutcome(check, judgement.Verdict, message, hint, score, duration, finishedAt) { ByGradingMachine = judgement.ByGradingMachine, Counts = scored.Counts };
    }

    /// <summary>
    /// A verdict kept from a run at the check's stage, in place of <paramref name="judged"/> (the rubric's points now; a
    /// partial share rounded down to a quarter point), its message saying where it was kept from.
    /// </summary>
    public static CheckOutcome Kept(KeptVerdict kept, CheckOutcome judged)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(judged);
        var check = judged.Check;
        var score = kept.Verdict == Verdict.Pass ? check.Points : QuarterDown(check.Points * kept.Share);
        return new CheckOutcome(check, kept.Verdict, $"{kept.Message.TrimEnd()} ({kept.Provenance}.)", judged.Hint, score, TimeSpan.Zero, kept.JudgedAt)
        {
            Counts = judged.Counts,
            KeptFrom = kept,
            ByGradingMachine = kept.ByGradingMachine,
            LabStage = kept.Stage,
        };
    }

    /// <summary>"Not yet" in place of <paramref name="judged"/>: its stage comes after the lab's; <paramref name="found"/> says what comes first (no points).</summary>
    public static CheckOutcome NotYet(CheckOutcome judged, string found, CheckContextText text) => Instead(judged, new Judgement(Verdict.NotYet, found), text);

    /// <summary>A fail in place of <paramref name="judged"/> in a final run: the lab is past the check's stage and no run saw it there (no partial credit).</summary>
    public static CheckOutcome NeverSeen(CheckOutcome judged, string reached, CheckContextText text)
    {
        ArgumentNullException.ThrowIfNull(judged);
        var never = $"the lab is past the {judged.Check.Stage} stage ({reached}) and no round or run saw it at that stage";
        return Instead(judged, Judgement.Fail(never), text);
    }

    /// <summary>
    /// The outcome an earlier run gave a check this run does not judge (the student's record, <see cref="LastVerdict"/>),
    /// as it was then: its verdict and message, its share of the points (of the rubric's points now, as a kept verdict's);
    /// the reports say when it was judged.
    /// </summary>
    public static CheckOutcome Earlier(LastVerdict last, ScoredCheck scored, CheckContextText text)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(text);
        var points = scored.Definition.Points;
        var score = last.MaxScore == points ? last.Score
            : last.Verdict == Verdict.Pass ? points
            : last.MaxScore > 0 ? QuarterDown(points * (last.Score / last.MaxScore)) : 0;
        return new CheckOutcome(scored.Definition, last.Verdict, last.Message, text.Fill(scored.Definition.Hint), score, TimeSpan.Zero, last.JudgedAt)
        {
            Counts = scored.Counts,
            FromEarlierRun = true,
            LabStage = last.LabStage,
            ByGradingMachine = last.ByGradingMachine,
            OverrideReason = last.Override,
        };
    }

    /// <summary>The outcome with the stage the lesson's lab had reached when it was judged, where it does not carry one (a kept verdict carries its own).</summary>
    public static CheckOutcome AtStage(CheckOutcome outcome, string? stage)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.LabStage is null ? outcome with { LabStage = stage } : outcome;
    }

    /// <summary>
    /// The outcome as the instructor set it (<paramref name="given"/>; unchanged where null): the points given (clamped to
    /// the check's), else full points for pass and none for fail; the verdict given, else pass at full points and fail
    /// below; the message says it was overridden, why, and what the check had found.
    /// </summary>
    public static CheckOutcome Overridden(CheckOutcome outcome, InstructorOverride? given)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (given is null)
        {
            return outcome;
        }

        var score = Math.Clamp(given.Points ?? (given.Verdict == Verdict.Pass ? outcome.MaxScore : 0), 0, outcome.MaxScore);
        var verdict = given.Verdict ?? (score == outcome.MaxScore ? Verdict.Pass : Verdict.Fail);
        var reason = given.Reason is { Length: > 0 } why ? $"; reason: {why.Trim().TrimEnd('.')}" : "";
        return outcome with
        {
            Verdict = verdict,
            Score = score,
            Message = $"Reviewed by the instructor: {Verdicts.Name(verdict)}, {score.ToString("0.##", CultureInfo.InvariantCulture)} of {outcome.MaxScore.ToString("0.##", CultureInfo.InvariantCulture)} points{reason} (judged: {outcome.Message.TrimEnd().TrimEnd('.')}).",
            OverrideReason = given.Reason is { Length: > 0 } stated ? stated.Trim() : "no reason given",
        };
    }

    /// <summary>An outcome of the same check, judged otherwise by what came after the judge (no partial credit), counting as it did.</summary>
    private static CheckOutcome Instead(CheckOutcome judged, Judgement judgement, CheckContextText text)
    {
        ArgumentNullException.ThrowIfNull(judged);
        return Judged(new ScoredCheck(judged.Check, judged.Counts, PartialCredit: false), judgement, text, judged.Duration, judged.FinishedAt);
    }

    /// <summary>A share of a check's points as the reports give it: rounded down to a quarter point.</summary>
    private static decimal QuarterDown(decimal points) => Math.Floor(points * 4) / 4;

    /// <summary>A found text ready to end a sentence: no trailing period of its own.</summary>
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.');
}
