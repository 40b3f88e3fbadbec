using OmiStack.Harness.Gathering;

namespace OmiStack.Harness.Checks;

/// <summary>A check: its definition and the judge that decides it from a lab session.</summary>
public sealed record Check(CheckDefinition Definition, Func<LabSession, CancellationToken, Task<Judgement>> Judge)
{
    /// <summary>The check's id.</summary>
    public string Id => Definition.Id;

    /// <summary>
    /// The judge changes something in the student's lab (registry.pull's probe): it runs only when the
    /// check itself is asked for, never ahead of time beside the other checks of its stage.
    /// </summary>
    public bool ChangesTheLab { get; init; }

    /// <summary>
    /// The judge disturbs what other checks look at (the self-healing probe stops a running container): never judged
    /// ahead beside its stage's checks, and judged only once every check of its lesson being judged has finished.
    /// </summary>
    public bool DisturbsTheLab { get; init; }

    /// <summary>The run's switch this check needs on, or null: part of every run.</summary>
    public OptIn? OptIn { get; init; }
}
