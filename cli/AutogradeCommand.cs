using System.CommandLine;
using System.Text.Json;
using OmiStack.Engine;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Platforms;
using OmiStack.Reports.Text;

namespace OmiStack.Cli;

/// <summary>
/// `omistack autograde gradescope|prairielearn|classroom`: grades one student's submitted target on a
/// grading platform, within a deadline of its own below the platform's, and always writes the
/// platform's results (a target that cannot be read, a setting that cannot be used or the deadline
/// included): a clear message and no points, never a crash. The submitted target is a student's
/// file: trust anchors, known_hosts and the grading key come from the instructor's settings
/// (OMISTACK_STUDENT_TARGETS is on).
/// </summary>
internal static class AutogradeCommand
{
    public static Command Build()
    {
        var command = new Command("autograde", "Grade one submitted target on a grading platform; the platform's results are always written.");
        command.Subcommands.Add(Gradescope());
        command.Subcommands.Add(PrairieLearn());
        command.Subcommands.Add(Classroom());
        command.Subcommands.Add(GradescopeZip.Build());
        return command;
    }

    private static Option<int> Deadline(int seconds, string platform) =>
        new("--deadline") { Description = $"seconds for the whole grading, below {platform}'s own timeout (default {seconds})", DefaultValueFactory = _ => seconds };

    private static Command Gradescope()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "the autograder's root (default /autograder): submission/ in, results/results.json out", DefaultValueFactory = _ => new DirectoryInfo("/autograder") };
        var deadline = Deadline(540, "Gradescope's (10 min by default)");
        var command = new Command("gradescope", "Gradescope's run_autograder: the target from <root>/submission, results in <root>/results/results.json.") { root, deadline };
        command.SetAction((parse, ct) => PlatformTreeAsync(parse.GetValue(root)!.FullName, "submission", folder => GradescopeStudent(Path.Combine(folder, "submission_metadata.json")), folder => GradescopeHistory.Read(Path.Combine(folder, "submission_metadata.json")), parse.GetValue(deadline), graded =>
        {
            var json = graded.Results ?? (GradescopeResults.Empty with { Output = StudentText.Clean(graded.NotStarted, 2000) });
            return (json.ToJson(), json.Output);
        }, ct));
        return command;
    }

    private static Command PrairieLearn()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "the external grader's root (default /grade): student/ in, results/results.json out", DefaultValueFactory = _ => new DirectoryInfo("/grade") };
        var deadline = Deadline(25, "the question's timeout (30 s by default)");
        var command = new Command("prairielearn", "PrairieLearn's external grader: the target from <root>/student, results in <root>/results/results.json; exits 0 (PrairieLearn reads results only then).") { root, deadline };
        // PrairieLearn gives an external grader no earlier submission's results (only /grade/data/data.json for this one): no history to keep.
        command.SetAction((parse, ct) => PlatformTreeAsync(parse.GetValue(root)!.FullName, "student", _ => null, _ => [], parse.GetValue(deadline), graded =>
        {
            var json = graded.Results is { } r ? PrairieLearnResults.From(r, graded.Report) : PrairieLearnResults.NotGradable(graded.NotStarted);
            return (json.ToJson(), $"gradable {json.Gradable.ToString().ToLowerInvariant()}, score {json.Score}.");
        }, ct));
        return command;
    }

    private static Command Classroom()
    {
        var target = new Option<FileInfo>("--target") { Description = "the student's target file (default ./omistack.yaml)", DefaultValueFactory = _ => new FileInfo("omistack.yaml") };
        var results = new Option<DirectoryInfo>("--results") { Description = "where the reports go (default ./TestResults/omistack)", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("TestResults", "omistack")) };
        var deadline = Deadline(300, "the step's timeout");
        var command = new Command("classroom", "GitHub Classroom: the runner result (base64 JSON) as the step output `result` for the grading reporter; exits 1 unless every check passed.") { target, results, deadline };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(target)!;
            var graded = await GradeAsync(file.DirectoryName!, null, TimeSpan.FromSeconds(parse.GetValue(deadline)), parse.GetValue(results)!.FullName, ct, file.Name);
            var json = graded.Results is { } r ? ClassroomResults.From(r) : ClassroomResults.NotStarted(graded.NotStarted);
            if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
            {
                await File.AppendAllTextAsync(output, $"result={json.ToBase64()}\n", ct);
            }

            Console.WriteLine(json.ToJson());
            Console.WriteLine($"omistack: {json.Status}, {json.Tests.Sum(t => t.Score)}/{json.MaxScore} points");
            return json.Status == "pass" ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// A platform's tree (Gradescope's /autograder, PrairieLearn's /grade): the target from
    /// ROOT/<paramref name="submission"/>, the reports in ROOT/results/omistack, the platform's file
    /// (<paramref name="render"/>: its text and a line to say) in ROOT/results/results.json, always.
    /// </summary>
    private static async Task<int> PlatformTreeAsync(string root, string submission, Func<string, string?> student, Func<string, IReadOnlyList<GradescopeHistory.Entry>> history, int deadline, Func<Graded, (string Json, string Said)> render, CancellationToken cancellationToken)
    {
        var results = Path.Combine(root, "results");
        var graded = await GradeAsync(Path.Combine(root, submission), student(root), TimeSpan.FromSeconds(deadline), Path.Combine(results, "omistack"), cancellationToken, history: history(root));
        var (json, said) = render(graded);
        Directory.CreateDirectory(results);
        ReportWriter.Atomic(Path.Combine(results, "results.json"), json);
        Console.WriteLine($"omistack: {said} Results: {Path.Combine(results, "results.json")}");
        return 0;
    }

    /// <summary>What one submission's grading gave: the student's results and report, or why it could not start.</summary>
    private sealed record Graded(GradescopeResults? Results, string Report, string? Cause)
    {
        /// <summary>What each platform's file says when the grading could not start.</summary>
        public string NotStarted => $"The grading could not start: {Cause}";
    }

    /// <summary>The student's results, saying first why the run is incomplete where it is (the deadline).</summary>
    private static GradescopeResults? WithIncomplete(GradescopeResults? results, string? incomplete) =>
        results is null || incomplete is null ? results : results with { Output = $"Incomplete: {StudentText.Clean(incomplete, 1000)}. {results.Output}" };

    /// <summary>
    /// Grades the target in <paramref name="submission"/> (omistack.yaml, else omistack.yml, else its only
    /// other YAML file) within <paramref name="deadline"/>; the reports go to <paramref name="reports"/>.
    /// </summary>
    private static async Task<Graded> GradeAsync(string submission, string? student, TimeSpan deadline, string reports, CancellationToken cancellationToken, string? fileName = null, IReadOnlyList<GradescopeHistory.Entry>? history = null)
    {
        try
        {
            var targetFile = fileName is not null ? Path.Combine(submission, fileName) : FindTarget(submission);
            // A submission is one during the lesson (a later stage's checks are "not yet") unless OMISTACK_FINAL says otherwise.
            var setup = CliSettings.Setup(CliSettings.Options(reports) with { ResultsRoot = Path.GetFullPath(reports) }).FinalOr(false).ForStudentTargets();
            var target = TargetLoader.Load(targetFile, setup.Catalog.TargetKeys, setup.Variables) with { FromStudent = true };
            if (student is not null)
            {
                target = target with { Student = student };
            }

            await using var run = StudentRuns.ForRosterEntry(new RosterEntry(target.Student, target, null), setup);
            KeepHistory(run, history ?? []);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(deadline);
            try
            {
                // The student's own stage runs, where the submission holds them (runs/ beside the target).
                await run.AcceptHandedInAsync(bound.Token);
                await run.GradeAllAsync(bound.Token);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                run.Interrupt($"the grading deadline of {deadline.TotalSeconds:0} s passed; the checks not judged by then are not run");
            }

            var folder = run.WriteReports(final: true);
            var results = WithIncomplete(GradescopeResults.TryRead(Path.Combine(folder, "results.json")), run.LastReport?.Incomplete);
            return new Graded(results, await File.ReadAllTextAsync(Path.Combine(folder, "report.md"), CancellationToken.None), null);
        }
        catch (RunCannotStartException ex)
        {
            return new Graded(null, "", ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The platform's results are written whatever happened: a grader's own fault included.
            return new Graded(null, "", $"the grader failed ({ex.GetType().Name}: {ex.Message}); tell the instructor");
        }
    }

    /// <summary>The platform's record of earlier submissions: each verdict judged at (or after) its check's stage, as the rubric sets it, is kept.</summary>
    private static void KeepHistory(StudentRun run, IReadOnlyList<GradescopeHistory.Entry> history)
    {
        var known = run.Catalog.Checks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var (id, verdict) in history)
        {
            if (known.TryGetValue(id, out var check) && StageGate.AtOrAfter(run.Catalog.LessonOf(id), verdict.Stage, Outcomes.Scored(check.Definition, run.Rubric).Definition.Stage))
            {
                run.Timeline.Keep(id, verdict);
            }
        }
    }

    /// <summary>The submitted target file; a submission without one says what it holds.</summary>
    private static string FindTarget(string submission)
    {
        if (!Directory.Exists(submission))
        {
            throw new TargetFileException($"there is no submission folder {submission}.");
        }

        foreach (var name in new[] { "omistack.yaml", "omistack.yml" })
        {
            if (File.Exists(Path.Combine(submission, name)))
            {
                return Path.Combine(submission, name);
            }
        }

        var files = Directory.EnumerateFiles(submission).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var yaml = files.Where(f => (f!.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) && !f.StartsWith("answers.", StringComparison.OrdinalIgnoreCase)).ToList();
        return yaml.Count == 1
            ? Path.Combine(submission, yaml[0]!)
            : throw new TargetFileException($"the submission has no omistack.yaml (it holds: {(files.Count == 0 ? "nothing" : string.Join(", ", files.Take(20)))}); submit the target file written by 'omistack target'.");
    }

    /// <summary>
    /// The student's id on Gradescope: the submitters' e-mail addresses from submission_metadata.json
    /// (joined by '+' for a group), which is how Gradescope maps a submission to its students; null
    /// where there is no readable metadata (the target's own id is used then).
    /// </summary>
    internal static string? GradescopeStudent(string metadata)
    {
        try
        {
            if (!File.Exists(metadata) || new FileInfo(metadata).Length > 1024 * 1024)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(metadata));
            if (!document.RootElement.TryGetProperty("users", out var users) || users.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var emails = users.EnumerateArray()
                .Select(u => u.ValueKind == JsonValueKind.Object && u.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null)
                .Where(e => !string.IsNullOrWhiteSpace(e))
                .ToList();
            return emails.Count == 0 ? null : string.Join('+', emails);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
