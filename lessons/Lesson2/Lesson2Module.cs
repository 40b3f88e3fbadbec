using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson2;

/// <summary>Lesson 2 (Rancher 1.6) as a module: graded where the target has a rancher section.</summary>
public sealed class Lesson2Module : ILesson
{
    /// <inheritdoc />
    public string Id => Lesson2Checks.Lesson;

    /// <inheritdoc />
    public string Title => "Lesson 2 (Rancher 1.6)";

    /// <inheritdoc />
    public IReadOnlyList<string> Stages { get; } = ["rancher", "mediawiki"];

    /// <inheritdoc />
    public IReadOnlyList<Check> Checks => Lesson2Checks.All;

    /// <inheritdoc />
    public string TargetSection => "rancher section";

    /// <inheritdoc />
    public IReadOnlyList<string> TargetKeys { get; } = ["rancher", "registry"];

    /// <inheritdoc />
    public bool Describes(Target target) => target?.Rancher is not null;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> TextValues(Target target) => Lesson2Checks.TextValues(target);

    /// <inheritdoc />
    public Task<StageReached?> ReachedAsync(Harness.Gathering.LabSession session, CancellationToken cancellationToken = default) =>
        Lesson2Checks.ReachedAsync(session, cancellationToken);

    /// <inheritdoc />
    public void Prefetch(Harness.Gathering.LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        // The balancers' sweeps, a quarter second apart: their waits pass beside the API's reads.
        if (session.Target.Rancher is { } rancher)
        {
            Harness.Http.MeshHold.Prefetch(session, rancher.Hosts);
        }
    }
}
