using OmiStack.Harness.Evidence;
using OmiStack.Harness.Settings;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Questions;

/// <summary>
/// The lesson's questions as checks questions.ID, judged from the student's answers file against the
/// answer key: env OMISTACK_ANSWER_KEY or runsettings 'answerKey', else the example key shipped with
/// OmiStack. Answers: the target's <c>answers: {file: ...}</c>, else OMISTACK_ANSWERS, runsettings
/// 'answers', or ./answers.yaml.
/// </summary>
public static class QuestionChecks
{
    /// <summary>The lesson id of the questions.</summary>
    public const string Lesson = "questions";

    /// <summary>The target section that names a student's answers file.</summary>
    public const string Section = "answers";

    private static readonly Lazy<(AnswerKey? Key, string? Error)> LoadedKey = new(() =>
    {
        try
        {
            return (AnswerKey.Load(KeyPath), null);
        }
        catch (QuestionsFileException ex)
        {
            return (null, ex.Message);
        }
    });

    /// <summary>The key file in use.</summary>
    public static string KeyPath => RunSettings.FullPathOrNull(RunSettings.Get("OMISTACK_ANSWER_KEY", "answerKey")) ?? AnswerKey.ExamplePath;

    /// <summary>The questions of the key in use (none if it cannot be read).</summary>
    public static IReadOnlyList<KeyQuestion> Questions => LoadedKey.Value.Key?.Questions ?? [];

    /// <summary>The questions as checks: each judged from the answers file the session's target names.</summary>
    public static IReadOnlyList<Check> All => [.. Questions.Select(q => new Check(q.Definition, (session, ct) => JudgeAsync(q, session, ct)))];

    /// <summary>
    /// The answers file of a target: its answers section, else (with <paramref name="runWide"/>) the
    /// run's setting, else ./answers.yaml; null if none. A roster passes false: one run-wide file would
    /// grade every student from the same answers.
    /// </summary>
    public static string? AnswersPath(Target target, bool runWide = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Sections.TryGetValue(Section, out var section) && section.Text("file") is { } file)
        {
            return Path.GetFullPath(TargetPaths.Expand(file), target.Folder ?? RunSettings.InvokedFrom);
        }

        if (!runWide)
        {
            return null;
        }

        if (RunSettings.Get("OMISTACK_ANSWERS", "answers") is { } configured)
        {
            return RunSettings.FullPath(configured);
        }

        var local = Path.Combine(RunSettings.InvokedFrom, "answers.yaml");
        return File.Exists(local) ? local : null;
    }

    /// <summary>A target whose answers are the example ones (the embedded default: the reference solution).</summary>
    public static Target WithExampleAnswers(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var file = new YamlDotNet.RepresentationModel.YamlMappingNode { { "file", Path.Combine(AppContext.BaseDirectory, "Questions", "answers.example.yaml") } };
        var sections = new Dictionary<string, TargetSection>(target.Sections) { [Section] = new TargetSection(Section, "embedded default", file) };
        return target with { Sections = sections };
    }

    private static async Task<Judgement> JudgeAsync(KeyQuestion question, LabSession session, CancellationToken cancellationToken)
    {
        if (LoadedKey.Value.Error is { } keyError)
        {
            return Judgement.Inconclusive($"the answer key cannot be used: {keyError}");
        }

        if (AnswersPath(session.Target, runWide: !session.Options.ManyStudents) is not { } path)
        {
            return Judgement.Inconclusive(session.Options.ManyStudents
                ? "no answers file (in a roster, each student's own: the target's answers.file)"
                : "no answers file (the target's answers.file, OMISTACK_ANSWERS, runsettings 'answers' or ./answers.yaml)");
        }

        if (session.Target.OutsideOwnFolder(path, "answers.file") is { } outside)
        {
            return Judgement.Inconclusive(outside);
        }

        // The file graded identifies the work like a lab's ids do: a roster flags two students whose targets name one answers file.
        session.NoteEnvironment("answers file", path);
        var answers = await session.MemoAsync(
            $"{Lesson}.answers:{path}",
            ct => session.Evidence.ThroughAsync(EvidenceKinds.File, path, () => Task.FromResult(LoadAnswers(path)), ct),
            cancellationToken).ConfigureAwait(false);
        return answers.Problem is { } problem ? Judgement.Inconclusive(problem) : question.Judge(answers.Answers!.ByQuestion.GetValueOrDefault(question.Id));
    }

    /// <summary>A student's answers as read (evidence keeps them: a re-judge needs no file), or why they cannot be used.</summary>
    private sealed record AnswersRead(Answers? Answers, string? Problem);

    private static AnswersRead LoadAnswers(string path)
    {
        try
        {
            return new AnswersRead(Answers.Load(path), null);
        }
        catch (QuestionsFileException ex)
        {
            return new AnswersRead(null, ex.Message);
        }
    }
}
