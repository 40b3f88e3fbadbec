using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Checks.Lesson1;

/// <summary>
/// Lesson 1's embedded lab: three bare nodes, and the lesson sheet's own commands (the reference
/// solution) applied stage by stage as the checks reach for them. Only the embedded default loads it.
/// </summary>
internal sealed class Lesson1Lab : ILessonLab
{
    private readonly NodeLab _lab;
    private readonly Lesson1Reference _reference;

    private Lesson1Lab(NodeLab lab)
    {
        _lab = lab;
        _reference = new Lesson1Reference(lab); // writes the lab CA: the target's caFile
    }

    public static async Task<Lesson1Lab> StartAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(progress).Build();
        try
        {
            await lab.StartAsync(cancellationToken).ConfigureAwait(false);
            return new Lesson1Lab(lab);
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Target Provide(Target target) => target with
    {
        Ssh = _lab.Target.Ssh,
        Nodes = _lab.Target.Nodes,
        Registry = _lab.Target.Registry,
    };

    public async Task<bool> ReachAsync(string stage, CancellationToken cancellationToken = default)
    {
        var wanted = Enum.Parse<Lesson1Stage>(stage, ignoreCase: true);
        if (_reference.Reached >= wanted)
        {
            return false;
        }

        await _reference.ReachAsync(wanted, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _reference.Dispose();
        await _lab.DisposeAsync().ConfigureAwait(false);
    }
}
