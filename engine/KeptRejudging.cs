using OmiStack.Harness.Evidence;
using OmiStack.Harness.Scoring;

namespace OmiStack.Engine;

/// <summary>
/// A re-judge's kept verdicts: each verdict a student's stages.json kept is judged again from the evidence of
/// the run that judged it (evidence/&lt;run&gt;.json in the student's folder), with the current checks and rubric, so
/// a kept verdict changes with them as the latest run's do. A verdict whose run kept no evidence (a platform's
/// earlier submission, a hand-in) is carried as recorded, and the reports say how many.
/// </summary>
public static class KeptRejudging
{
    /// <summary>Re-derives the kept verdicts of the student whose results folder is <paramref name="folder"/> into <paramref name="run"/>'s timeline.</summary>
    public static async Task RederiveAsync(StudentRun run, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        KeptVerdicts recorded;
        try
        {
            recorded = KeptVerdicts.Read(folder);
        }
        catch (InvalidDataException ex)
        {
            run.Note($"The kept verdicts could not be read, so none were re-derived: {ex.Message}");
            return;
        }

        var (rederived, carried, dropped) = (0, 0, new List<string>());
        foreach (var group in recorded.All.GroupBy(k => k.Value.Evidence))
        {
            var path = group.Key is { } name && !name.Contains("..", StringComparison.Ordinal) ? Path.Combine(folder, name) : null;
            if (path is null || !File.Exists(path))
            {
                foreach (var (check, verdict) in group)
                {
                    carried += run.Timeline.Keep(check, verdict) ? 1 : 0;
                }

                continue;
            }

            var again = await JudgedAgainAsync(path, run.Setup, cancellationToken).ConfigureAwait(false);
            foreach (var (check, verdict) in group)
            {
                if (again.TryGetValue(check, out var outcome) && outcome.Keepable)
                {
                    run.Timeline.Keep(check, verdict with { Verdict = outcome.Verdict, Score = outcome.Score, MaxScore = outcome.MaxScore, Message = outcome.Message, ByGradingMachine = outcome.ByGradingMachine });
                    rederived++;
                }
                else
                {
                    dropped.Add(check);
                }
            }
        }

        if (rederived + carried + dropped.Count > 0)
        {
            run.Note($"Kept verdicts re-derived from the evidence of the runs that judged them: {rederived}; carried as recorded (that run kept no evidence): {carried}"
                + (dropped.Count == 0 ? "." : $"; no longer kept (the current checks judge them otherwise at their stage, or not at all): {string.Join(", ", dropped)}."));
        }
    }

    /// <summary>The checks of one recorded run judged again, each as a verdict to keep (judged at or after its stage), by check id.</summary>
    private static async Task<IReadOnlyDictionary<string, KeptVerdict>> JudgedAgainAsync(string evidence, GradingSetup setup, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("omistack-kept-").FullName;
        try
        {
            await using var past = StudentRuns.ForEvidence(evidence, setup with { ResultsRoot = scratch });
            await past.RejudgeAsync(cancellationToken).ConfigureAwait(false);
            return past.Timeline.Kept;
        }
        catch (EvidenceFileException)
        {
            return new Dictionary<string, KeptVerdict>();
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
