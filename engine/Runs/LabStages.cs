using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;

namespace OmiStack.Engine.Runs;

/// <summary>
/// The embedded default's labs, one per lesson, moved to a check's stage by the lesson's own steps when a check asks
/// for it (one move at a time); gathered state is forgotten when a lab moved. None for a target, graded as it stands.
/// </summary>
internal sealed class LabStages(IReadOnlyDictionary<ILesson, ILessonLab> labs, LabSession session) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether the run grades labs of its own (the embedded default).</summary>
    public bool Any => labs.Count > 0;

    /// <summary>Brings the lab of <paramref name="lesson"/> to <paramref name="stage"/>; a no-op where the run has no lab of it.</summary>
    public async Task ReachAsync(ILesson lesson, string stage, CancellationToken cancellationToken)
    {
        if (!labs.TryGetValue(lesson, out var lab))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await lab.ReachAsync(stage, cancellationToken).ConfigureAwait(false))
            {
                session.Invalidate();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var lab in labs.Values)
        {
            await lab.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
