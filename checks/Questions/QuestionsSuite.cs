using OmiStack.Checks.Grading;

namespace OmiStack.Checks.Questions;

/// <summary>The lesson's questions for one student: one test per question of the answer key.</summary>
[TestFixtureSource(typeof(Students), nameof(Students.Keys))]
[Parallelizable(ParallelScope.Self)]
public sealed class QuestionsSuite(string student) : CheckFixture(student)
{
    private static IEnumerable<TestCaseData> Cases => QuestionChecks.Questions.Select(q =>
        new TestCaseData(q.CheckId)
            .SetName(q.CheckId)
            .SetProperty("Id", q.CheckId)
            .SetProperty("Points", q.Points)
            .SetProperty("Stage", "questions")
            .SetProperty("Lesson", "questions")
            .SetCategory("questions"));

    [TestCaseSource(nameof(Cases))]
    public Task Question(string id) => CheckAsync(id, null);
}
