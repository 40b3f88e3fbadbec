using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;

namespace OmiStack.Engine;

/// <summary>
/// One student's lesson in time, for a grading run: the verdicts kept from the runs that judged each check
/// at its stage (stages.json in the student's folder), "not yet" for a stage the lab has not reached in a
/// run during the lesson, and, where the lab is past a check's stage or cannot be judged now, the kept
/// verdict folded in. A final run fails what no run ever saw at its stage.
/// </summary>
public sealed class StudentTimeline
{
    private readonly KeptVerdicts _kept;

    private StudentTimeline(KeptVerdicts kept, bool final, string source)
    {
        _kept = kept;
        Final = final;
        Source = source;
    }

    /// <summary>True for a final run (the deadline's, or one the instructor marks final): missing work fails.</summary>
    public bool Final { get; }

    /// <summary>What this run is called where a verdict it judged is kept ("round 3", "a run").</summary>
    public string Source { get; }

    /// <summary>The kept verdicts now.</summary>
    public IReadOnlyDictionary<string, KeptVerdict> Kept => _kept.All;

    /// <summary>Each check's last outcome (a run that does not judge a check reports it from here).</summary>
    public IReadOnlyDictionary<string, LastVerdict> Last => _kept.Last;

    /// <summary>Records a run's final outcome of a check as its last (<see cref="LastVerdict.Records"/>).</summary>
    public void Record(CheckOutcome outcome) => _kept.Record(outcome);

    /// <summary>
    /// The timeline of the student whose folder is <paramref name="folder"/>: its kept verdicts read back
    /// (a record that cannot be read throws <see cref="InvalidDataException"/> naming it).
    /// </summary>
    public static StudentTimeline Open(string folder, bool final, string source) => new(KeptVerdicts.Read(folder), final, source);

    /// <summary>A timeline that starts with nothing kept (the embedded default, a re-judge).</summary>
    public static StudentTimeline Fresh(bool final, string source) => new(KeptVerdicts.Empty(), final, source);

    /// <summary>Writes the kept verdicts into the student's folder (stages.json).</summary>
    public void Write(string folder) => _kept.Write(folder);

    /// <summary>Keeps a verdict from elsewhere (a platform's earlier submission); true when it was kept.</summary>
    public bool Keep(string checkId, KeptVerdict verdict) => _kept.Keep(checkId, verdict);

    /// <summary>
    /// The outcome this run records for <paramref name="outcome"/>, judged with the lab at <paramref name="reached"/>:
    /// kept where it was judged at or after its stage; "not yet" before its stage in a run that is not final;
    /// the kept verdict where the lab is past the stage or could not be judged now; in a final run, a fail where
    /// the lab is past the stage and nothing was kept. A check the lab is past with nothing kept, in a run that is
    /// not final, stays <see cref="Verdict.PastStage"/>.
    /// </summary>
    public CheckOutcome Judged(CheckOutcome outcome, ILesson lesson, StageReached? reached, CheckContextText text, string? evidence)
    {
        return Outcomes.AtStage(Decide(outcome, lesson, reached, text, evidence), reached?.Stage);
    }

    private CheckOutcome Decide(CheckOutcome outcome, ILesson lesson, StageReached? reached, CheckContextText text, string? evidence)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(lesson);
        var check = outcome.Check;
        if (outcome.OverrideReason is null && StageGate.AtOrAfter(lesson, reached?.Stage, check.Stage))
        {
            _kept.Keep(check.Id, new KeptVerdict(outcome.Verdict, outcome.Score, outcome.MaxScore, outcome.Message, outcome.FinishedAt, reached!.Stage, Source) { Evidence = evidence, ByGradingMachine = outcome.ByGradingMachine });
        }

        if (outcome.Verdict is Verdict.PastStage || (outcome.Verdict is Verdict.Inconclusive && !outcome.ByGradingMachine))
        {
            if (_kept.Of(check.Id) is { } kept)
            {
                return Outcomes.Kept(kept, outcome);
            }

            if (outcome.Verdict is Verdict.PastStage && Final)
            {
                return Outcomes.NeverSeen(outcome, reached?.ToString() ?? "its stage could not be told", text);
            }

            return outcome;
        }

        return Final ? outcome : StageGate.NotYet(outcome, lesson, reached, text);
    }
}
