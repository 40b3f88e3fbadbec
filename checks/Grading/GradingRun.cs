using System.Collections.Concurrent;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Rancher;
using OmiStack.Fixtures.Swarm;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Grading;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Checks.Grading;

/// <summary>
/// One `dotnet test checks` run: the target, its session, and the outcomes so far. Either a target
/// file (a student's VMs) or the embedded default: a local lab on which the reference solution is
/// applied stage by stage, each stage graded at its point.
/// </summary>
public sealed class GradingRun : IAsyncDisposable
{
    private readonly ConcurrentQueue<CheckOutcome> _outcomes = new();
    private readonly SwarmLab? _lab;
    private RancherDoubleLab? _rancherLab;
    private readonly Lesson1Reference? _reference;
    private readonly SemaphoreSlim _stageGate = new(1, 1);
    private readonly ConcurrentQueue<string> _interruptions = new();
    private readonly Lock _writeLock = new();
    private GradescopeResults? _earlier;

    private GradingRun(Target target, string? targetFile, SwarmLab? lab, Lesson1Reference? reference)
    {
        Target = target;
        TargetFile = targetFile;
        _lab = lab;
        _reference = reference;
        Options = GradingOptions.FromEnvironment();
        Session = new LabSession(target, Options);
        Text = Catalog.TextFor(target);
        StartedAt = Options.Time.GetTimestamp();
    }

    /// <summary>The student id of the embedded default in results.</summary>
    public const string EmbeddedStudent = "embedded-reference-lab";

    /// <summary>Why this student's entry cannot be graded (a bad roster entry): every check is inconclusive with it.</summary>
    public string? EntryError { get; private init; }

    /// <summary>A roster student's run; an entry that cannot be used still gets its row, every check inconclusive naming why.</summary>
    public static GradingRun ForRosterEntry(Harness.Targets.RosterEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rubric = LoadRubric();
        if (entry.Target is { } target)
        {
            return new GradingRun(target, null, null, null) { Rubric = rubric };
        }

        var placeholder = new Target { Student = entry.Student, Ssh = new SshTarget { User = "-", IdentityFile = "-" }, Nodes = [] };
        return new GradingRun(placeholder, null, null, null) { Rubric = rubric, EntryError = entry.Error };
    }

    /// <summary>What is graded.</summary>
    public Target Target { get; }

    /// <summary>
    /// Whether this run grades a lesson (the target describes it; a roster entry that cannot be used
    /// is graded on everything, each check inconclusive naming why).
    /// </summary>
    public bool Grades(string lesson) => EntryError is not null || Catalog.Describes(Target, lesson);

    /// <summary>The checks this run grades, for its reports.</summary>
    public IReadOnlyList<Check> GradedChecks => [.. Catalog.All.Where(c => Grades(c.Definition.Lesson))];

    /// <summary>The target file, or null for the embedded lab.</summary>
    public string? TargetFile { get; }

    /// <summary>Bounds of this run.</summary>
    public GradingOptions Options { get; }

    /// <summary>Connections and gathered state.</summary>
    public LabSession Session { get; }

    /// <summary>Placeholder values for check texts.</summary>
    public CheckContextText Text { get; }

    /// <summary>Outcomes judged so far.</summary>
    public IReadOnlyList<CheckOutcome> Outcomes => [.. _outcomes];

    private long StartedAt { get; }

    /// <summary>Opens a run on a target file, or on a fresh lab when <paramref name="targetFile"/> is null.</summary>
    public static async Task<GradingRun> StartAsync(string? targetFile, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var rubric = LoadRubric();
        if (targetFile is not null)
        {
            return new GradingRun(TargetLoader.Load(targetFile), targetFile, null, null) { Rubric = rubric };
        }

        progress.WriteLine("omistack: no target (OMISTACK_TARGET, runsettings 'target', ./omistack.yaml): grading the embedded default, a local lab with the reference solution applied stage by stage.");

        // One stable id for the embedded default, graded afresh each time (no merge with earlier labs).
        var results = Path.Combine(TargetSelection.ResultsRoot(), EmbeddedStudent, "results.json");
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        // Lesson 1: a bare lab the reference solution is applied to stage by stage. Lesson 2: a
        // RancherDoubleLab (its own nodes, the Rancher API double, real balancers) in the reference state.
        var lab = new SwarmLabBuilder().WithState(SwarmState.Bare).WithProgress(progress).Build();
        var starting = lab.StartAsync(cancellationToken);
        var rancherStarting = RancherDoubleLab.StartAsync(progress, cancellationToken);
        try
        {
            await Task.WhenAll(starting, rancherStarting).ConfigureAwait(false);
            var rancher = rancherStarting.Result;
            var reference = new Lesson1Reference(lab); // writes the lab CA: the target's caFile
            var target = lab.Target with { Student = EmbeddedStudent, Rancher = rancher.Target.Rancher };
            return new GradingRun(target, null, lab, reference) { Rubric = rubric, _rancherLab = rancher };
        }
        catch
        {
            // Each start removes what it made when it fails itself; a lab that did start goes here.
            if (rancherStarting.IsCompletedSuccessfully)
            {
                await rancherStarting.Result.DisposeAsync().ConfigureAwait(false);
            }

            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Brings the embedded lab to a stage (the reference solution's steps) and forgets gathered
    /// state; a no-op for a target file, which is graded as it stands.
    /// </summary>
    public async Task ReachAsync(Lesson1Stage stage, CancellationToken cancellationToken = default)
    {
        if (_reference is null)
        {
            return;
        }

        await _stageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_reference.Reached < stage)
            {
                await _reference.ReachAsync(stage, cancellationToken).ConfigureAwait(false);
                Session.Invalidate();
            }
        }
        finally
        {
            _stageGate.Release();
        }
    }

    /// <summary>The rubric (OMISTACK_RUBRIC or runsettings 'rubric'; else the lessons' tables).</summary>
    public Rubric Rubric { get; private init; } = Rubric.Default;

    /// <summary>Judges one check, records the outcome, and rewrites the reports.</summary>
    public async Task<CheckOutcome> RunAsync(string id, CancellationToken cancellationToken = default)
    {
        var outcome = EntryError is { } error
            ? CheckOutcome.From(Rubric.Apply(Catalog.ById(id).Definition), Judgement.Inconclusive($"the roster entry cannot be used: {error}"), Text, TimeSpan.Zero, Options.Time.GetUtcNow())
            : id.StartsWith("questions.", StringComparison.Ordinal)
                ? JudgeQuestion(id)
                : await Grader.RunAsync(Catalog.ById(id), Session, Text, Rubric, cancellationToken).ConfigureAwait(false);
        _outcomes.Enqueue(outcome);
        WriteReports(final: false);
        return outcome;
    }

    private CheckOutcome JudgeQuestion(string id)
    {
        var (judgement, reviewed) = Questions.QuestionChecks.Judge(id, Target.Student, _lab is not null);
        return Questions.QuestionChecks.Score(Catalog.ById(id).Definition, judgement, reviewed, Text, Rubric, Options.Time.GetUtcNow());
    }

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
    public TimeSpan RunDeadline { get; } = double.TryParse(Environment.GetEnvironmentVariable("OMISTACK_RUN_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
        ? TimeSpan.FromSeconds(s)
        : TimeSpan.FromMinutes(30);

    /// <summary>
    /// Writes the student's reports (results.json merged with earlier runs, report.md, report.html,
    /// junit.xml). Written after every check with <paramref name="final"/> false, so a run killed
    /// midway leaves reports that say they are incomplete; once more at the end.
    /// </summary>
    public string WriteReports(bool final)
    {
        lock (_writeLock)
        {
            var folder = Path.Combine(TargetSelection.ResultsRoot(), SafeName(Target.Student));
            var path = Path.Combine(folder, "results.json");
            var catalog = GradedChecks.Select(c => c.Definition).ToList();
            _earlier ??= GradescopeResults.TryRead(path) ?? (GradescopeResults?)GradescopeResults.Empty;
            var outcomes = Outcomes;
            var elapsed = Options.Time.GetElapsedTime(StartedAt);
            var interruptions = Interruptions;
            var incomplete = interruptions.Count > 0
                ? string.Join("; ", interruptions)
                : final ? null : $"the run was still going ({outcomes.Count} checks judged so far)";
            var results = GradescopeResults.Build(catalog, outcomes, Text, _earlier, elapsed);
            var report = Reports.Model.GradeReport.Build(Target.Student, catalog, outcomes, Text, Rubric, Options.Time.GetUtcNow(), elapsed, incomplete, _earlier?.AsEarlierChecks(catalog));
            Reports.ReportWriter.Write(folder, report, results, appendStepSummary: final);
            LastReport = report;
            return folder;
        }
    }

    /// <summary>The report last written.</summary>
    public Reports.Model.GradeReport? LastReport { get; private set; }

    /// <summary>The rubric named by OMISTACK_RUBRIC or runsettings 'rubric', checked against every lesson's checks.</summary>
    public static Rubric LoadRubric()
    {
        var path = RunSettings.Get("OMISTACK_RUBRIC", "rubric");
        if (string.IsNullOrWhiteSpace(path))
        {
            return Rubric.Default;
        }

        return Rubric.Load(
            RunSettings.FullPath(path),
            [.. Catalog.All.Select(c => c.Id)],
            [.. Catalog.All.Select(c => c.Definition.Lesson).Distinct()]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync().ConfigureAwait(false);
        _reference?.Dispose();
        if (_rancherLab is not null)
        {
            await _rancherLab.DisposeAsync().ConfigureAwait(false);
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync().ConfigureAwait(false);
        }

        _stageGate.Dispose();
    }

    /// <summary>A student id as a folder name: letters, digits, '-', '_' and '.' only.</summary>
    public static string SafeName(string student)
    {
        ArgumentNullException.ThrowIfNull(student);
        var safe = new string([.. student.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Trim('.');
        return safe.Length == 0 ? "student" : safe;
    }
}
