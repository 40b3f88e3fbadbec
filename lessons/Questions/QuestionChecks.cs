using OmiStack.Harness.Evidence;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Questions;

/// <summary>
/// The lesson's questions as checks questions.ID, judged from the student's answers file against the answer key the
/// run names (OMISTACK_ANSWER_KEY or runsettings 'answerKey', read by the run's host), else the example key shipped
/// with OmiStack. Answers: the target's <c>answers: {file: ...}</c>, else the run's answers file (OMISTACK_ANSWERS,
/// runsettings 'answers', or ./answers.yaml, found by the host), never in a roster.
/// </summary>
public static class QuestionChecks
{
    /// <summary>The lesson id of the questions.</summary>
    public const string Lesson = "questions";

    /// <summary>The target section that names a student's answers file.</summary>
    public const string Section = "answers";

    /// <summary>The key of a file (the example key where <paramref name="keyFile"/> is null), or why it cannot be used.</summary>
    public static (AnswerKey? Key, string? Error) LoadKey(string? keyFile)
    {
        try
        {
            return (AnswerKey.Load(keyFile ?? AnswerKey.ExamplePath), null);
        }
        catch (QuestionsFileException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The questions of a key as checks: each judged from the answers file the session's target names, else <paramref name="runWide"/>.</summary>
    public static IReadOnlyList<Check> For(AnswerKey? key, string? keyError, string? runWide) =>
        [.. (key?.Questions ?? []).Select(q => new Check(q.Definition, (session, ct) => JudgeAsync(q, keyError, runWide, session, ct)))];

    /// <summary>
    /// The answers file of a target: its answers section, else the run's <paramref name="runWide"/> file; null if none.
    /// A roster passes null for the run's file: one run-wide file would grade every student from the same answers.
    /// </summary>
    public static string? AnswersPath(Target target, string? runWide)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Sections.TryGetValue(Section, out var section) && section.Text("file") is { } file
            ? Path.GetFullPath(TargetPaths.Expand(file), target.Folder ?? Directory.GetCurrentDirectory())
            : runWide;
    }

    /// <summary>A target whose answers are the example ones (the embedded default: the reference solution).</summary>
    public static Target WithExampleAnswers(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var file = new YamlDotNet.RepresentationModel.YamlMappingNode { { "file", Path.Combine(AppContext.BaseDirectory, "Questions", "answers.example.yaml") } };
        var sections = new Dictionary<string, TargetSection>(target.Sections) { [Section] = new TargetSection(Section, "embedded default", file) };
        return target with { Sections = sections };
    }

    private static async Task<Judgement> JudgeAsync(KeyQuestion question, string? keyError, string? runWide, LabSession session, CancellationToken cancellationToken)
    {
        if (keyError is not null)
        {
            return Judgement.Inconclusive($"the answer key cannot be used: {keyError}");
        }

        if (AnswersPath(session.Target, session.Options.ManyStudents ? null : runWide) is not { } path)
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
        session.NoteEnvironment(EnvironmentKind.AnswersFile, path);
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
