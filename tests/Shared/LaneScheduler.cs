using System.Diagnostics;

namespace OmiStack.Tests.Shared;

// Linked into the unit and the integration suites.
/// <summary>
/// Gives fixtures their turns on a machine of <see cref="Cores"/> cores by <see cref="Lane"/>: a clock fixture takes
/// a core and the one clock place, a free fixture a core, an alone fixture every core. A turn is given to the waiting
/// fixture first in order that fits; a free fixture may pass a clock fixture that waits for the clock place, but
/// nothing passes an alone fixture: the machine drains for it. No turn is given before <see cref="Open"/> or before
/// the fixtures expected at once (<see cref="ExpectAtOnce"/>) have all asked, so the first turns go by order too, not
/// to whichever fixture asked first.
/// </summary>
internal sealed class LaneScheduler(int cores = 2)
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiting = [];
    private readonly List<string> _running = [];
    private int _coresFree = cores;
    private bool _clockTaken;
    private int _expected;
    private int _asked;
    private bool _open;
    private long _arrivals;

    /// <summary>The cores the lanes share.</summary>
    public int Cores { get; } = cores;

    /// <summary>The fixtures holding a turn now, by name.</summary>
    public IReadOnlyList<string> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _running];
            }
        }
    }

    /// <summary>
    /// Holds every turn until <paramref name="fixtures"/> fixtures have asked (the ones the run starts at once), or
    /// until <see cref="Open"/>. Zero opens at once.
    /// </summary>
    public void ExpectAtOnce(int fixtures)
    {
        lock (_gate)
        {
            _expected = fixtures;
            _open = _open || _asked >= fixtures;
            Grant();
        }
    }

    /// <summary>Gives turns from now on, whoever has asked (the bound on the gathering, or no count to wait for).</summary>
    public void Open()
    {
        lock (_gate)
        {
            _open = true;
            Grant();
        }
    }

    /// <summary>
    /// Waits for <paramref name="name"/>'s turn in <paramref name="lane"/>, <paramref name="order"/> its place in the
    /// plan (lower first); the turn is held until disposed.
    /// </summary>
    public Task<LaneTurn> WaitAsync(string name, Lane lane, int order, CancellationToken cancellationToken = default)
    {
        Waiter waiter;
        lock (_gate)
        {
            waiter = new Waiter(name, lane, order, _arrivals++, Stopwatch.StartNew(), new TaskCompletionSource<LaneTurn>(TaskCreationOptions.RunContinuationsAsynchronously));
            _asked++;
            _open = _open || (_expected > 0 && _asked >= _expected);
            _waiting.Add(waiter);
            Grant();
        }

        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    if (_waiting.Remove(waiter))
                    {
                        waiter.Turn.TrySetCanceled(cancellationToken);
                    }
                }
            });
        }

        return waiter.Turn.Task;
    }

    private void Grant()
    {
        if (!_open)
        {
            return;
        }

        foreach (var waiter in _waiting.OrderBy(w => w.Order).ThenBy(w => w.Arrival).ToList())
        {
            if (!Fits(waiter.Lane))
            {
                if (waiter.Lane == Lane.Alone)
                {
                    break; // the machine drains for it: nothing after it in order starts
                }

                continue;
            }

            Take(waiter.Lane, +1);
            _waiting.Remove(waiter);
            _running.Add(waiter.Name);
            waiter.Turn.TrySetResult(new LaneTurn(this, waiter.Name, waiter.Lane, waiter.Waiting.Elapsed));
        }
    }

    private bool Fits(Lane lane) => lane switch
    {
        Lane.Clock => !_clockTaken && _coresFree >= 1,
        Lane.Free => _coresFree >= 1,
        _ => _coresFree == Cores && !_clockTaken,
    };

    private void Take(Lane lane, int sign)
    {
        _coresFree -= sign * (lane == Lane.Alone ? Cores : 1);
        if (lane is Lane.Clock or Lane.Alone)
        {
            _clockTaken = sign > 0;
        }
    }

    internal void Release(LaneTurn turn)
    {
        lock (_gate)
        {
            Take(turn.Lane, -1);
            _running.Remove(turn.Name);
            Grant();
        }
    }

    private sealed record Waiter(string Name, Lane Lane, int Order, long Arrival, Stopwatch Waiting, TaskCompletionSource<LaneTurn> Turn);
}

/// <summary>A fixture's turn in its lane: held while it runs, given back once (disposing again does nothing).</summary>
internal sealed class LaneTurn(LaneScheduler scheduler, string name, Lane lane, TimeSpan waited) : IDisposable
{
    private int _released;

    /// <summary>The fixture holding it.</summary>
    public string Name { get; } = name;

    /// <summary>Its lane.</summary>
    public Lane Lane { get; } = lane;

    /// <summary>How long it waited for the turn.</summary>
    public TimeSpan Waited { get; } = waited;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            scheduler.Release(this);
        }
    }
}
