using OmiStack.Checks.Grading;

namespace OmiStack.Checks.Questions;

/// <summary>The lesson's questions: one test per question of the answer key.</summary>
[TestFixture]
[Order(10)]
public sealed class QuestionsSuite : CheckFixture
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
    public Task Question(string id) => CheckAsync(id);
}
