using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Ssh;

/// <summary>
/// A command's outcome as evidence keeps it: its result, or the bound it ran out of (and what was last
/// seen), or why the connection could not run it.
/// </summary>
public sealed record ShellAnswer(CommandResult? Ran, string? LastSeen, string? Broken)
{
    /// <summary>The bound that ran out, when one did.</summary>
    public TimeSpan? Bound { get; init; }

    /// <summary>The result, or the exception the live command threw.</summary>
    public CommandResult Result(SshEndpoint endpoint, string command) =>
        Ran ?? (Broken is not null
            ? throw new SshUnavailableException(endpoint, SshFailure.Broken, Broken)
            : throw new DeadlineExceededException($"'{command}' on {endpoint.Name}", Bound ?? TimeSpan.Zero, LastSeen));
}
