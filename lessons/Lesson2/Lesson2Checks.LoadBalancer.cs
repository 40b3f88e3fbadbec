using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;
using OmiStack.Harness.Rancher;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson2;

public static partial class Lesson2Checks
{
    private static Task<Judgement> LoadBalancerAsync(LabSession session, CancellationToken cancellationToken) =>
        ConvergedAsync(session, [RancherState.StacksCollection, RancherState.ServicesCollection, RancherState.HostsCollection], s => JudgeLoadBalancer(session.Target, s), cancellationToken);

    /// <summary>The rancher.lb rule: an active, global load balancer in the stack with the port rule 80 -> web:80.</summary>
    public static Judgement JudgeLoadBalancer(Target target, RancherState state)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Stack(StackName) is not { } stack)
        {
            return Judgement.Fail(NoStack(state)).WithParts(0, 3);
        }

        var services = state.ServicesOf(stack);
        var web = Web(state, stack);
        var balancers = services.Where(s => s.IsLoadBalancer).ToList();
        if (balancers.Count == 0)
        {
            var elsewhere = state.Services.Where(s => s.IsLoadBalancer && s.State != "removed").ToList();
            var stackNames = state.Stacks.ToDictionary(s => s.Id, s => s.Name);
            return Judgement.Fail(elsewhere.Count == 0
                ? $"no load balancer service (stack {stack.Name} has: {Names(services)})"
                : $"no load balancer in stack {stack.Name}; found {string.Join(", ", elsewhere.Select(b => $"{b.Name} in stack {(b.StackId is not null && stackNames.TryGetValue(b.StackId, out var n) ? n : b.StackId)}"))}").WithParts(0, 3);
        }

        var balancer = balancers.FirstOrDefault(b => LoadBalancerNames.Contains(b.Name))
            ?? balancers.FirstOrDefault(b => web is not null && (b.LbConfig?.PortRules ?? []).Any(r => r.ServiceId == web.Id))
            ?? balancers[0];
        var problems = new List<string>();
        var done = 0;
        var trouble = Trouble(balancer.Name, balancer.State, balancer.HealthState);
        if (trouble is null)
        {
            done++;
        }
        else
        {
            problems.Add(trouble);
        }

        var labels = balancer.LaunchConfig;
        if (labels?.IsGlobal == true)
        {
            var missing = MissingInstances(target, state, balancer);
            if (missing.Count == 0)
            {
                done++;
            }
            else
            {
                problems.Add($"{balancer.Name} is global but has no instance on {string.Join(", ", missing)}");
            }
        }
        else
        {
            problems.Add($"{balancer.Name} is not global: scale {balancer.Scale?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} instead of 'Always run one instance of this container on every host' (label io.rancher.scheduler.global)");
        }

        var rules = balancer.LbConfig?.PortRules ?? [];
        var serviceNames = state.Services.ToDictionary(s => s.Id, s => s.Name);
        string Describe(RancherPortRule r) =>
            $"{r.SourcePort} -> {(r.ServiceId is not null && serviceNames.TryGetValue(r.ServiceId, out var n) ? n : r.ServiceId ?? "(selector)")}:{r.TargetPort}";
        if (web is null)
        {
            problems.Add($"no service web in stack {stack.Name} for the port rule to target");
        }
        else if (rules.Any(r => r.SourcePort == 80 && r.TargetPort == 80 && r.ServiceId == web.Id))
        {
            done++;
        }
        else
        {
            problems.Add($"no port rule 80 -> web:80 (rules: {(rules.Count == 0 ? "none" : string.Join(", ", rules.Select(Describe)))})");
        }

        var found = $"{balancer.Name}: {(labels?.IsGlobal == true ? "global" : "not global")}, rules {(rules.Count == 0 ? "none" : string.Join(", ", rules.Select(Describe)))}";
        return problems.Count == 0
            ? Judgement.Pass(found)
            : Judgement.Fail(string.Join("; ", problems)).WithParts(done, 3);
    }

    /// <summary>Target hosts without an instance of a global balancer, where the API lists its endpoints.</summary>
    private static List<string> MissingInstances(Target target, RancherState state, RancherService balancer)
    {
        if (balancer.PublicEndpoints is not { Count: > 0 } endpoints)
        {
            return []; // no endpoints listed (an older server, nothing published yet): global scheduling is the evidence
        }

        return [.. target.Rancher!.Hosts
            .Where(h => state.HostFor(h) is { } host && !endpoints.Any(e => e.HostId == host.Id))
            .Select(h => h.Name)];
    }

    /// <summary>The mesh rule over every Rancher host, held over a few sweeps; silence from every failing host is a security group's or the network's, not a missing balancer's.</summary>
    private static async Task<Judgement> LoadBalancerMeshAsync(LabSession session, CancellationToken cancellationToken)
    {
        var hold = await MeshHold.SweepAsync(session.Target.Rancher!.Hosts, Lessons.Web.WebPages.MediaWiki, session, cancellationToken).ConfigureAwait(false);
        return await hold.JudgeAsync(failing => Task.FromResult(failing.Silent())).ConfigureAwait(false);
    }
}
