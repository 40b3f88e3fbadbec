using OmiStack.Harness.Docker;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;

namespace OmiStack.Lessons.Lesson1;

public static partial class Lesson1Checks
{
    private const string Web = "mediawiki_web";
    private const string Database = "mediawiki_database";

    private static async Task<Judgement> StackServicesAsync(LabSession session, CancellationToken cancellationToken)
    {
        return await ConvergedAsync(session, s => JudgeStackServices(s, session.Options.Stability), Moving(session, Web, Database), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stack.services rule on one snapshot: web 2/2 and database 1/1, replicated, each staying up (<paramref name="stability"/>: the defaults where null).</summary>
    public static Judgement JudgeStackServices(SwarmSnapshot swarm, StabilityOptions? stability = null)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        stability ??= new StabilityOptions();
        var stack = swarm.Services.Where(s => s.Spec?.Labels is { } labels && labels.TryGetValue("com.docker.stack.namespace", out var ns) && ns == "mediawiki").ToList();
        if (stack.Count == 0)
        {
            return Judgement.Fail($"no stack mediawiki (services: {ServiceNames(swarm)})");
        }

        var problems = new List<string>();
        var expected = new[] { (Web, 2UL), (Database, 1UL) };
        foreach (var (name, replicas) in expected)
        {
            if (swarm.Service(name) is not { } service)
            {
                problems.Add($"{name} is missing");
                continue;
            }

            var desired = SwarmSnapshot.DesiredReplicas(service);
            if (desired is null)
            {
                problems.Add($"{name} is global, not replicated");
            }
            else if (desired != replicas)
            {
                problems.Add($"{name} at {swarm.ReplicasText(service)}, expected {replicas}/{replicas}");
            }
            else if (ReplicaProblem(swarm, service, replicas, stability) is { } wrong)
            {
                problems.Add($"{name} at {swarm.ReplicasText(service)}{((ulong)swarm.RunningTasks(service).Count == replicas ? "" : $", expected {replicas}/{replicas}")}{wrong}");
            }
        }

        var listing = string.Join(", ", stack.Select(s => $"{s.Spec?.Name} {swarm.ReplicasText(s)}"));
        return problems.Count == 0
            ? Judgement.Pass(listing)
            : Judgement.Fail($"{string.Join("; ", problems)} (stack mediawiki: {listing})").WithParts(expected.Length - problems.Count, expected.Length);
    }

    private static async Task<Judgement> StackImagesAsync(LabSession session, CancellationToken cancellationToken)
    {
        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (swarm.Problem is { } problem)
        {
            return problem;
        }

        if (session.Target.Registry is not { } registry)
        {
            return NoRegistry;
        }

        var prefix = RegistryReference(registry) + "/";
        var images = new[] { Web, Database }.Select(name => (Name: name, Image: swarm.Value!.Service(name) is { } s ? SwarmSnapshot.ImageOf(s) : null)).ToList();
        var found = string.Join(", ", images.Select(i => $"{i.Name}: {i.Image ?? "no such service"}"));
        return images.All(i => i.Image?.StartsWith(prefix, StringComparison.Ordinal) == true)
            ? Judgement.Pass(found)
            : Judgement.Fail(found);
    }

    private static async Task<Judgement> StackMeshAsync(LabSession session, CancellationToken cancellationToken)
    {
        var running = await ConvergedAsync(session, s => s.Service(Web) is not { } w ? Judgement.Fail($"no service {Web}")
            : s.RunningTasks(w).Count > 0 ? Judgement.Pass($"{Web} running") : Judgement.Fail($"no running task of {Web} ({s.ReplicasText(w)})"), Moving(session, Web), cancellationToken).ConfigureAwait(false);
        if (running.Verdict != Verdict.Pass)
        {
            return running;
        }

        var swarm = await session.Docker().SwarmAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return swarm.Problem ?? await WebMesh.JudgeAsync(session, swarm.Value!, swarm.Value!.Service(Web)!, Lessons.Web.WebPages.MediaWiki, cancellationToken).ConfigureAwait(false);
    }
}
