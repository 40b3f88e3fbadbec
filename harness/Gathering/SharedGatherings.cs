using OmiStack.Harness.Evidence;

namespace OmiStack.Harness.Gathering;

/// <summary>
/// A session's shared gatherings (the swarm, memos), by key: each gathered once and read by every check
/// that asks, until refreshed or forgotten; then gathered again, a new generation. Recording, each read
/// notes the generation the check got. Re-judging, a check gets the generation it got live (a check that
/// polled got a later one than a check that ran beside it), each generation gathered from the evidence
/// in order.
/// </summary>
internal sealed class SharedGatherings(EvidenceLog evidence)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Generation, Task<object> Gathering)> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _gathered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Task<object>>> _replayed = new(StringComparer.Ordinal);

    /// <summary>The current generation of <paramref name="key"/>, gathered now if there is none or <paramref name="refresh"/>.</summary>
    public Task<object> GetAsync(string key, bool refresh, Func<Task<object>> gather)
    {
        // What the gathering asks is recorded under a scope of its own, never a check's (a memo may bear a check's id).
        var scope = ScopeOf(key);
        lock (_lock)
        {
            if (evidence.ReplayedGeneration(scope) is { } wanted)
            {
                var generations = _replayed.TryGetValue(key, out var list) ? list : _replayed[key] = [];
                while (generations.Count <= wanted)
                {
                    // One generation after the other: each takes the next answers of its requests.
                    var previous = generations.Count > 0 ? generations[^1] : Task.FromResult<object>(null!);
                    generations.Add(previous.ContinueWith(_ => EvidenceLog.SharedAsync(scope, gather), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap());
                }

                return generations[wanted];
            }

            if (refresh || !_current.TryGetValue(key, out var current))
            {
                var generation = _gathered.TryGetValue(key, out var count) ? count : 0;
                _gathered[key] = generation + 1;
                current = (generation, EvidenceLog.SharedAsync(scope, gather));
                _current[key] = current;
            }

            evidence.NoteRead(scope, current.Generation);
            return current.Gathering;
        }
    }

    /// <summary>The evidence scope of a shared gathering.</summary>
    private static string ScopeOf(string key) => "gathering " + key;

    /// <summary>The next read of <paramref name="key"/> gathers it again.</summary>
    public void Forget(string key)
    {
        lock (_lock)
        {
            _current.Remove(key);
        }
    }

    /// <summary>The lab moved: every gathering starts again from generation 0.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _current.Clear();
            _gathered.Clear();
            _replayed.Clear();
        }
    }
}
