using OmiStack.Harness.Checks;

namespace OmiStack.Harness.Gathering;

/// <summary>
/// Data gathered from a lab, or why it could not be: gatherers return these, checks judge them.
/// <see cref="Problem"/> is already a judgement (inconclusive for an unreachable node, fail where
/// the absence itself is the student's error, e.g. no swarm).
/// </summary>
public sealed record Gathered<T>(T? Value, Judgement? Problem)
    where T : class
{
    /// <summary>Data.</summary>
    public static Gathered<T> Of(T value) => new(value, null);

    /// <summary>No data, and the judgement that follows.</summary>
    public static Gathered<T> Because(Judgement problem) => new(null, problem);

    /// <summary>True when there is data.</summary>
    public bool Ok => Problem is null;
}
