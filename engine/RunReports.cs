using OmiStack.Reports.Gradescope;

namespace OmiStack.Engine;

/// <summary>
/// A student run's reports: results.json, report.md, report.html and junit.xml, rendered from a snapshot of the run
/// (<see cref="Runs.RunSnapshot"/>, taken when each is written: it keeps the run's evidence and record beside them),
/// rewritten in the background after each check (at most once per <see cref="Harness.Gathering.GradingOptions.ReportInterval"/>)
/// and once more at the end.
/// </summary>
internal sealed class RunReports(Func<bool, Runs.RunSnapshot> take, TimeProvider time, TimeSpan interval)
{
    private readonly Lock _writeLock = new();
    private readonly Lock _queueLock = new();
    private Task _queuedWrites = Task.CompletedTask;
    private int _writeQueued;
    private long _lastWrite = long.MinValue;
    private long _finalWrites;
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            Volatile.Write(ref _lastWrite, time.GetTimestamp());
            var run = take(final);
            var results = GradescopeResults.Build(run.Checks, run.Outcomes, run.Text, run.Elapsed, run.Notes) with { ExtraData = run.Extra };
            var report = Reports.Model.GradeReport.Build(run.Student, run.Checks, run.Outcomes, run.Text, run.At, run.Elapsed, run.Incomplete, run.Notes) with
            {
                CheckPages = run.CheckPages,
                Evidence = run.Evidence is null ? new Dictionary<string, IReadOnlyList<Reports.Model.ReportEvidence>>() : RunEvidence.ForReport(run.Evidence, run.Checks.Select(c => c.Id)),
            };
            Reports.ReportWriter.Write(run.Folder, report, results, run.Summary);
            Last = report;
            return run.Folder;
        }
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
                    var wait = last == long.MinValue ? TimeSpan.Zero : interval - time.GetElapsedTime(last);
                    if (wait > TimeSpan.Zero)
                    {
                        // Hurried: a final write, or the run's end, is waiting for this one.
                        await Task.WhenAny(Task.Delay(wait, time), hurry).ConfigureAwait(false);
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
}
