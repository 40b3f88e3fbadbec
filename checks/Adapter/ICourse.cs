using OmiStack.Engine.Settings;
using OmiStack.Harness.Lessons;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// A course the NUnit adapter runs: its lessons for a run's options, and its embedded default's labs. A suite names its
/// course (<see cref="LessonSuite{TLesson, TCourse}"/>); the course of this repository is <see cref="OmiStackCourse"/>.
/// </summary>
public interface ICourse
{
    /// <summary>The lessons of a run with <paramref name="options"/> (its answer key's questions among them).</summary>
    LessonCatalog Catalog(RunOptions options);

    /// <summary>The lessons' embedded labs: called only for the embedded default (a run on a target loads no lab).</summary>
    IReadOnlyList<EmbeddedLab> Labs();

    /// <summary>The run's options as this course takes them (a course of tests may grade its own lab, say); as given by default.</summary>
    RunOptions Adjust(RunOptions options) => options;
}

/// <summary>"Container Orchestration 1": Lessons 1 and 2 and the questions (<see cref="Lessons.Course"/>), with their labs.</summary>
public sealed class OmiStackCourse : ICourse
{
    /// <inheritdoc />
    public LessonCatalog Catalog(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Lessons.Course.Catalog(options.AnswerKeyFile, options.AnswersFile);
    }

    // The labs are named in this method's body only: a run on a student's target never loads the fixtures.

    /// <inheritdoc />
    public IReadOnlyList<EmbeddedLab> Labs() => Fixtures.Embedded.EmbeddedLabs.Course;
}
