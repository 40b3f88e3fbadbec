using OmiStack.Lessons.Questions;
using OmiStack.Checks.Adapter;

namespace OmiStack.Checks.Questions;

/// <summary>The lesson's questions for one student: one test per question of the answer key.</summary>
public sealed class QuestionsSuite(string student) : LessonSuite<QuestionsModule>(student);
