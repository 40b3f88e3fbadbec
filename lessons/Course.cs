using OmiStack.Harness.Lessons;

namespace OmiStack.Lessons;

/// <summary>
/// The registry: every lesson this course grades, in the order its reports list them. Adding a lesson
/// is a folder with its module, its checks and a one-line suite, and one line here (docs/adding-a-lesson.md).
/// </summary>
public static class Course
{
    /// <summary>The course's lessons, the questions against the example key (no run's own key or answers file).</summary>
    public static LessonCatalog Lessons { get; } = Catalog();

    /// <summary>
    /// The course's lessons for a run: the questions against the run's answer key (<paramref name="answerKey"/>; the
    /// example key where null), with the run's own answers file (<paramref name="answers"/>) for a target that names none.
    /// </summary>
    public static LessonCatalog Catalog(string? answerKey = null, string? answers = null) => new(
    [
        new Lesson1.Lesson1Module(),
        new Lesson2.Lesson2Module(),
        new Questions.QuestionsModule(answerKey, answers),
    ]);
}
