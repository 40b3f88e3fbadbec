namespace OmiStack.Harness.Waiting;

/// <summary>
/// A bounded wait ran out. The message names what was awaited, for how long, and the last thing seen,
/// e.g. "Waited 00:00:30 for 'sshd on node2:22'; last error: Connection refused".
/// </summary>
public sealed class DeadlineExceededException : TimeoutException
{
    /// <summary><paramref name="awaited"/> did not happen within <paramref name="timeout"/>; <paramref name="lastSeen"/> is the last state seen, where any.</summary>
    public DeadlineExceededException(string awaited, TimeSpan timeout, string? lastSeen, Exception? inner = null)
        : base(Format(awaited, timeout, lastSeen), inner)
    {
        Awaited = awaited;
        Timeout = timeout;
        LastSeen = lastSeen;
    }

    /// <summary>A description of what was awaited.</summary>
    public string Awaited { get; }

    /// <summary>The bound that ran out.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The last result or error observed before the bound ran out.</summary>
    public string? LastSeen { get; }

    private static string Format(string awaited, TimeSpan timeout, string? lastSeen) =>
        $"Waited {timeout:hh\\:mm\\:ss} for '{awaited}'; last {(lastSeen is null ? "seen: nothing" : lastSeen)}";
}
