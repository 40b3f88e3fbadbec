using OmiStack.Lessons.Lesson2;
using OmiStack.Checks.Adapter;

namespace OmiStack.Checks.Lesson2;

/// <summary>Lesson 2's checks for one student, in the lesson's order; a target without a rancher section skips them.</summary>
public sealed class Lesson2Suite(string student) : LessonSuite<Lesson2Module>(student);
