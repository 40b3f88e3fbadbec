using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Rancher;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson2;

public static partial class Lesson2Checks
{
    private static Task<Judgement> StackAsync(LabSession session, CancellationToken cancellationToken) =>
        ConvergedAsync(session, [RancherState.StacksCollection, RancherState.ServicesCollection], s => JudgeStack(session.Target, s, session.Options.Stability), cancellationToken);

    /// <summary>
    /// The rancher.stack rule: stack and both services active and healthy, their containers not restarting (the
    /// defaults of <paramref name="stability"/> where null), images from the private registry.
    /// </summary>
    public static Judgement JudgeStack(Target target, RancherState state, StabilityOptions? stability = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        stability ??= new StabilityOptions();
        if (state.Stack(StackName) is not { } stack)
        {
            return Judgement.Fail(NoStack(state)).WithParts(0, 4);
        }

        var problems = new List<string>();
        var done = 0;
        var stackProblem = Trouble($"stack {stack.Name}", stack.State, stack.HealthState);
        if (stack.Name != StackName)
        {
            stackProblem ??= $"the stack is named {stack.Name}, not {StackName}";
        }

        Tally(stackProblem);
        var services = state.ServicesOf(stack);
        var images = new List<string>();
        var imageProblems = new List<string>();
        foreach (var (name, image) in new[] { ("web", "mediawiki"), ("database", "database") })
        {
            var service = services.FirstOrDefault(s => s.Name == name && !s.IsLoadBalancer);
            if (service is null)
            {
                Tally($"no service {name} in stack {stack.Name} (services: {Names(services)})");
                imageProblems.Add($"{name}: no service");
                continue;
            }

            Tally(Trouble(name, service.State, service.HealthState) ?? Restarts(state, service, stability));
            var used = service.LaunchConfig?.Image ?? "(no image)";
            images.Add($"{name}: {used}");
            if (ImageProblem(target, used, image) is { } wrong)
            {
                imageProblems.Add($"{name} runs {used}, {wrong}");
            }
        }

        if (imageProblems.Count == 0)
        {
            done++;
        }
        else
        {
            problems.AddRange(imageProblems.Where(p => !p.EndsWith(": no service", StringComparison.Ordinal)));
        }

        return problems.Count == 0
            ? Judgement.Pass($"stack {stack.Name} {stack.State}, {stack.HealthState ?? "no health state"}; {string.Join(", ", images)}")
            : Judgement.Fail(string.Join("; ", problems)).WithParts(done, 4);

        void Tally(string? problem)
        {
            if (problem is null)
            {
                done++;
            }
            else
            {
                problems.Add(problem);
            }
        }
    }

    private static async Task<Judgement> HealthCheckAsync(LabSession session, CancellationToken cancellationToken)
    {
        var state = await session.Rancher().StateAsync(StackName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return state.Problem ?? state.Value!.ProblemFor(RancherState.StacksCollection, RancherState.ServicesCollection) ?? JudgeHealthCheck(state.Value!);
    }

    /// <summary>The rancher.healthcheck rule: web has a health check with a port web listens on and thresholds.</summary>
    public static Judgement JudgeHealthCheck(RancherState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Stack(StackName) is not { } stack)
        {
            return Judgement.Fail(NoStack(state));
        }

        if (Web(state, stack) is not { } web)
        {
            return Judgement.Fail($"no service web in stack {stack.Name}");
        }

        if (web.LaunchConfig?.HealthCheck is not { } check)
        {
            return Judgement.Fail("web has no health check (launchConfig.healthCheck is empty)");
        }

        var what = check.RequestLine is { Length: > 0 } line ? $"HTTP {line}" : "TCP";
        var found = $"{what} on port {check.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, every {check.Interval ?? 0} ms, "
            + $"healthy after {check.HealthyThreshold ?? 0}, unhealthy after {check.UnhealthyThreshold ?? 0}, strategy {check.Strategy ?? "recreate"}";
        var listens = ContainerPorts(web.LaunchConfig.Ports);
        if (check.Port is not > 0)
        {
            return Judgement.Fail($"web's health check has no port: {found}");
        }

        if (listens.Count > 0 && !listens.Contains(check.Port.Value))
        {
            return Judgement.Fail($"web's health check probes port {check.Port}, but web listens on {string.Join(", ", listens)}: {found}");
        }

        return check.HealthyThreshold is > 0 && check.UnhealthyThreshold is > 0
            ? Judgement.Pass(found)
            : Judgement.Fail($"web's health check has no thresholds: {found}");
    }

    private static RancherService? Web(RancherState state, RancherStackResource stack) =>
        state.ServicesOf(stack).FirstOrDefault(s => s.Name == "web" && !s.IsLoadBalancer);

    private static string NoStack(RancherState state) =>
        $"no stack {StackName} in environment {state.Project.Name ?? state.Project.Id} (stacks: {(state.Stacks.Count == 0 ? "none" : string.Join(", ", state.Stacks.Select(s => s.Name)))})";

    private static string Names(IEnumerable<RancherService> services)
    {
        var names = services.Select(s => s.Name).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>Why a stack or service is not up: not active, or unhealthy/degraded/still initializing.</summary>
    private static string? Trouble(string what, string state, string? health) =>
        state != "active" ? $"{what} is {state}{(health is null ? "" : $" ({health})")}"
        : health is null or "healthy" or "started-once" ? null
        : $"{what} is {health}";

    /// <summary>
    /// Why a service's containers do not stay up, from Rancher's own count of starts: a container started more than
    /// once that first ran within the failure window keeps restarting. One that first ran before the window may have
    /// been restarted long ago (a host's reboot starts it again), which Rancher's fields cannot date: not counted.
    /// </summary>
    private static string? Restarts(RancherState state, RancherService service, StabilityOptions stability)
    {
        if (state.ReadAt is not { } now)
        {
            return null;
        }

        var restarting = state.ContainersOf(service)
            .Select(c => (Container: c, First: Harness.Docker.ContainerStability.TimeOf(c.FirstRunning)))
            .Where(c => c.Container.StartCount > 1 && c.First is { } first && now - first <= stability.FailureWindow)
            .OrderByDescending(c => c.Container.StartCount)
            .FirstOrDefault();
        if (restarting.Container is not { } container)
        {
            return null;
        }

        var name = container.Name ?? container.Id;
        var first = restarting.First!.Value.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return $"{service.Name} keeps restarting: its container {name} was started {container.StartCount} times since it first ran at {first} UTC, within the last {stability.WindowText}"
            + $" — read its logs (stack {StackName} > {service.Name} > {name} > View Logs)";
    }

    /// <summary>Why an image is not the lesson's one from the private registry, or null.</summary>
    private static string? ImageProblem(Target target, string image, string name)
    {
        var repository = Lesson1.Lesson1Checks.Repository(image); // Docker Hub's docker.io/ prefixes dropped
        if (target.Registry is { } registry)
        {
            var expected = $"{Lesson1.Lesson1Checks.RegistryReference(registry)}/{name}";
            return repository == expected ? null : $"not {expected}";
        }

        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? "" : repository[..slash];
        var fromRegistry = host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host == "localhost";
        return fromRegistry && repository.EndsWith("/" + name, StringComparison.Ordinal)
            ? null
            : $"not <private registry>/{name}";
    }

    /// <summary>Container ports of Rancher port specs ("80:80/tcp", "8080:80", "80/tcp").</summary>
    private static List<int> ContainerPorts(IReadOnlyList<string>? ports) =>
        [.. (ports ?? []).Select(p => p.Split('/')[0].Split(':')[^1])
            .Select(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : 0)
            .Where(p => p > 0)];
}
