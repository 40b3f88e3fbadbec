using OmiStack.Fixtures.Rancher;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Checks.Lesson2;

/// <summary>
/// Lesson 2's embedded lab: three nodes behind the Rancher API double in the lesson's finished state
/// (Rancher 1.6 cannot run offline; see README, Grading Lesson 2). Every stage is already reached.
/// </summary>
internal sealed class Lesson2Lab(RancherDoubleLab lab) : ILessonLab
{
    public static async Task<Lesson2Lab> StartAsync(TextWriter progress, CancellationToken cancellationToken) =>
        new(await RancherDoubleLab.StartAsync(progress, cancellationToken).ConfigureAwait(false));

    public Target Provide(Target target) => target with { Rancher = lab.Target.Rancher };

    public Task<bool> ReachAsync(string stage, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public ValueTask DisposeAsync() => lab.DisposeAsync();
}
