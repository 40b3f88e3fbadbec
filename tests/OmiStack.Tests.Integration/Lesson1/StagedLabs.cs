using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// Labs that start at the setup stage (swarm formed), each with the lesson's own steps to move it on at its own
/// pace (the rounds, the hand-ins, a platform's history). Disposing removes every lab.
/// </summary>
internal sealed class StagedLabs : IAsyncDisposable
{
    private StagedLabs(IReadOnlyList<(NodeLab Lab, Lesson1Reference Reference)> labs) => Labs = labs;

    /// <summary>Each lab and its reference solution.</summary>
    public IReadOnlyList<(NodeLab Lab, Lesson1Reference Reference)> Labs { get; }

    /// <summary>Starts <paramref name="count"/> Formed labs at once.</summary>
    public static async Task<StagedLabs> StartAsync(int count)
    {
        var builder = new NodeLabBuilder().WithState(SwarmState.Formed).WithProgress(TestContext.Progress);
        var labs = Enumerable.Range(0, count).Select(_ => builder.Build()).ToList();
        await Task.WhenAll(labs.Select(l => l.StartAsync()));
        return new StagedLabs([.. labs.Select(l => (l, new Lesson1Reference(l)))]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (lab, reference) in Labs)
        {
            reference.Dispose();
            await lab.DisposeAsync();
        }
    }
}
