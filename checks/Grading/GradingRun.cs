using System.Collections.Concurrent;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Swarm;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
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
    private readonly Lesson1Reference? _reference;
    private readonly SemaphoreSlim _stageGate = new(1, 1);

    private GradingRun(Target target, string? targetFile, SwarmLab? lab, Lesson1Reference? reference)
    {
        Target = target;
        TargetFile = targetFile;
        _lab = lab;
        _reference = reference;
        Options = GradingOptions.FromEnvironment();
        Session = new LabSession(target, Options);
        Text = Lesson1.Lesson1Checks.TextFor(target);
        StartedAt = Options.Time.GetTimestamp();
    }

    /// <summary>The student id of the embedded default in results.</summary>
    public const string EmbeddedStudent = "embedded-reference-lab";

    /// <summary>The run of this test session (set by the assembly's set-up fixture).</summary>
    public static GradingRun? Current { get; internal set; }

    /// <summary>Why the run could not start (a bad target file, no engine for the lab), if it could not.</summary>
    public static string? StartError { get; internal set; }

    /// <summary>What is graded.</summary>
    public Target Target { get; }

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
        if (targetFile is not null)
        {
            return new GradingRun(TargetLoader.Load(targetFile), targetFile, null, null);
        }

        progress.WriteLine("omistack: no target (OMISTACK_TARGET, runsettings 'target', ./omistack.yaml): grading the embedded default, a local lab with the reference solution applied stage by stage.");

        // One stable id for the embedded default, graded afresh each time (no merge with earlier labs).
        var results = Path.Combine(TargetSelection.ResultsRoot(), EmbeddedStudent, "results.json");
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        var lab = new SwarmLabBuilder().WithState(SwarmState.Bare).WithProgress(progress).Build();
        await lab.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reference = new Lesson1Reference(lab); // writes the lab CA: the target's caFile
            return new GradingRun(lab.Target with { Student = EmbeddedStudent }, null, lab, reference);
        }
        catch
        {
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

    /// <summary>Judges one check and records the outcome.</summary>
    public async Task<CheckOutcome> RunAsync(string id, CancellationToken cancellationToken = default)
    {
        var outcome = await Grader.RunAsync(Catalog.ById(id), Session, Text, cancellationToken).ConfigureAwait(false);
        _outcomes.Enqueue(outcome);
        return outcome;
    }

    /// <summary>Writes results.json for the student (merged with earlier runs); returns its path.</summary>
    public string WriteResults()
    {
        var path = Path.Combine(TargetSelection.ResultsRoot(), SafeName(Target.Student), "results.json");
        var results = GradescopeResults.Build(
            [.. Catalog.All.Select(c => c.Definition)],
            Outcomes,
            Text,
            GradescopeResults.TryRead(path),
            Options.Time.GetElapsedTime(StartedAt));
        results.Write(path);
        return path;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync().ConfigureAwait(false);
        _reference?.Dispose();
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
