using OmiStack.Harness.Gathering;
using System.Globalization;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// A student's own stage runs handed in with their target: the evidence of their `dotnet test checks` runs
/// (their results folder, copied as runs/ beside the target file). Student data: bounded in count and size
/// before anything is parsed; never a path in it opened (the target each names is stripped of its files);
/// never a verdict written in it trusted. Each is re-judged with the instructor's checks and rubric, and its
/// verdicts judged at their stage are kept only where it names this student, was recorded before the
/// deadline with its times in order, and comes from the live lab's own environment (swarm cluster, engines,
/// registry certificate). Everything refused is named with its cause.
/// </summary>
public static class HandedInRuns
{
    /// <summary>The folder beside a student's target that holds the runs handed in.</summary>
    public const string FolderName = "runs";

    /// <summary>At most this many evidence files are read from one hand-in.</summary>
    public const int MaxFiles = 64;

    /// <summary>At most this many bytes of evidence are read from one hand-in (each file at most <see cref="EvidenceDocument.MaxFileBytes"/>).</summary>
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    /// <summary>
    /// At most this long for re-judging one hand-in (a replayed run waits again where the recorded one waited
    /// for an answer it never got): what is not re-judged by then is refused, so a hand-in cannot stall the run.
    /// </summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromMinutes(2);

    /// <summary>What the environment is compared by (the answers file is not an environment).</summary>
    private static readonly string[] Identifying = [.. EnvironmentKind.Identifying.Select(k => k.Name)];

    /// <summary>A run handed in and refused, and why.</summary>
    public sealed record Refusal(string File, string Cause);

    /// <summary>What a hand-in gave: the verdicts to keep, the runs accepted (their times) and those refused.</summary>
    public sealed record Result(IReadOnlyList<(string Check, KeptVerdict Verdict)> Kept, IReadOnlyList<DateTimeOffset> Accepted, IReadOnlyList<Refusal> Refused)
    {
        /// <summary>The reports' and gradebook's line on the hand-in; null where nothing was handed in.</summary>
        public string? Note => Accepted.Count + Refused.Count == 0 ? null
            : $"The student's own runs handed in: {Accepted.Count} accepted and re-judged ({Kept.Count} verdicts kept)"
              + (Refused.Count == 0 ? "." : $"; {Refused.Count} refused: {string.Join("; ", Refused.Take(10).Select(r => $"{r.File}: {r.Cause}"))}.");
    }

    /// <summary>
    /// Reads the student's own runs handed in with their target (runs/ beside it), if any, into <paramref name="run"/>:
    /// after reading the live lab's environment (the connect's docker info, the swarm), each run is re-judged and compared
    /// with it, and the verdicts it judged at their stage are kept; a run recorded after the deadline
    /// (OMISTACK_HANDIN_DEADLINE, else the run's start) is refused. <see cref="StudentRun.HandedIn"/> says what it gave.
    /// </summary>
    public static async Task AcceptHandedInAsync(this StudentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.EntryError is not null || run.Session.Evidence.Replays || FolderOf(run.Target) is not { } folder)
        {
            return;
        }

        // Every node's engine id (each node's connect) and the swarm's and Rancher's ids (each lesson's stage).
        await run.Session.AllNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var lesson in run.Catalog.Lessons.Where(run.Grades))
        {
            await lesson.ReachedOrNullAsync(run.Session, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            run.HandedIn = await JudgeAsync(folder, run.Target.Student, run.Setup, run.Session.EnvironmentSeen, run.Setup.Deadline ?? run.StartedAtUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.HandedIn = new Result([], [], [new Refusal(FolderName, $"the hand-in could not be read: {ex.Message}")]);
        }

        foreach (var (check, verdict) in run.HandedIn.Kept)
        {
            run.Timeline.Keep(check, verdict);
        }
    }

    /// <summary>The hand-in folder of a student's own target (runs/ beside it); null where there is none.</summary>
    public static string? FolderOf(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.FromStudent && target.Folder is { } folder && Directory.Exists(Path.Combine(folder, FolderName)) ? Path.Combine(folder, FolderName) : null;
    }

    /// <summary>
    /// Re-judges every run in <paramref name="folder"/> for <paramref name="student"/>: the live lab's
    /// <paramref name="live"/> environment and <paramref name="deadline"/> decide what is accepted.
    /// </summary>
    public static async Task<Result> JudgeAsync(string folder, string student, GradingSetup setup, IReadOnlyDictionary<string, IReadOnlyList<string>> live, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var refused = new List<Refusal>();
        var documents = new List<(string Name, string Path, EvidenceDocument Document)>();
        long total = 0;
        foreach (var (name, path) in Files(folder, refused))
        {
            var size = new FileInfo(path).Length;
            if (documents.Count >= MaxFiles || total + size > MaxTotalBytes)
            {
                refused.Add(new Refusal(name, $"past the {MaxFiles} files or {MaxTotalBytes / (1024 * 1024)} MiB read from a hand-in"));
                continue;
            }

            total += size;
            try
            {
                documents.Add((name, path, EvidenceDocument.Read(path)));
            }
            catch (EvidenceFileException ex)
            {
                refused.Add(new Refusal(name, $"it does not parse as OmiStack evidence ({Short(ex.Message.Replace(path, name, StringComparison.Ordinal))})"));
            }
        }

        var kept = new List<(string, KeptVerdict)>();
        var accepted = new List<DateTimeOffset>();
        using var budget = new CancellationTokenSource(MaxTime, setup.Options.Time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        foreach (var (name, path, document) in documents.OrderBy(d => d.Document.StartedAt))
        {
            if (budget.IsCancellationRequested)
            {
                refused.Add(new Refusal(name, $"past the {MaxTime.TotalMinutes:0} minutes a hand-in's re-judging may take"));
                continue;
            }

            if (accepted.Contains(document.StartedAt) && document.Student == student)
            {
                continue; // the same run twice (a results folder holds evidence.json and evidence/<that run>.json): read once
            }

            var cause = document.Student != student ? "it names another student"
                : document.WrittenAt > deadline ? string.Create(CultureInfo.InvariantCulture, $"it was recorded after the deadline ({document.WrittenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)")
                : !InTimeOrder(document) ? "its times are not in order (edited?)"
                : live.Count == 0 ? "the live lab could not be read, so its environment could not be compared"
                : null;
            if (cause is null)
            {
                try
                {
                    (cause, var verdicts) = await RejudgeAsync(document, path, setup, live, bounded.Token).ConfigureAwait(false);
                    if (cause is null)
                    {
                        accepted.Add(document.StartedAt);
                        kept.AddRange(verdicts);
                    }
                }
                catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    cause = $"past the {MaxTime.TotalMinutes:0} minutes a hand-in's re-judging may take";
                }
            }

            if (cause is not null)
            {
                refused.Add(new Refusal(name, cause));
            }
        }

        return new Result(kept, accepted, refused);
    }

    private static async Task<(string? Cause, IReadOnlyList<(string, KeptVerdict)> Verdicts)> RejudgeAsync(EvidenceDocument document, string path, GradingSetup setup, IReadOnlyDictionary<string, IReadOnlyList<string>> live, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("omistack-handin-").FullName;
        try
        {
            var rejudge = setup.ForStudentTargets() with { ResultsRoot = scratch, Final = false, FinalSetting = false };
            await using var run = StudentRuns.ForHandedIn(document, path, rejudge);
            await run.RejudgeAsync(cancellationToken).ConfigureAwait(false);
            if (Mismatch(live, run.Session.EnvironmentSeen) is { } mismatch)
            {
                return (mismatch, []);
            }

            var time = document.StartedAt;
            return (null, [.. run.Outcomes
                .Where(o => o.KeptFrom is null && o.LabStage is { } stage && StageGate.AtOrAfter(run.Catalog.LessonOf(o.Check.Id), stage, o.Check.Stage))
                .Select(o => (o.Check.Id, new KeptVerdict(o.Verdict, o.Score, o.MaxScore, o.Message, time, o.LabStage!, "the student's own run") { Rejudged = true, ByGradingMachine = o.ByGradingMachine }))
                .Where(k => k.Item2.Keepable)]);
        }
        catch (Exception ex) when (ex is EvidenceFileException or InvalidOperationException or System.Text.Json.JsonException or FormatException)
        {
            return ($"it does not re-judge ({Short(ex.Message)})", []);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Why <paramref name="theirs"/> is not the live lab's environment; null where every identifying kind both saw agrees.</summary>
    public static string? Mismatch(IReadOnlyDictionary<string, IReadOnlyList<string>> live, IReadOnlyDictionary<string, IReadOnlyList<string>> theirs)
    {
        var shared = Identifying.Where(k => live.ContainsKey(k) && theirs.ContainsKey(k)).ToList();
        if (shared.Count == 0)
        {
            return "it shares no swarm cluster, Docker engine or registry certificate with the live lab to compare";
        }

        foreach (var kind in shared)
        {
            var unknown = theirs[kind].Where(v => !live[kind].Contains(v)).ToList();
            // A node the live run could not reach now leaves its engine unseen: what was seen must still agree.
            var unseenNode = kind == EnvironmentKind.DockerEngine.Name && unknown.Count < theirs[kind].Count && live[kind].Count < theirs[kind].Count
                && unknown.Count <= theirs[kind].Count - live[kind].Count;
            if (unknown.Count > 0 && !unseenNode)
            {
                return $"it is from another environment ({kind} {Short(unknown[0], 16)} is not the live lab's)";
            }
        }

        return null;
    }

    /// <summary>Every answer within the run's own start and end (a second of slack for clocks read apart).</summary>
    private static bool InTimeOrder(EvidenceDocument document) =>
        document.StartedAt <= document.WrittenAt
        && document.Entries.All(e => e.At >= document.StartedAt.AddSeconds(-1) && e.At <= document.WrittenAt.AddSeconds(1));

    /// <summary>
    /// The evidence files of a hand-in: evidence.json and evidence/*.json below it (four folders deep at most, a
    /// few thousand entries at most), walked by hand so that a link is named and refused, never followed.
    /// </summary>
    private static List<(string Name, string Path)> Files(string folder, List<Refusal> refused)
    {
        var files = new List<(string, string)>();
        var folders = new Queue<(DirectoryInfo Folder, int Depth)>([(new DirectoryInfo(folder), 0)]);
        var seen = 0;
        while (folders.TryDequeue(out var next) && seen < 4096)
        {
            foreach (var entry in next.Folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                seen++;
                var name = Path.Combine(FolderName, Path.GetRelativePath(folder, entry.FullName));
                if (entry.LinkTarget is not null)
                {
                    refused.Add(new Refusal(name, "it is a link (a hand-in holds files, not links)"));
                }
                else if (entry is DirectoryInfo sub && next.Depth < 4)
                {
                    folders.Enqueue((sub, next.Depth + 1));
                }
                else if (entry is FileInfo file && (file.Name == EvidenceDocument.FileName || (file.Extension == ".json" && next.Folder.Name == EvidenceArchive.FolderName)))
                {
                    files.Add((name, file.FullName));
                }
            }
        }

        return files;
    }

    private static string Short(string text, int max = 200) => text.Length <= max ? text : text[..max] + "…";
}
