using OmiStack.Engine.Runs;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// One student's grading run: the target, its session, what it found so far, and its reports. Opened by
/// <see cref="StudentRuns"/> (a target file, a roster entry, evidence to re-judge, the embedded default's labs);
/// each check judged by <see cref="StepAsync"/>, whatever the host.
/// </summary>
public sealed partial class StudentRun : IAsyncDisposable
{
    private readonly LabStages _labs;
    private readonly JudgedAhead _ahead;
    private readonly RunLedger _ledger = new();
    private readonly RunReports _reports;

    // connectNow: a target as it stands starts connecting here, before the rest of the run is made (its folder's
    // record read, its reports), so the handshakes overlap that work; an embedded lab changes under its run, and a
    // re-judge has no network.
    internal StudentRun(GradingSetup setup, Target target, string? targetFile, IReadOnlyDictionary<ILesson, ILessonLab>? labs = null, EvidenceLog? evidence = null, bool connectNow = false)
    {
        Setup = setup;
        Target = target;
        TargetFile = targetFile;
        evidence ??= setup.KeepsEvidence ? EvidenceLog.Recording(StudentRuns.SecretsOf(target, setup), setup.Options.Time) : EvidenceLog.Off;
        Session = new LabSession(target, setup.Options, evidence);
        _labs = new LabStages(labs ?? new Dictionary<ILesson, ILessonLab>(), Session);
        StartedAt = Options.Time.GetTimestamp();
        StartedAtUtc = Options.Time.GetUtcNow();
        if (connectNow)
        {
            Session.Prefetch();
            foreach (var lesson in setup.Catalog.Lessons.Where(l => l.Describes(target)))
            {
                lesson.Prefetch(Session);
            }
        }

        Text = setup.Catalog.TextFor(target);
        _ahead = new JudgedAhead(setup.Catalog, Session, Text, setup.Rubric);
        // The embedded default and a re-judge start with nothing kept; a student's folder keeps its record.
        Timeline = _labs.Any || evidence.Replays
            ? StudentTimeline.Fresh(setup.Final, setup.RunLabel)
            : StudentTimeline.Open(Folder, setup.Final, setup.RunLabel);
        Archive = new EvidenceArchive(Folder, StartedAtUtc, setup.EvidenceRunsKept);
        _reports = new RunReports(final => RunSnapshot.Take(this, final), Options.Time, Options.ReportInterval);
    }

    /// <summary>The student id of the embedded default in results.</summary>
    public const string EmbeddedStudent = "embedded-reference-lab";

    /// <summary>The student's results folder.</summary>
    public string Folder => Path.Combine(Setup.ResultsRoot, ResultsFolders.SafeName(Target.Student));

    /// <summary>The student's verdicts kept at their stages, "not yet" and the final run's rule.</summary>
    public StudentTimeline Timeline { get; }

    /// <summary>The lessons, rubric, overrides and bounds of this run.</summary>
    public GradingSetup Setup { get; }

    /// <summary>The lessons known to this run.</summary>
    public LessonCatalog Catalog => Setup.Catalog;

    /// <summary>The rubric (OMISTACK_RUBRIC or runsettings 'rubric'; else the lessons' tables).</summary>
    public Rubric Rubric => Setup.Rubric;

    /// <summary>Bounds of this run.</summary>
    public GradingOptions Options => Setup.Options;

    /// <summary>Why this student's entry cannot be graded (a bad roster entry): every check is inconclusive with it.</summary>
    public string? EntryError { get; internal init; }

    /// <summary>What is graded.</summary>
    public Target Target { get; }

    /// <summary>The target file, or null for the embedded lab or a roster.</summary>
    public string? TargetFile { get; }

    /// <summary>Connections and gathered state.</summary>
    public LabSession Session { get; }

    /// <summary>Placeholder values for check texts.</summary>
    public CheckContextText Text { get; }

    /// <summary>Outcomes judged so far.</summary>
    public IReadOnlyList<CheckOutcome> Outcomes => _ledger.Outcomes;

    /// <summary>The evidence file a re-judge answers from (null for a live run).</summary>
    public string? EvidenceSource { get; internal init; }

    /// <summary>What the student's own runs handed in gave (null where none were handed in or the run has not read them).</summary>
    public HandedInRuns.Result? HandedIn { get; internal set; }

    /// <summary>Per lesson id, the stage its lab has reached and how that was told, as last seen.</summary>
    public IReadOnlyDictionary<string, string> Reached => _ledger.Reached;

    /// <summary>Why the run is incomplete so far (a stage that could not be reached, the run deadline).</summary>
    public IReadOnlyList<string> Interruptions => _ledger.Interruptions;

    /// <summary>True once the run deadline (OMISTACK_RUN_SECONDS, default 30 minutes) has passed.</summary>
    public bool PastDeadline => Options.Time.GetElapsedTime(StartedAt) > RunDeadline;

    /// <summary>The whole run's bound.</summary>
    public TimeSpan RunDeadline => Options.RunTimeout;

    /// <summary>The report last written.</summary>
    public Reports.Model.GradeReport? LastReport => _reports.Last;

    /// <summary>The checks this run grades, for its reports.</summary>
    public IReadOnlyList<Check> GradedChecks => [.. Catalog.Lessons.Where(Grades).SelectMany(Catalog.ChecksOf)];

    internal long StartedAt { get; }

    internal DateTimeOffset StartedAtUtc { get; }

    /// <summary>Where this run's evidence is kept among the student's earlier runs'.</summary>
    internal EvidenceArchive Archive { get; }

    /// <summary>Whether the reports start afresh (a re-judge's are its evidence's alone), not merged with the student's record.</summary>
    internal bool Afresh { get; init; }

    /// <summary>Whether the student's record is written (not for the embedded default's labs or an unusable entry).</summary>
    internal bool KeepsTimeline => !_labs.Any && EntryError is null;

    /// <summary>Per check the lab is past, what the run said.</summary>
    internal IReadOnlyDictionary<string, string> PastStage => _ledger.PastStage;

    /// <summary>The lines every report of this run adds (<see cref="Note"/>).</summary>
    internal IReadOnlyList<string> Notes => _ledger.Notes;

    /// <summary>
    /// Whether this run grades a lesson (the target describes it; a roster entry that cannot be used
    /// is graded on everything, each check inconclusive naming why).
    /// </summary>
    public bool Grades(ILesson lesson) => EntryError is not null || lesson.Describes(Target);

    /// <summary>
    /// Brings the embedded lab of <paramref name="lesson"/> to <paramref name="stage"/> (the lesson's own
    /// steps) and forgets gathered state; a no-op for a target file, which is graded as it stands.
    /// </summary>
    public Task ReachAsync(ILesson lesson, string stage, CancellationToken cancellationToken = default) => _labs.ReachAsync(lesson, stage, cancellationToken);

    /// <summary>Notes that the run was cut short, and why.</summary>
    public void Interrupt(string reason) => _ledger.Interrupt(reason);

    /// <summary>
    /// Writes the student's reports (results.json with the student's record of earlier runs, report.md, report.html,
    /// junit.xml, evidence). Written after every check with <paramref name="final"/> false, so a run killed midway leaves
    /// reports that say they are incomplete; once more at the end. Returns the student's folder.
    /// </summary>
    public string WriteReports(bool final) => _reports.Write(final);

    /// <summary>Adds a line every report of this run says about how the grade was taken (kept verdicts re-derived, say).</summary>
    public void Note(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _ledger.Note(line);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Reports still being written in the background finish first: nothing writes into the
        // student's folder once the run is gone (a caller may remove or read it right after).
        await _reports.QueuedWritesDone(hurry: true).ConfigureAwait(false);
        await _ahead.StopAsync().ConfigureAwait(false);
        await Session.DisposeAsync().ConfigureAwait(false);
        await _labs.DisposeAsync().ConfigureAwait(false);
    }
}
