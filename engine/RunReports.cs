using OmiStack.Harness.Evidence;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Engine;

/// <summary>
/// A student run's reports and evidence: results.json (merged with earlier runs), report.md, report.html,
/// junit.xml, evidence.json and the kept verdicts, rewritten in the background after each check (at most once per
/// <see cref="Harness.Gathering.GradingOptions.ReportInterval"/>) and once more at the end; and the lines every report
/// says about how the grade was taken.
/// </summary>
internal sealed class RunReports(StudentRun run)
{
    private readonly Lock _writeLock = new();
    private readonly Lock _queueLock = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _notes = new();
    private Task _queuedWrites = Task.CompletedTask;
    private int _writeQueued;
    private long _lastWrite = long.MinValue;
    private long _finalWrites;
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GradescopeResults? _earlier;

    /// <summary>The report last written.</summary>
    public Reports.Model.GradeReport? Last { get; private set; }

    /// <summary>Writes every report now (after every queued write, where <paramref name="final"/>); returns the student's folder.</summary>
    public string Write(bool final)
    {
        if (final)
        {
            // The last word: after every write queued by the checks, never overwritten by one of them (one still
            // waiting for its interval is dropped: this write holds every outcome it would have).
            Interlocked.Increment(ref _finalWrites);
            QueuedWritesDone(hurry: true).GetAwaiter().GetResult();
        }

        lock (_writeLock)
        {
            Volatile.Write(ref _lastWrite, run.Options.Time.GetTimestamp());
            var folder = run.Folder;
            var options = run.Options;
            var catalog = run.GradedChecks.Select(c => c.Definition).ToList();
            // A re-judge's reports are its evidence's alone: never merged with what the output folder held.
            _earlier ??= run.Afresh ? GradescopeResults.Empty : GradescopeResults.TryRead(Path.Combine(folder, "results.json")) ?? GradescopeResults.Empty;
            var outcomes = run.Outcomes;
            var elapsed = options.Time.GetElapsedTime(run.StartedAt);
            var interruptions = run.Interruptions;
            var incomplete = interruptions.Count > 0
                ? string.Join("; ", interruptions)
                : final ? null : $"the run was still going ({outcomes.Count} checks judged so far)";
            var evidence = WriteEvidence(folder, final);
            if (run.KeepsTimeline)
            {
                run.Timeline.Write(folder);
            }

            var rejudged = RejudgedFrom;
            var notes = new Reports.Model.RunNotes(new Dictionary<string, string>(run.Reached), new Dictionary<string, string>(run.PastStage)) { Warnings = rejudged is null ? Warnings : [.. Warnings, rejudged] };
            var results = GradescopeResults.Build(catalog, outcomes, run.Text, _earlier, elapsed, notes);
            var report = Reports.Model.GradeReport.Build(run.Target.Student, catalog, outcomes, run.Text, run.Rubric, options.Time.GetUtcNow(), elapsed, incomplete, _earlier.AsEarlierChecks(catalog), notes) with
            {
                Evidence = evidence is null ? new Dictionary<string, IReadOnlyList<Reports.Model.ReportEvidence>>() : RunEvidence.ForReport(evidence, catalog.Select(c => c.Id)),
            };
            var extra = new GradescopeRunExtra(run.Target.Student) { Environment = run.Session.EnvironmentSeen is { Count: > 0 } seen ? seen : null, RejudgedFrom = rejudged, HandedIn = run.HandedIn?.Note };
            Reports.ReportWriter.Write(folder, report, results with { ExtraData = extra }, final && !options.ManyStudents ? run.Setup.JobSummary : null);
            Last = report;
            return folder;
        }
    }

    /// <summary>Adds a line every report says about how the grade was taken.</summary>
    public void Note(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _notes.Enqueue(line);
    }

    /// <summary>
    /// Rewrites the reports after a check, in the background, so the next check need not wait for four files to
    /// be rendered: at once where the last write is older than the report interval, else when it is; writes queued
    /// while one is waiting are one write, which includes every outcome judged by the time it runs.
    /// </summary>
    public void WriteSoon()
    {
        if (Interlocked.Exchange(ref _writeQueued, 1) == 1)
        {
            return; // a write is queued, and it will include this outcome
        }

        lock (_queueLock)
        {
            var finals = Interlocked.Read(ref _finalWrites);
            var hurry = _hurry.Task;
            _queuedWrites = _queuedWrites.ContinueWith(
                async _ =>
                {
                    var last = Volatile.Read(ref _lastWrite);
                    var wait = last == long.MinValue ? TimeSpan.Zero : run.Options.ReportInterval - run.Options.Time.GetElapsedTime(last);
                    if (wait > TimeSpan.Zero)
                    {
                        // Hurried: a final write, or the run's end, is waiting for this one.
                        await Task.WhenAny(Task.Delay(wait, run.Options.Time), hurry).ConfigureAwait(false);
                    }

                    Interlocked.Exchange(ref _writeQueued, 0);
                    if (Interlocked.Read(ref _finalWrites) != finals)
                    {
                        return; // a final write began since: it holds every outcome this one would have
                    }

                    try
                    {
                        Write(final: false);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The next write (at the latest the final one, which throws) tries again.
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>
    /// Completes when every report write queued so far has ended (a failed one included: the next write reports it).
    /// With <paramref name="hurry"/>, a write waiting for its interval runs now (the run is ending).
    /// </summary>
    public Task QueuedWritesDone(bool hurry = false)
    {
        TaskCompletionSource? hurried = null;
        Task queued;
        lock (_queueLock)
        {
            if (hurry)
            {
                // Writes queued from now on wait their interval again.
                hurried = _hurry;
                _hurry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            queued = _queuedWrites.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        hurried?.TrySetResult();
        return queued;
    }

    /// <summary>
    /// Recording: writes evidence.json into <paramref name="folder"/> and returns it. Re-judging: the evidence
    /// replayed (never rewritten). Null when the run keeps none.
    /// </summary>
    private EvidenceDocument? WriteEvidence(string folder, bool final)
    {
        var log = run.Session.Evidence;
        if (log.Replays)
        {
            return log.Source;
        }

        if (log.Mode != EvidenceMode.Record)
        {
            return null;
        }

        var document = RunEvidence.Document(log, run.Target, run.StartedAtUtc, run.Options.Time.GetUtcNow());
        Directory.CreateDirectory(folder);
        document.Write(Path.Combine(folder, EvidenceDocument.FileName));
        if (final)
        {
            // Each run's evidence is kept (bounded), so a verdict kept from this run keeps its evidence.
            run.Archive.Keep(Path.Combine(folder, EvidenceDocument.FileName), run.Timeline.Kept.Values.Select(k => k.Evidence));
        }

        return document;
    }

    /// <summary>The reports' line on a re-judge: when, from which evidence, recorded when and by what.</summary>
    private string? RejudgedFrom => run.EvidenceSource is { } path && run.Session.Evidence.Source is { } source
        ? $"Re-judged on {run.Options.Time.GetUtcNow():yyyy-MM-dd HH:mm} UTC from the evidence {path} (recorded {source.StartedAt:yyyy-MM-dd HH:mm} UTC by {source.Harness}), with the current checks and rubric; no lab was reached."
        : null;

    /// <summary>What the reports must say about how this grade was taken.</summary>
    private IReadOnlyList<string> Warnings =>
    [
        .. run.Target.Nodes.Count > 0 && (run.Options.HostKeys ?? run.Target.Ssh.HostKeys) == "insecure"
            ? ["Host keys were not checked (hostKeys: insecure): the machines that answered are not proven to be the student's VMs."]
            : Array.Empty<string>(),
        .. run.HandedIn?.Note is { } note ? [note] : Array.Empty<string>(),
        .. _notes,
    ];
}
