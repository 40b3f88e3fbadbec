using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Lessons;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>
/// A stage's checks judged together: a check that changes the lab (registry.pull's pull) joins them only where the
/// host asks for every check anyway (omistack grade, a round); where it may not be asked (NUnit with a filter), it
/// runs only when asked. Either way it runs once. What was judged ahead ends when the run closes.
/// </summary>
public sealed class JudgeAheadTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("omistack-ahead-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_check_that_changes_the_lab_waits_to_be_asked_where_not_every_check_is()
    {
        var lesson = new ChangingLesson();
        await using var run = Open(lesson);

        await run.StepAsync("changing.read");
        await Task.Delay(100);

        lesson.Changes.Should().Be(0, "nobody asked for changing.change");
        (await run.StepAsync("changing.change")).Result.Should().Be(StepResult.Passed);
        lesson.Changes.Should().Be(1);
    }

    [Test]
    public async Task A_check_that_changes_the_lab_is_judged_with_its_stage_where_every_check_is_asked()
    {
        var lesson = new ChangingLesson();
        await using var run = Open(lesson);

        await run.StepAsync("changing.read", everyCheckAsked: true);
        await lesson.Changed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        (await run.StepAsync("changing.change", everyCheckAsked: true)).Result.Should().Be(StepResult.Passed);
        lesson.Changes.Should().Be(1, "judged ahead, and recorded when asked, once");
    }

    [Test]
    public async Task Closing_the_run_cancels_what_it_judged_ahead_and_waits_for_it()
    {
        var lesson = new ChangingLesson();
        var run = Open(lesson);
        await run.StepAsync("changing.read");
        await lesson.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await run.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        lesson.Cancelled.Task.IsCompleted.Should().BeTrue("the check judged ahead and never asked for ends with the run, before its session closes");
    }

    private StudentRun Open(ILesson lesson)
    {
        var target = Path.Combine(_folder, "s1.yaml");
        File.WriteAllText(target, "student: s1\nchanging: {}\n");
        var catalog = Course.Lessons.With(lesson);
        return StudentRuns.ForTargetFile(target, new GradingSetup(catalog, Rubric.Default, InstructorOverrides.None, new GradingOptions(), Path.Combine(_folder, "results")));
    }

    /// <summary>A lesson of one stage: a check that reads, and one that changes the lab (counted).</summary>
    private sealed class ChangingLesson : ILesson
    {
        private int _changes;

        public ChangingLesson()
        {
            Checks =
            [
                new(new CheckDefinition { Id = "changing.read", Points = 1, Stage = "one", Lesson = "changing", Expectation = "a reading", Why = "the lesson", Hint = "read" }, (_, _) => Task.FromResult(Judgement.Pass("read"))),
                new(new CheckDefinition { Id = "changing.change", Points = 1, Stage = "one", Lesson = "changing", Expectation = "a change", Why = "the lesson", Hint = "change" }, (_, _) =>
                {
                    Interlocked.Increment(ref _changes);
                    Changed.TrySetResult();
                    return Task.FromResult(Judgement.Pass("changed"));
                }) { ChangesTheLab = true },
                new(new CheckDefinition { Id = "changing.wait", Points = 1, Stage = "one", Lesson = "changing", Expectation = "a wait", Why = "the lesson", Hint = "wait" }, async (_, cancellationToken) =>
                {
                    Waiting.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    finally
                    {
                        Cancelled.TrySetResult();
                    }

                    return Judgement.Pass("waited");
                }),
            ];
        }

        public int Changes => Volatile.Read(ref _changes);

        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Id => "changing";

        public string Title => "A lesson with a check that changes the lab";

        public IReadOnlyList<string> Stages { get; } = ["one"];

        public IReadOnlyList<Check> Checks { get; }

        public string TargetSection => "changing section";

        public IReadOnlyList<string> TargetKeys { get; } = ["changing"];

        public bool Describes(Target target) => target.Sections.ContainsKey("changing");

        public IReadOnlyDictionary<string, string> TextValues(Target target) => new Dictionary<string, string>();

        public Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken = default) =>
            Task.FromResult<StageReached?>(new StageReached("one", "always"));
    }
}
