using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Lessons;

/// <summary>
/// One lesson as a module (Chef InSpec's profile is the model): its id and title, its stages in the
/// lesson's order, its checks, and which part of the target file it grades. The grading run, the
/// reports, the rubric, the gradebook and the roster know lessons only through this interface.
/// </summary>
public interface ILesson
{
    /// <summary>The lesson's id: the checks' Lesson property, the rubric's and the gradebook's key (e.g. "lesson1").</summary>
    string Id { get; }

    /// <summary>What the lesson is called in prose ("Lesson 1 (Docker Swarm)").</summary>
    string Title { get; }

    /// <summary>The lesson's stages in the order the lesson reaches them; every check's stage is one of them.</summary>
    IReadOnlyList<string> Stages { get; }

    /// <summary>The checks, in the order the lesson meets them.</summary>
    IReadOnlyList<Check> Checks { get; }

    /// <summary>The part of the target file the lesson grades, as a skip message names it ("nodes", "a rancher section").</summary>
    string TargetSection { get; }

    /// <summary>
    /// The target file's top-level keys this lesson reads. Keys the harness does not type itself
    /// (<see cref="TargetLoader.TypedKeys"/>) reach the lesson as <see cref="Target.Sections"/>.
    /// </summary>
    IReadOnlyList<string> TargetKeys { get; }

    /// <summary>
    /// The lesson's own target sections with their schemas (fields, secrets, host lists): checked by the loader,
    /// their secrets scrubbed from everything the run writes. None by default (a section read as written).
    /// </summary>
    IReadOnlyList<SectionSchema> SectionSchemas => [];

    /// <summary>Whether a target is graded on this lesson (it has the lesson's part).</summary>
    bool Describes(Target target);

    /// <summary>The values this lesson's check texts name ({manager}, {rancherUrl}, ...), from the target.</summary>
    IReadOnlyDictionary<string, string> TextValues(Target target);

    /// <summary>
    /// The stage the lab has reached, told from its state (the lesson's timeline), and how it was told;
    /// null where the lesson cannot tell (nothing to read, or the lab cannot be read).
    /// </summary>
    Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// For a lab graded as it stands: starts gathering, in the background, what most of the lesson's checks
    /// read (memoised, errors kept for the checks), so they find it ready. Nothing by default.
    /// </summary>
    void Prefetch(LabSession session)
    {
    }
}

/// <summary>The stage a lab has reached, and what in the lab told it ("stack web deployed; no test service").</summary>
public sealed record StageReached(string Stage, string How)
{
    /// <inheritdoc />
    public override string ToString() => $"{Stage} ({How})";
}

/// <summary>
/// How the embedded default (no target given) starts a lesson's own local lab, which provides the lesson's
/// part of the target and knows how to reach each stage with the lesson's own steps. Kept apart from the
/// lesson's module: a lab is made of fixtures, which a run on a student's target never loads.
/// </summary>
/// <param name="Lesson">The lesson's id.</param>
/// <param name="StartAsync">Starts the lab (progress for the user, cancellation).</param>
public sealed record EmbeddedLab(string Lesson, Func<TextWriter, CancellationToken, Task<ILessonLab>> StartAsync);

/// <summary>A lesson's lab for the embedded default: its part of the target, and the lesson's steps to each stage.</summary>
public interface ILessonLab : IAsyncDisposable
{
    /// <summary>The target with this lab's part filled in (nodes and ssh, a rancher section, a lesson section).</summary>
    Target Provide(Target target);

    /// <summary>Brings the lab to <paramref name="stage"/> by the lesson's own steps; true when it changed the lab.</summary>
    Task<bool> ReachAsync(string stage, CancellationToken cancellationToken = default);
}
