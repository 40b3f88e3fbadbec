using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Questions;

/// <summary>
/// The lesson's questions as a module: always graded, from the answers file the target or the run names, against the
/// run's answer key (<paramref name="keyFile"/>; the example key where null). <paramref name="runWideAnswers"/>: the
/// run's own answers file, for a target that names none (never in a roster).
/// </summary>
public sealed class QuestionsModule(string? keyFile = null, string? runWideAnswers = null) : ILesson
{
    private readonly Lazy<IReadOnlyList<Check>> _checks = new(() =>
    {
        var (key, error) = QuestionChecks.LoadKey(keyFile);
        return QuestionChecks.For(key, error, runWideAnswers);
    });

    /// <summary>The answer key file in use (the example key's where the run names none).</summary>
    public string KeyFile => keyFile ?? AnswerKey.ExamplePath;

    /// <inheritdoc />
    public string Id => QuestionChecks.Lesson;

    /// <inheritdoc />
    public string Title => "Questions";

    /// <inheritdoc />
    public IReadOnlyList<string> Stages { get; } = ["questions"];

    /// <inheritdoc />
    public IReadOnlyList<Check> Checks => _checks.Value;

    /// <inheritdoc />
    public string TargetSection => "answers file";

    /// <inheritdoc />
    public IReadOnlyList<string> TargetKeys { get; } = [QuestionChecks.Section];

    /// <inheritdoc />
    public bool Describes(Target target) => true;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> TextValues(Target target) => new Dictionary<string, string>();

    /// <inheritdoc />
    public Task<StageReached?> ReachedAsync(Harness.Gathering.LabSession session, CancellationToken cancellationToken = default) =>
        Task.FromResult<StageReached?>(null);

    /// <summary>The embedded default's answers: the example answers (they are the reference solution); no lab to start.</summary>
    public static EmbeddedLab ExampleAnswersLab { get; } = new(QuestionChecks.Lesson, (_, _) => Task.FromResult<ILessonLab>(new ExampleAnswers()));

    private sealed class ExampleAnswers : ILessonLab
    {
        public Target Provide(Target target) => QuestionChecks.WithExampleAnswers(target);

        public Task<bool> ReachAsync(string stage, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
