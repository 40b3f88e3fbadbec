using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson1;

/// <summary>Lesson 1 (Docker Swarm) as a module: graded where the target lists nodes.</summary>
public sealed class Lesson1Module : ILesson
{
    /// <inheritdoc />
    public string Id => Lesson1Checks.Lesson;

    /// <inheritdoc />
    public string Title => "Lesson 1 (Docker Swarm)";

    /// <inheritdoc />
    public IReadOnlyList<string> Stages => Lesson1Checks.Stages;

    /// <inheritdoc />
    public IReadOnlyList<Check> Checks => Lesson1Checks.WithProbes;

    /// <inheritdoc />
    public string TargetSection => "nodes";

    /// <inheritdoc />
    public IReadOnlyList<string> TargetKeys { get; } = ["ssh", "nodes", "registry"];

    /// <inheritdoc />
    public bool Describes(Target target) => target?.Nodes.Count > 0;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> TextValues(Target target) => Lesson1Checks.TextFor(target).Values;

    /// <inheritdoc />
    public Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken = default) =>
        Lesson1Checks.ReachedAsync(session, cancellationToken);

    /// <inheritdoc />
    public void Prefetch(LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Target.Nodes.Count > 0)
        {
            // The swarm, which most checks read: started now, beside the nodes' connects.
            _ = session.Docker().SwarmAsync().ContinueWith(static t => t.Exception, TaskScheduler.Default);
            // The registry's TLS handshake (cold, the final stage's slowest read): started now too.
            session.Registry().Prefetch();
            // The mesh's sweeps, a quarter second apart: their waits pass beside the rest.
            Harness.Http.MeshHold.Prefetch(session, session.Target.Nodes);
        }
    }
}
