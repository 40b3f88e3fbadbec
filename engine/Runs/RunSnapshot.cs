using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Scoring;
using OmiStack.Reports;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Model;

namespace OmiStack.Engine.Runs;

/// <summary>
/// What a student's run shows in its reports, taken at one moment: the checks as the run scores them, their outcomes
/// (this run's, and for a check it did not judge, the student's record of the last run that did), what the run notes,
/// and the run's identity for results.json. The reports render this, never the run.
/// </summary>
internal sealed record RunSnapshot(
    string Student,
    string Folder,
    IReadOnlyList<ScoredCheck> Checks,
    IReadOnlyList<CheckOutcome> Outcomes,
    CheckContextText Text,
    RunNotes Notes,
    string? Incomplete,
    TimeSpan Elapsed,
    DateTimeOffset At,
    EvidenceDocument? Evidence,
    GradescopeRunExtra Extra,
    JobSummary? Summary,
    Reports.Model.CheckPageLinks? CheckPages)
{
    /// <summary>
    /// The snapshot of <paramref name="run"/> now, after keeping what the run records beside its reports: its evidence
    /// (evidence.json, archived once <paramref name="final"/>) and the student's record (stages.json).
    /// </summary>
    public static RunSnapshot Take(StudentRun run, bool final)
    {
        var folder = run.Folder;
        var options = run.Options;
        var scored = Harness.Scoring.Outcomes.Scored(run.GradedChecks.Select(c => c.Definition), run.Rubric);
        var judged = run.Outcomes;
        var last = run.Timeline.Last;
        // A re-judge's reports are its evidence's alone.
        var earlier = run.Afresh ? [] : scored.Where(c => last.ContainsKey(c.Id) && judged.All(o => o.Check.Id != c.Id)).Select(c => Harness.Scoring.Outcomes.Earlier(last[c.Id], c, run.Text));
        var interruptions = run.Interruptions;
        var incomplete = interruptions.Count > 0
            ? string.Join("; ", interruptions)
            : final ? null : $"the run was still going ({judged.Count} checks judged so far)";
        var evidence = KeepEvidence(run, folder, final);
        if (run.KeepsTimeline)
        {
            run.Timeline.Write(folder);
        }

        var rejudged = RejudgedFrom(run);
        var notes = new RunNotes(new Dictionary<string, string>(run.Reached), new Dictionary<string, string>(run.PastStage)) { Warnings = [.. Warnings(run), .. rejudged is null ? [] : new[] { rejudged }] };
        var extra = new GradescopeRunExtra(run.Target.Student) { Environment = run.Session.EnvironmentSeen is { Count: > 0 } seen ? seen : null, RejudgedFrom = rejudged, HandedIn = run.HandedIn?.Note };
        return new RunSnapshot(run.Target.Student, folder, scored, [.. judged, .. earlier], run.Text, notes, incomplete, options.Time.GetElapsedTime(run.StartedAt), options.Time.GetUtcNow(), evidence, extra, final && !options.ManyStudents ? run.Setup.JobSummary : null, run.Setup.CheckPages ?? Reports.Model.CheckPageLinks.InRepository(folder));
    }

    /// <summary>
    /// Recording: writes evidence.json into <paramref name="folder"/> and returns it. Re-judging: the evidence
    /// replayed (never rewritten). Null when the run keeps none.
    /// </summary>
    private static EvidenceDocument? KeepEvidence(StudentRun run, string folder, bool final)
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
    private static string? RejudgedFrom(StudentRun run) => run.EvidenceSource is { } path && run.Session.Evidence.Source is { } source
        ? $"Re-judged on {run.Options.Time.GetUtcNow():yyyy-MM-dd HH:mm} UTC from the evidence {path} (recorded {source.StartedAt:yyyy-MM-dd HH:mm} UTC by {source.Harness}), with the current checks and rubric; no lab was reached."
        : null;

    /// <summary>What the reports must say about how this grade was taken.</summary>
    private static IReadOnlyList<string> Warnings(StudentRun run) =>
    [
        .. run.Target.Nodes.Count > 0 && (run.Options.HostKeys ?? run.Target.Ssh.HostKeys) == "insecure"
            ? ["Host keys were not checked (hostKeys: insecure): the machines that answered are not proven to be the student's VMs."]
            : Array.Empty<string>(),
        .. run.HandedIn?.Note is { } note ? [note] : Array.Empty<string>(),
        .. run.Notes,
    ];
}
