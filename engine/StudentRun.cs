using System.Collections.Concurrent;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// One student's grading in a `dotnet test checks` run: the target, its session, and the outcomes so
/// far. Either a target file (a student's VMs) or the embedded default: each lesson's own local lab,
/// brought to each stage by the lesson's own steps as the checks reach for it.
/// </summary>
public sealed partial class StudentRun : IAsyncDisposable
{
    // The latest outcome per check, in the order first judged: a run that grades again (watch, re-judging an
    // embedded lab's epochs) keeps one outcome per check rather than a list that grows each round.
    private readonly ConcurrentDictionary<string, (long Order, CheckOutcome Outcome)> _outcomes = new(StringComparer.Ordinal);
    private long _judged;
    private readonly IReadOnlyDictionary<ILesson, ILessonLab> _labs;
    private readonly SemaphoreSlim _stageGate = new(1, 1);
    private readonly ConcurrentQueue<string> _interruptions = new();
    private readonly ConcurrentDictionary<string, string> _pastStage = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _reached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CheckOutcome>> _ahead = new(StringComparer.Ordinal);
    private readonly RunReports _reports;

    // connectNow: a target as it stands starts connecting here, before the rest of the run is made (its folder's
    // record read, its reports), so the handshakes overlap that work; an embedded lab changes under its run, and a
    // re-judge has no network.
    private StudentRun(GradingSetup setup, Target target, string? targetFile, IReadOnlyDictionary<ILesson, ILessonLab>? labs = null, EvidenceLog? evidence = null, bool connectNow = false)
    {
        Setup = setup;
        Target = target;
        TargetFile = targetFile;
        _labs = labs ?? new Dictionary<ILesson, ILessonLab>();
        evidence ??= setup.KeepsEvidence ? EvidenceLog.Recording([.. SecretsOf(target, setup), .. setup.Catalog.SecretsOf(target, setup.Variables)], setup.Options.Time) : EvidenceLog.Off;
        Session = new LabSession(target, setup.Options, evidence);
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
        // The embedded default and a re-judge start with nothing kept; a student's folder keeps its record.
        Timeline = labs is { Count: > 0 } || evidence.Replays
            ? StudentTimeline.Fresh(setup.Final, setup.RunLabel)
            : StudentTimeline.Open(Folder, setup.Final, setup.RunLabel);
        Archive = new EvidenceArchive(Folder, StartedAtUtc, setup.EvidenceRunsKept);
        _reports = new RunReports(this);
    }

    /// <summary>The student's results folder.</summary>
    public string Folder => Path.Combine(Setup.ResultsRoot, ResultsFolders.SafeName(Target.Student));

    /// <summary>The student's verdicts kept at their stages, "not yet" and the final run's rule.</summary>
    public StudentTimeline Timeline { get; }

    /// <summary>Where this run's evidence is kept among the student's earlier runs'.</summary>
    internal EvidenceArchive Archive { get; }

    /// <summary>The student id of the embedded default in results.</summary>
    public const string EmbeddedStudent = "embedded-reference-lab";

    /// <summary>The lessons, rubric, overrides and bounds of this run.</summary>
    public GradingSetup Setup { get; }

    /// <summary>The lessons known to this run.</summary>
    public LessonCatalog Catalog => Setup.Catalog;

    /// <summary>The rubric (OMISTACK_RUBRIC or runsettings 'rubric'; else the lessons' tables).</summary>
    public Rubric Rubric => Setup.Rubric;

    /// <summary>Bounds of this run.</summary>
    public GradingOptions Options => Setup.Options;

    /// <summary>Why this student's entry cannot be graded (a bad roster entry): every check is inconclusive with it.</summary>
    public string? EntryError { get; private init; }

    /// <summary>What is graded.</summary>
    public Target Target { get; }

    /// <summary>The target file, or null for the embedded lab or a roster.</summary>
    public string? TargetFile { get; }

    /// <summary>Connections and gathered state.</summary>
    public LabSession Session { get; }

    /// <summary>Placeholder values for check texts.</summary>
    public CheckContextText Text { get; }

    /// <summary>Outcomes judged so far.</summary>
    public IReadOnlyList<CheckOutcome> Outcomes => [.. _outcomes.Values.OrderBy(o => o.Order).Select(o => o.Outcome)];

    internal long StartedAt { get; }

    internal DateTimeOffset StartedAtUtc { get; }

    /// <summary>The evidence file a re-judge answers from (null for a live run).</summary>
    public string? EvidenceSource { get; private init; }

    /// <summary>Whether the reports start afresh (a re-judge's are its evidence's alone), not merged with the folder's earlier results.</summary>
    internal bool Afresh { get; private init; }

    /// <summary>Whether the student's kept verdicts are written (not for the embedded default's labs or an unusable entry).</summary>
    internal bool KeepsTimeline => _labs.Count == 0 && EntryError is null;

    /// <summary>Per check the lab is past, what the run said (the reports' "past stage" notes).</summary>
    internal IReadOnlyDictionary<string, string> PastStage => new Dictionary<string, string>(_pastStage, StringComparer.Ordinal);

    /// <summary>The secrets of a run, never written to its evidence: the Rancher secret key, SSH passphrases (the target's and the run's, and the instructor's variables for them).</summary>
    private static IEnumerable<string> SecretsOf(Target target, GradingSetup setup) =>
        new[]
        {
            target.Rancher?.SecretKey,
            target.Ssh.Passphrase,
            setup.Options.SshPassphrase,
            setup.Variables("RANCHER_SECRET_KEY"),
            setup.Variables("OMISTACK_SSH_PASSPHRASE"),
            setup.Variables("SSH_KEY_PASSPHRASE"),
        }.OfType<string>().Where(s => s.Length > 0);

    /// <summary>
    /// Whether this run grades a lesson (the target describes it; a roster entry that cannot be used
    /// is graded on everything, each check inconclusive naming why).
    /// </summary>
    public bool Grades(ILesson lesson) => EntryError is not null || lesson.Describes(Target);

    /// <summary>The checks this run grades, for its reports.</summary>
    public IReadOnlyList<Check> GradedChecks => [.. Catalog.Lessons.Where(Grades).SelectMany(Catalog.ChecksOf)];

    /// <summary>
    /// Brings the embedded lab of <paramref name="lesson"/> to <paramref name="stage"/> (the lesson's own
    /// steps) and forgets gathered state; a no-op for a target file, which is graded as it stands.
    /// </summary>
    public async Task ReachAsync(ILesson lesson, string stage, CancellationToken cancellationToken = default)
    {
        if (!_labs.TryGetValue(lesson, out var lab))
        {
            return;
        }

        await _stageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await lab.ReachAsync(stage, cancellationToken).ConfigureAwait(false))
            {
                Session.Invalidate();
            }
        }
        finally
        {
            _stageGate.Release();
        }
    }

    /// <summary>
    /// Judges one check, records the outcome (the instructor's override applied), notes the stage the
    /// lesson's lab has reached, and rewrites the reports. A check the lab is past (<see cref="Verdict.PastStage"/>)
    /// is not recorded as judged: it keeps the verdict of the run at its stage.
    /// </summary>
    public async Task<CheckOutcome> RunAsync(string id, CancellationToken cancellationToken = default)
    {
        var check = Catalog.Check(id);
        if (check.DisturbsTheLab)
        {
            // What the other checks of its lesson look at must be read before the probe disturbs it.
            var itsLesson = Catalog.LessonOf(id);
            await Task.WhenAll(_ahead.Where(a => Catalog.LessonOf(a.Key) == itsLesson).Select(a => a.Value.ContinueWith(static _ => { }, TaskScheduler.Default))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var outcome = EntryError is { } error
            ? CheckOutcome.From(Rubric.Apply(check.Definition), Judgement.Inconclusive($"the roster entry cannot be used: {error}"), Text, TimeSpan.Zero, Options.Time.GetUtcNow())
            : _ahead.TryRemove(id, out var judging)
                ? await judging.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await Grader.RunAsync(check, Session, Text, Rubric, cancellationToken).ConfigureAwait(false);
        var lesson = Catalog.LessonOf(id);
        if (EntryError is null)
        {
            var reached = await ReachedAsync(lesson, cancellationToken).ConfigureAwait(false);
            if (reached is not null)
            {
                _reached[lesson.Id] = reached.ToString();
            }

            outcome = Timeline.Judged(outcome, lesson, reached, Text, Session.Evidence.Mode == EvidenceMode.Record ? Archive.Name : null);
        }

        outcome = Setup.Overrides.Apply(Target.Student, outcome);
        if (outcome.Verdict == Verdict.PastStage)
        {
            _pastStage[id] = outcome.Message;
        }
        else
        {
            var order = Interlocked.Increment(ref _judged);
            _outcomes.AddOrUpdate(id, (order, outcome), (_, earlier) => (earlier.Order, outcome));
            _pastStage.TryRemove(id, out _);
        }

        _reports.WriteSoon();
        return outcome;
    }

    /// <summary>The stage the lesson's lab has reached, for the reports; null where it cannot be told (an error reading the lab is the checks' business, not the report's).</summary>
    private async Task<StageReached?> ReachedAsync(ILesson lesson, CancellationToken cancellationToken)
    {
        try
        {
            return await lesson.ReachedAsync(Session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts judging the other checks of <paramref name="stage"/> now, beside the one asked for, so a
    /// stage's checks wait on the network together rather than one after another (NUnit asks for them
    /// in order). Only for a lab as it stands (an embedded lab moves between stages). A check that changes
    /// the lab (registry.pull's pull) only where <paramref name="everyCheckAsked"/>: the host asks for every
    /// check of the run anyway (omistack grade, a round), so it runs exactly when it would have; NUnit may run a
    /// filtered subset, where it must run only when asked. Each is recorded only when asked for, as before.
    /// </summary>
    public void JudgeStageAhead(ILesson lesson, string stage, bool everyCheckAsked = false)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (_labs.Count > 0 || EntryError is not null)
        {
            return;
        }

        foreach (var check in Catalog.ChecksOf(lesson).Where(c => c.Definition.Stage == stage && (everyCheckAsked || !c.ChangesTheLab) && !c.DisturbsTheLab))
        {
            _ahead.GetOrAdd(check.Id, _ => Grader.RunAsync(check, Session, Text, Rubric));
        }
    }

    /// <summary>
    /// Judges every check of the lessons this run grades, a stage's checks together, and records them
    /// (watch mode: one round; the run's reports are rewritten after it).
    /// </summary>
    public async Task<IReadOnlyList<CheckOutcome>> GradeAllAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<CheckOutcome>();
        foreach (var lesson in Catalog.Lessons.Where(Grades))
        {
            foreach (var stage in lesson.Stages)
            {
                JudgeStageAhead(lesson, stage, everyCheckAsked: true);
            }

            foreach (var check in Catalog.ChecksOf(lesson))
            {
                outcomes.Add(await RunAsync(check.Id, cancellationToken).ConfigureAwait(false));
            }
        }

        return outcomes;
    }

    /// <summary>Per lesson id, the stage its lab has reached and how that was told, as last seen.</summary>
    public IReadOnlyDictionary<string, string> Reached => new Dictionary<string, string>(_reached, StringComparer.Ordinal);

    /// <summary>Why the run is incomplete so far (a stage that could not be reached, the run deadline).</summary>
    public IReadOnlyList<string> Interruptions => [.. _interruptions];

    /// <summary>Notes that the run was cut short, and why.</summary>
    public void Interrupt(string reason)
    {
        if (!_interruptions.Contains(reason))
        {
            _interruptions.Enqueue(reason);
        }
    }

    /// <summary>True once the run deadline (OMISTACK_RUN_SECONDS, default 30 minutes) has passed.</summary>
    public bool PastDeadline => Options.Time.GetElapsedTime(StartedAt) > RunDeadline;

    /// <summary>The whole run's bound.</summary>
    public TimeSpan RunDeadline => Options.RunTimeout;

    /// <summary>
    /// Writes the student's reports (results.json merged with earlier runs, report.md, report.html, junit.xml,
    /// evidence). Written after every check with <paramref name="final"/> false, so a run killed midway leaves
    /// reports that say they are incomplete; once more at the end. Returns the student's folder.
    /// </summary>
    public string WriteReports(bool final) => _reports.Write(final);

    /// <summary>Adds a line every report of this run says about how the grade was taken (kept verdicts re-derived, say).</summary>
    public void Note(string line) => _reports.Note(line);

    /// <summary>The report last written.</summary>
    public Reports.Model.GradeReport? LastReport => _reports.Last;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Reports still being written in the background finish first: nothing writes into the
        // student's folder once the run is gone (a caller may remove or read it right after).
        await _reports.QueuedWritesDone(hurry: true).ConfigureAwait(false);
        await Session.DisposeAsync().ConfigureAwait(false);
        foreach (var lab in _labs.Values)
        {
            await lab.DisposeAsync().ConfigureAwait(false);
        }

        _stageGate.Dispose();
    }
}
