namespace OmiStack.Harness.Checks;

/// <summary>What a check found.</summary>
public enum Verdict
{
    /// <summary>The task is done as the lesson asks.</summary>
    Pass,

    /// <summary>The task is not done as the lesson asks.</summary>
    Fail,

    /// <summary>The check could not judge (host unreachable, key refused, timeout, missing kernel feature): never a pass.</summary>
    Inconclusive,
}
