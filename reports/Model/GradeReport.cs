using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;

namespace OmiStack.Reports.Model;

/// <summary>A check's line in a report: judged, or not run.</summary>
public sealed record ReportCheck(
    string Id,
    string Lesson,
    string Stage,
    string Title,
    string Verdict,
    decimal Score,
    decimal MaxScore,
    bool Counts,
    string Message,
    string Hint,
    TimeSpan Duration)
{
    /// <summary>Verdict of a check that was not judged in the run.</summary>
    public const string NotRun = "not run";

    /// <summary>Failed or inconclusive: the report spells these out.</summary>
    public bool NeedsAttention => Verdict is "fail" or "inconclusive" or "needs review";
}

/// <summary>One lesson's part of a report.</summary>
public sealed record ReportLesson(string Name, decimal Weight, IReadOnlyList<ReportCheck> Checks)
{
    /// <summary>The stage the lab had reached and how that was told ("final (stack web deployed …)"); null where not told.</summary>
    public string? Reached { get; init; }

    /// <summary>Points earned on counting checks.</summary>
    public decimal Score => Checks.Where(c => c.Counts).Sum(c => c.Score);

    /// <summary>Points possible on counting checks.</summary>
    public decimal MaxScore => Checks.Where(c => c.Counts).Sum(c => c.MaxScore);
}

/// <summary>
/// Everything a report shows about one student's run; every renderer draws from this. Texts in it
/// come from the student's environment and are treated as hostile by the renderers.
/// </summary>
public sealed record GradeReport(
    string Student,
    IReadOnlyList<ReportLesson> Lessons,
    DateTimeOffset GeneratedAt,
    TimeSpan Duration,
    string? Incomplete)
{
    /// <summary>Where each check that needs attention links its page; null: no link (the page's path in the repository is named).</summary>
    public CheckPageLinks? CheckPages { get; init; }

    /// <summary>Weighted score over the lessons.</summary>
    public decimal Score => Lessons.Sum(l => l.Score * l.Weight);

    /// <summary>Weighted maximum over the lessons.</summary>
    public decimal MaxScore => Lessons.Sum(l => l.MaxScore * l.Weight);

    /// <summary>Every check line.</summary>
    public IEnumerable<ReportCheck> Checks => Lessons.SelectMany(l => l.Checks);

    /// <summary>
    /// Builds a report: each check of <paramref name="checks"/> (as the run scores them) with its outcome (this run's, or
    /// an earlier run's the engine carried over, said so), else as not run. <paramref name="incomplete"/> says why the run
    /// was cut short (null when it ran to its end). Points come from the outcomes and the scored checks, never a rubric.
    /// </summary>
    public static GradeReport Build(
        string student,
        IReadOnlyList<ScoredCheck> checks,
        IReadOnlyList<CheckOutcome> outcomes,
        CheckContextText text,
        DateTimeOffset generatedAt,
        TimeSpan duration,
        string? incomplete,
        RunNotes? notes = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(text);
        var lessons = checks
            .GroupBy(c => c.Definition.Lesson)
            .Select(g => new ReportLesson(g.Key, g.First().Weight, g.Select(scored =>
            {
                var check = scored.Definition;
                var outcome = outcomes.LastOrDefault(o => o.Check.Id == check.Id);
                var title = text.Fill(check.Expectation);
                return outcome is null
                    ? new ReportCheck(check.Id, check.Lesson, check.Stage, title, ReportCheck.NotRun, 0, check.Points, scored.Counts, notes?.NotRun(check) ?? $"Not run: dotnet test checks --filter Stage={check.Stage}", text.Fill(check.Hint), TimeSpan.Zero)
                    : new ReportCheck(check.Id, check.Lesson, check.Stage, title, Verdicts.Name(outcome.Verdict), outcome.Score, outcome.MaxScore, outcome.Counts, outcome.FromEarlierRun ? $"{outcome.Message} (judged in an earlier run, {outcome.FinishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)})" : outcome.Message, outcome.Hint, outcome.Duration);
            }).ToList()) { Reached = notes?.Reached.GetValueOrDefault(g.Key) })
            .ToList();
        return new GradeReport(student, lessons, generatedAt, duration, incomplete) { Warnings = notes?.Warnings ?? [] };
    }

    /// <summary>What a reader of the grade must know about how it was taken (e.g. host keys not checked).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The evidence behind each verdict (check id → what the lab answered), shown folded in report.html.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ReportEvidence>> Evidence { get; init; } = new Dictionary<string, IReadOnlyList<ReportEvidence>>();
}

/// <summary>One answer behind a verdict: when, what was asked, and the start of the answer.</summary>
public sealed record ReportEvidence(DateTimeOffset At, string Kind, string Key, string Answer);

/// <summary>
/// What a run tells beside its verdicts: per lesson, the stage the lab had reached and how that was
/// told; per check not judged because the lab is past its stage, why (it keeps an earlier verdict if any).
/// </summary>
public sealed record RunNotes(IReadOnlyDictionary<string, string> Reached, IReadOnlyDictionary<string, string> PastStage)
{
    /// <summary>What the reports must say about how the grade was taken (e.g. host keys not checked).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>No notes.</summary>
    public static readonly RunNotes None = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>The line of a check that was not judged in this run (null: the usual "Not run" line).</summary>
    public string? NotRun(CheckDefinition check) => check is not null && PastStage.TryGetValue(check.Id, out var why) ? why : null;
}
