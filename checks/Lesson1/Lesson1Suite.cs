using OmiStack.Lessons.Lesson1;
using OmiStack.Checks.Adapter;

namespace OmiStack.Checks.Lesson1;

/// <summary>Lesson 1's checks for one student, in the lesson's order; on the embedded default each first brings the lab to its stage.</summary>
public sealed class Lesson1Suite(string student) : LessonSuite<Lesson1Module>(student);
