using OmiStack.Harness.Evidence;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// How a student's run opens (the factory of <see cref="StudentRun"/>): a roster entry, a target file or one already
/// read, evidence to re-judge, a student's own run handed in, the embedded default's labs.
/// </summary>
public static class StudentRuns
{
    /// <summary>A roster student's run; an entry that cannot be used still gets its row, every check inconclusive naming why.</summary>
    public static StudentRun ForRosterEntry(RosterEntry entry, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(setup);
        return entry.Target is { } target
            ? new StudentRun(setup, target, null, connectNow: true)
            : new StudentRun(setup, new Target { Student = entry.Student, Ssh = SshTarget.None, Nodes = [] }, null) { EntryError = entry.Error };
    }

    /// <summary>Opens a run on a target file.</summary>
    public static StudentRun ForTargetFile(string targetFile, GradingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new StudentRun(setup, TargetLoader.Load(targetFile, setup.Catalog.TargetKeys, setup.Variables), targetFile, connectNow: true);
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
        return new StudentRun(setup, target, null, null, EvidenceLog.Replaying(document)) { EvidenceSource = Path.GetFullPath(evidencePath), Afresh = true };
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
        return new StudentRun(setup, target, null, null, EvidenceLog.Replaying(document)) { EvidenceSource = evidencePath, Afresh = true };
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
        var results = Path.Combine(resultsRoot, StudentRun.EmbeddedStudent, "results.json");
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
        var target = started.Values.Aggregate(new Target { Student = StudentRun.EmbeddedStudent, Ssh = SshTarget.None, Nodes = [] }, (t, lab) => lab.Provide(t));
        return new StudentRun(setup, target, null, started);
    }

    /// <summary>
    /// The secrets of a run, never written to its evidence: the Rancher secret key, SSH passphrases (the target's and the
    /// run's, and the instructor's variables for them), and every declared section's secrets and their variables.
    /// </summary>
    internal static IEnumerable<string> SecretsOf(Target target, GradingSetup setup) =>
        new[]
        {
            target.Rancher?.SecretKey,
            target.Ssh.Passphrase,
            setup.Options.SshPassphrase,
            setup.Variables("RANCHER_SECRET_KEY"),
            setup.Variables("OMISTACK_SSH_PASSPHRASE"),
            setup.Variables("SSH_KEY_PASSPHRASE"),
        }.OfType<string>().Where(s => s.Length > 0).Concat(setup.Catalog.SecretsOf(target, setup.Variables));
}
