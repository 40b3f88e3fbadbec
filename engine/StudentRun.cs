using System.Collections.Concurrent;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Engine;

/// <summary>
/// One student's grading in a `dotnet test checks` run: the target, its session, and the outcomes so
/// far. Either a target file (a student's VMs) or the embedded default: each lesson's own local lab,
/// brought to each stage by the lesson's own steps as the checks reach for it.
/// </summary>
public sealed class StudentRun : IAsyncDisposable
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
    private readonly Lock _writeLock = new();
    private readonly Lock _queueLock = new();
    private Task _queuedWrites = Task.CompletedTask;
    private int _writeQueued;
    private GradescopeResults? _earlier;

    private StudentRun(GradingSetup setup, Target target, string? targetFile, IReadOnlyDictionary<ILesson, ILessonLab>? labs = null, EvidenceLog? evidence = null)
    {
        Setup = setup;
        Target = target;
        TargetFile = targetFile;
        _labs = labs ?? new Dictionary<ILesson, ILessonLab>();
        evidence ??= setup.KeepsEvidence ? EvidenceLog.Recording(SecretsOf(target, setup.Options), setup.Options.Time) : EvidenceLog.Off;
        Session = new LabSession(target, setup.Options, evidence);
        Text = setup.Catalog.TextFor(target);
        StartedAt = Options.Time.GetTimestamp();
        StartedAtUtc = Options.Time.GetUtcNow();
        // The embedded default and a re-judge start with nothing kept; a student's folder keeps its record.
        Timeline = labs is { Count: > 0 } || evidence.Replays
            ? StudentTimeline.Fresh(setup.Final, setup.RunLabel)
            : StudentTimeline.Open(Folder, setup.Final, setup.RunLabel);
        Archive = new EvidenceArchive(Folder, StartedAtUtc, setup.EvidenceRunsKept);
    }

    /// <summary>The student's results folder.</summary>
    public string Folder => Path.Combine(Setup.ResultsRoot, SafeName(Target.Student));

    /// <summary>The student's verdicts kept at their stages, "not yet" and the final run's rule.</summary>
    public StudentTimeline Timeline { get; }

    /// <summary>Where this run's evidence is kept among the student's earlier runs'.</summary>
    private EvidenceArchive Archive { get; }

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

    private long StartedAt { get; }

    private DateTimeOffset StartedAtUtc { get; }

    /// <summary>The evidence file a re-judge answers from (null for a live run).</summary>
    public string? EvidenceSource { get; private init; }

    /// <summary>A roster student's run; an entry that cannot be used still gets its row, every check inconclusive naming why.</summary>
    public static StudentRun ForRosterEntry(RosterEntry entry, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(setup);
        return entry.Target is { } target
            ? Prefetched(new StudentRun(setup, target, null))
            : new StudentRun(setup, new Target { Student = entry.Student, Ssh = SshTarget.None, Nodes = [] }, null) { EntryError = entry.Error };
    }

    /// <summary>Opens a run on a target file.</summary>
    public static StudentRun ForTargetFile(string targetFile, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return Prefetched(new StudentRun(setup, TargetLoader.Load(targetFile, setup.Catalog.TargetKeys), targetFile));
    }

    /// <summary>
    /// Opens a re-judge: the run recorded in <paramref name="evidencePath"/> judged again by the current
    /// checks, rubric and overrides, every answer from the evidence and none from the network. Throws
    /// <see cref="EvidenceFileException"/> naming the file when it cannot be used.
    /// </summary>
    public static StudentRun ForEvidence(string evidencePath, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var document = EvidenceDocument.Read(evidencePath);
        var target = EvidenceTarget.FromJson(document.Target, evidencePath).ToTarget(evidencePath);
        // A re-judge's reports are this evidence's alone: never merged with what the output folder held.
        return new StudentRun(setup, target, null, null, EvidenceLog.Replaying(document)) { EvidenceSource = Path.GetFullPath(evidencePath), _earlier = GradescopeResults.Empty };
    }

    /// <summary>
    /// Opens a re-judge of a run a student handed in (already read, within bounds): as <see cref="ForEvidence"/>,
    /// but the target it names is stripped of every file (CA, answers, its folder) and lesson section, so no path
    /// in the student's file is opened, and the trust anchors are the instructor's.
    /// </summary>
    public static StudentRun ForHandedIn(EvidenceDocument document, string evidencePath, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(setup);
        var named = EvidenceTarget.FromJson(document.Target, evidencePath).ToTarget(evidencePath);
        var target = named with
        {
            Student = document.Student,
            Registry = named.Registry is { } registry ? registry with { CaFile = null } : null,
            Sections = new Dictionary<string, TargetSection>(),
            Folder = null,
            FromStudent = false,
        };
        return new StudentRun(setup, target, null, null, EvidenceLog.Replaying(document)) { EvidenceSource = evidencePath, _earlier = GradescopeResults.Empty };
    }

    /// <summary>
    /// Re-judging: judges every check the recorded run judged, in its order, each against the lab as the
    /// evidence has it at that check (an embedded lab moved between stages); then writes the reports.
    /// A check that is no longer in the lessons is skipped; one the recorded run did not judge stays "not run".
    /// </summary>
    public async Task RejudgeAsync(CancellationToken cancellationToken = default)
    {
        var source = Session.Evidence.Source ?? throw new InvalidOperationException("This run does not answer from evidence.");
        var known = Catalog.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var recorded in source.Checks.DistinctBy(c => c.Id).Where(c => known.Contains(c.Id)))
        {
            Session.ReplayEpoch(recorded.Epoch);
            await RunAsync(recorded.Id, cancellationToken).ConfigureAwait(false);
        }

        WriteReports(final: true);
    }

    /// <summary>The secrets of a run, never written to its evidence: the Rancher secret key, SSH passphrases (the target's and the run's).</summary>
    private static IEnumerable<string> SecretsOf(Target target, GradingOptions options) =>
        new[]
        {
            target.Rancher?.SecretKey,
            target.Ssh.Passphrase,
            options.SshPassphrase,
            Environment.GetEnvironmentVariable("RANCHER_SECRET_KEY"),
            Environment.GetEnvironmentVariable("OMISTACK_SSH_PASSPHRASE"),
            Environment.GetEnvironmentVariable("SSH_KEY_PASSPHRASE"),
        }.OfType<string>().Where(s => s.Length > 0);

    /// <summary>What the student's own runs handed in gave (null where none were handed in or the run has not read them).</summary>
    public HandedInRuns.Result? HandedIn { get; private set; }

    /// <summary>
    /// Reads the student's own runs handed in with their target (runs/ beside it), if any: after reading the live
    /// lab's environment (the connect's docker info, the swarm), each run is re-judged and compared with it, and the
    /// verdicts it judged at their stage are kept (<see cref="HandedInRuns"/>); a run recorded after the deadline
    /// (OMISTACK_HANDIN_DEADLINE, else this run's start) is refused.
    /// </summary>
    public async Task AcceptHandedInAsync(CancellationToken cancellationToken = default)
    {
        if (EntryError is not null || Session.Evidence.Replays || HandedInRuns.FolderOf(Target) is not { } folder)
        {
            return;
        }

        // Every node's engine id (each node's connect) and the swarm's and Rancher's ids (each lesson's stage).
        await Session.AllNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var lesson in Catalog.Lessons.Where(Grades))
        {
            await ReachedAsync(lesson, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            HandedIn = await HandedInRuns.JudgeAsync(folder, Target.Student, Setup, Session.EnvironmentSeen, Setup.Deadline ?? StartedAtUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            HandedIn = new HandedInRuns.Result([], [], [new HandedInRuns.Refusal(HandedInRuns.FolderName, $"the hand-in could not be read: {ex.Message}")]);
        }

        foreach (var (check, verdict) in HandedIn.Kept)
        {
            Timeline.Keep(check, verdict);
        }
    }

    /// <summary>A run on a target as it stands starts connecting at once (the embedded lab changes under it, so it does not).</summary>
    private static StudentRun Prefetched(StudentRun run)
    {
        run.Session.Prefetch();
        return run;
    }

    /// <summary>Opens a run on a target already read (tests, benchmarks).</summary>
    public static StudentRun ForTarget(Target target, GradingSetup setup) => new(setup, target, null);

    /// <summary>
    /// Opens the embedded default: every lesson's own lab (of <paramref name="labs"/>), started in parallel, the
    /// target made of what each provides. Graded afresh each time (no merge with earlier labs' results).
    /// </summary>
    public static async Task<StudentRun> StartEmbeddedAsync(GradingSetup setup, IReadOnlyList<EmbeddedLab> labs, string resultsRoot, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(labs);
        ArgumentNullException.ThrowIfNull(progress);
        progress.WriteLine("omistack: no target (OMISTACK_TARGET, runsettings 'target', ./omistack.yaml): grading the embedded default, a local lab with the reference solution applied stage by stage.");
        var results = Path.Combine(resultsRoot, EmbeddedStudent, "results.json");
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        var starting = setup.Catalog.Lessons
            .Select(lesson => (Lesson: lesson, Start: labs.FirstOrDefault(l => l.Lesson == lesson.Id)))
            .Where(s => s.Start is not null)
            .Select(s => (s.Lesson, Lab: s.Start!.StartAsync(progress, cancellationToken)))
            .ToList();
        try
        {
            await Task.WhenAll(starting.Select(s => s.Lab)).ConfigureAwait(false);
        }
        catch
        {
            // Each start removes what it made when it fails itself; the labs that did start go here.
            foreach (var (_, lab) in starting.Where(s => s.Lab.IsCompletedSuccessfully))
            {
                await lab.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        var started = starting.ToDictionary(s => s.Lesson, s => s.Lab.Result);
        var target = started.Values.Aggregate(new Target { Student = EmbeddedStudent, Ssh = SshTarget.None, Nodes = [] }, (t, lab) => lab.Provide(t));
        return new StudentRun(setup, target, null, started);
    }

    /// <summary>
    /// Whether this run grades a lesson (the target describes it; a roster entry that cannot be used
    /// is graded on everything, each check inconclusive naming why).
    /// </summary>
    public bool Grades(ILesson lesson) => EntryError is not null || lesson.Describes(Target);

    /// <summary>The checks this run grades, for its reports.</summary>
    public IReadOnlyList<Check> GradedChecks => [.. Catalog.Lessons.Where(Grades).SelectMany(l => l.Checks)];

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

        WriteReportsSoon();
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
    /// in order). Only for a lab as it stands (an embedded lab moves between stages), and never a check
    /// that changes the lab. Each is recorded only when NUnit asks for it, as before.
    /// </summary>
    public void JudgeStageAhead(ILesson lesson, string stage)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (_labs.Count > 0 || EntryError is not null)
        {
            return;
        }

        foreach (var check in lesson.Checks.Where(c => c.Definition.Stage == stage && !c.ChangesTheLab))
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
                JudgeStageAhead(lesson, stage);
            }

            foreach (var check in lesson.Checks)
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
    /// Writes the student's reports (results.json merged with earlier runs, report.md, report.html,
    /// junit.xml). Written after every check with <paramref name="final"/> false, so a run killed
    /// midway leaves reports that say they are incomplete; once more at the end.
    /// </summary>
    public string WriteReports(bool final)
    {
        if (final)
        {
            // The last word: after every write queued by the checks, never overwritten by one of them.
            QueuedWritesDone().GetAwaiter().GetResult();
        }

        lock (_writeLock)
        {
            var folder = Folder;
            var path = Path.Combine(folder, "results.json");
            var catalog = GradedChecks.Select(c => c.Definition).ToList();
            _earlier ??= GradescopeResults.TryRead(path) ?? (GradescopeResults?)GradescopeResults.Empty;
            var outcomes = Outcomes;
            var elapsed = Options.Time.GetElapsedTime(StartedAt);
            var interruptions = Interruptions;
            var incomplete = interruptions.Count > 0
                ? string.Join("; ", interruptions)
                : final ? null : $"the run was still going ({outcomes.Count} checks judged so far)";
            var evidence = WriteEvidence(folder, final);
            if (_labs.Count == 0 && EntryError is null)
            {
                Timeline.Write(folder);
            }

            var rejudged = RejudgedFrom;
            var notes = new Reports.Model.RunNotes(new Dictionary<string, string>(_reached), new Dictionary<string, string>(_pastStage)) { Warnings = rejudged is null ? Warnings : [.. Warnings, rejudged] };
            var results = GradescopeResults.Build(catalog, outcomes, Text, _earlier, elapsed, notes);
            var report = Reports.Model.GradeReport.Build(Target.Student, catalog, outcomes, Text, Rubric, Options.Time.GetUtcNow(), elapsed, incomplete, _earlier?.AsEarlierChecks(catalog), notes) with
            {
                Evidence = evidence is null ? new Dictionary<string, IReadOnlyList<Reports.Model.ReportEvidence>>() : RunEvidence.ForReport(evidence, catalog.Select(c => c.Id)),
            };
            Reports.ReportWriter.Write(folder, report, results with { ExtraData = new GradescopeRunExtra(Target.Student) { Environment = Session.EnvironmentSeen is { Count: > 0 } seen ? seen : null, RejudgedFrom = rejudged, HandedIn = HandedIn?.Note } }, appendStepSummary: final && !Options.ManyStudents);
            LastReport = report;
            return folder;
        }
    }

    /// <summary>
    /// Recording: writes evidence.json into <paramref name="folder"/> and returns it. Re-judging: the evidence
    /// replayed (never rewritten). Null when the run keeps none.
    /// </summary>
    private EvidenceDocument? WriteEvidence(string folder, bool final)
    {
        var log = Session.Evidence;
        if (log.Replays)
        {
            return log.Source;
        }

        if (log.Mode != EvidenceMode.Record)
        {
            return null;
        }

        var document = RunEvidence.Document(log, Target, StartedAtUtc, Options.Time.GetUtcNow());
        Directory.CreateDirectory(folder);
        document.Write(Path.Combine(folder, EvidenceDocument.FileName));
        if (final)
        {
            // Each run's evidence is kept (bounded), so a verdict kept from this run keeps its evidence.
            Archive.Keep(Path.Combine(folder, EvidenceDocument.FileName), Timeline.Kept.Values.Select(k => k.Evidence));
        }

        return document;
    }

    /// <summary>The reports' line on a re-judge: when, from which evidence, recorded when and by what.</summary>
    private string? RejudgedFrom => EvidenceSource is { } path && Session.Evidence.Source is { } source
        ? $"Re-judged on {Options.Time.GetUtcNow():yyyy-MM-dd HH:mm} UTC from the evidence {path} (recorded {source.StartedAt:yyyy-MM-dd HH:mm} UTC by {source.Harness}), with the current checks and rubric; no lab was reached."
        : null;

    /// <summary>
    /// Rewrites the reports right after a check, in the background, so the next check need not wait for
    /// four files to be rendered; writes queued while one is waiting are one write.
    /// </summary>
    private void WriteReportsSoon()
    {
        if (Interlocked.Exchange(ref _writeQueued, 1) == 1)
        {
            return; // a write is queued, and it will include this outcome
        }

        lock (_queueLock)
        {
            _queuedWrites = _queuedWrites.ContinueWith(
                _ =>
                {
                    Interlocked.Exchange(ref _writeQueued, 0);
                    try
                    {
                        WriteReports(final: false);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The next write (at the latest the final one, which throws) tries again.
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
    }

    /// <summary>Completes when every report write queued so far has ended (a failed one included: the next write reports it).</summary>
    private Task QueuedWritesDone()
    {
        lock (_queueLock)
        {
            return _queuedWrites.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>What the reports must say about how this grade was taken.</summary>
    private IReadOnlyList<string> Warnings =>
    [
        .. Target.Nodes.Count > 0 && (Options.HostKeys ?? Target.Ssh.HostKeys) == "insecure"
            ? ["Host keys were not checked (hostKeys: insecure): the machines that answered are not proven to be the student's VMs."]
            : Array.Empty<string>(),
        .. HandedIn?.Note is { } note ? [note] : Array.Empty<string>(),
        .. _notes,
    ];

    private readonly ConcurrentQueue<string> _notes = new();

    /// <summary>Adds a line every report of this run says about how the grade was taken (kept verdicts re-derived, say).</summary>
    public void Note(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _notes.Enqueue(line);
    }

    /// <summary>The report last written.</summary>
    public Reports.Model.GradeReport? LastReport { get; private set; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Reports still being written in the background finish first: nothing writes into the
        // student's folder once the run is gone (a caller may remove or read it right after).
        await QueuedWritesDone().ConfigureAwait(false);
        await Session.DisposeAsync().ConfigureAwait(false);
        foreach (var lab in _labs.Values)
        {
            await lab.DisposeAsync().ConfigureAwait(false);
        }

        _stageGate.Dispose();
    }

    /// <summary>
    /// A student id as a results folder name, one folder per id: an id of letters, digits, '-', '_'
    /// and inner '.' (at most 64 characters) is its own name; any other id gets a readable part and a
    /// hash of the whole id ("José" → "Jos_-1f3a…", "李" → "student-…"), so two ids never share a
    /// folder and no name is too long for the file system. The id itself is in results.json.
    /// </summary>
    public static string SafeName(string student)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (student.Length is > 0 and <= 64 && student.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && student[0] != '.' && student[^1] != '.')
        {
            return student;
        }

        var readable = new string([.. student.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]).Trim('_');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(student)))[..10];
        return $"{(readable.Length == 0 ? "student" : readable)}-{hash}";
    }
}
