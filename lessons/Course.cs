using OmiStack.Harness.Lessons;

namespace OmiStack.Lessons;

/// <summary>
/// The registry: every lesson this course grades, in the order its reports list them. Adding a lesson
/// is a folder with its module, its checks and a one-line suite, and one line here (docs/adding-a-lesson.md).
/// </summary>
public static class Course
{
    /// <summary>The course's lessons.</summary>
    public static LessonCatalog Lessons { get; } = new(
    [
        new Lesson1.Lesson1Module(),
        new Lesson2.Lesson2Module(),
        new Questions.QuestionsModule(),
    ]);
}
