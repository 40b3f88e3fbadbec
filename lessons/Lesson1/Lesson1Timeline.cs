using OmiStack.Harness.Docker;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;

namespace OmiStack.Lessons.Lesson1;

public static partial class Lesson1Checks
{
    /// <summary>Lesson 1's stages in the sheet's order.</summary>
    public static readonly IReadOnlyList<string> Stages = ["setup", "ghost", "scale", "final"];

    /// <summary>
    /// The stage a lab has reached, told from its state as the sheet orders the tasks: no swarm → start;
    /// a stack mediawiki or a registry container (the tasks after 'docker service rm ghost-blog') → final;
    /// else ghost-blog at 1 replica → scale; ghost-blog at another count → ghost; else setup.
    /// Null where the swarm cannot be read. Told once per session (until the lab moves or is read afresh): the checks
    /// that ask (a check the lab is past) and the run that records where the lab was read the same answer.
    /// </summary>
    public static async Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Target.Nodes.Count == 0)
        {
            return null;
        }

        return (await session.MemoAsync("stage reached lesson1", ct => TellStageAsync(session, ct), cancellationToken).ConfigureAwait(false)).Stage;
    }

    private static async Task<StageTold> TellStageAsync(LabSession session, CancellationToken cancellationToken) => new(await TellAsync(session, cancellationToken).ConfigureAwait(false));

    private static async Task<StageReached?> TellAsync(LabSession session, CancellationToken cancellationToken)
    {

        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (swarm.Problem is { } problem)
        {
            return problem.Verdict == Verdict.Fail ? new StageReached("start", problem.Found) : null;
        }

        var ghost = swarm.Value!.Service(Ghost);
        var ghostText = ghost is null ? $"no {Ghost}" : $"{Ghost} at {swarm.Value.ReplicasText(ghost)}";
        var final = new List<string>();
        if (swarm.Value.Services.Any(InStack))
        {
            final.Add("stack mediawiki deployed");
        }

        if (await RegistryNodeRunsRegistryAsync(session, cancellationToken).ConfigureAwait(false) is { } registryNode)
        {
            final.Add($"a registry container on {registryNode}");
        }

        if (final.Count > 0)
        {
            return new StageReached("final", $"{string.Join(", ", final)}; {ghostText}");
        }

        return ghost is null ? new StageReached("setup", $"an active swarm, {ghostText}, no registry, no stack")
            : SwarmSnapshot.DesiredReplicas(ghost) == 1 ? new StageReached("scale", $"{Ghost} scaled to 1")
            : new StageReached("ghost", ghostText);
    }

    /// <summary>
    /// Not judged now when the lesson's own later step changed what the check looks at: the lab has
    /// reached a stage after <paramref name="stage"/> and <paramref name="changed"/> holds.
    /// </summary>
    private static async Task<Judgement?> PastAsync(LabSession session, string stage, Func<SwarmSnapshot, bool> changed, CancellationToken cancellationToken)
    {
        var reached = await ReachedAsync(session, cancellationToken).ConfigureAwait(false);
        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return reached is not null && swarm.Ok && IndexOf(reached.Stage) > IndexOf(stage) && changed(swarm.Value!)
            ? Judgement.PastStage($"stage {reached}")
            : null;
    }

    private static int IndexOf(string stage) => Stages.ToList().IndexOf(stage);

    private static bool InStack(Docker.DotNet.Models.SwarmService service) =>
        service.Spec?.Labels is { } labels && labels.TryGetValue("com.docker.stack.namespace", out var ns) && ns == "mediawiki";

    private static async Task<string?> RegistryNodeRunsRegistryAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (session.Target.Registry is not { } registry || session.Target.Nodes.All(n => n.Name != registry.Node))
        {
            return null;
        }

        var probe = await session.NodeAsync(session.NodeNamed(registry.Node), cancellationToken).ConfigureAwait(false);
        if (probe.Handle is not { } node)
        {
            return null;
        }

        try
        {
            var containers = await RunningContainersAsync(session, node, cancellationToken).ConfigureAwait(false);
            return containers.Any(IsRegistry) ? node.Name : null;
        }
        catch (Exception ex) when (ex is Docker.DotNet.DockerApiException or Harness.Waiting.DeadlineExceededException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>A stage told (null: it could not be), as a session keeps it.</summary>
    private sealed record StageTold(StageReached? Stage);
}
