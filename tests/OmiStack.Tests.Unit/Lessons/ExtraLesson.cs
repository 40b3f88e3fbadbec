using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Lessons;

/// <summary>
/// A course's own small lesson, written as docs/adding-a-lesson.md says: two checks, its own stage, its
/// own target section (<c>extra: { greeting: ..., answer: ... }</c>). Nothing in harness/, reports/ or
/// the grading run knows it; it is registered in one line (<see cref="ExtraLessonTests.Catalog"/>).
/// </summary>
public sealed class ExtraLesson : ILesson
{
    public string Id => "extra";

    public string Title => "Extra lesson (a test's own)";

    public IReadOnlyList<string> Stages { get; } = ["hello"];

    public IReadOnlyList<Check> Checks { get; } =
    [
        new(new CheckDefinition { Id = "extra.greeting", Points = 3, Stage = "hello", Lesson = "extra", Expectation = "the greeting 'hello world' in {extraFile}", Why = "the lesson asks for it", Hint = "write 'greeting: hello world' under extra:" },
            (session, _) => Task.FromResult(Section(session.Target).Text("greeting") is "hello world"
                ? Judgement.Pass("greeting: hello world")
                : Judgement.Fail($"greeting: {Section(session.Target).Text("greeting") ?? "none"}"))),
        new(new CheckDefinition { Id = "extra.answer", Points = 2, Stage = "hello", Lesson = "extra", Expectation = "the answer 42", Why = "the lesson says so", Hint = "write 'answer: 42' under extra:" },
            (session, _) => Task.FromResult(Section(session.Target).Text("answer") is "42"
                ? Judgement.Pass("answer: 42")
                : Judgement.Fail($"answer: {Section(session.Target).Text("answer") ?? "none"}"))),
    ];

    public string TargetSection => "extra section";

    public IReadOnlyList<string> TargetKeys { get; } = ["extra"];

    public bool Describes(Target target) => target?.Sections.ContainsKey("extra") == true;

    public IReadOnlyDictionary<string, string> TextValues(Target target) =>
        new Dictionary<string, string> { ["extraFile"] = "the target's extra section" };

    public Task<StageReached?> ReachedAsync(Harness.Gathering.LabSession session, CancellationToken cancellationToken = default) =>
        Task.FromResult<StageReached?>(new StageReached("hello", "the target has an extra section"));

    private static TargetSection Section(Target target) => target.Sections["extra"];
}
