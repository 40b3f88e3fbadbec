using OmiStack.Harness.Rancher;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;

namespace OmiStack.Lessons.Lesson2;

public static partial class Lesson2Checks
{
    private static Task<Judgement> HostsAsync(LabSession session, CancellationToken cancellationToken) =>
        ConvergedAsync(session, [RancherState.HostsCollection], s => JudgeHosts(session, s), cancellationToken);

    /// <summary>The rancher.hosts rule: every target host is a Rancher host, active, its agent connected.</summary>
    public static Judgement JudgeHosts(LabSession session, RancherState state)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(state);
        var expected = session.Target.Rancher!.Hosts;
        var problems = new List<string>();
        var seen = new List<string>();
        foreach (var host in expected)
        {
            var found = state.HostFor(host);
            if (found is null)
            {
                problems.Add($"{host.Name} is not registered");
                continue;
            }

            // v2-beta shows a disconnected agent as the host's state; agentState says it on /v1.
            var agent = found.AgentState is null or "active" ? null : found.AgentState;
            if (found.State != "active" || agent is not null)
            {
                problems.Add($"{host.Name} is {found.State}{(agent is not null && agent != found.State ? $" (agent {agent})" : "")}");
            }
            else
            {
                seen.Add(host.Name);
            }
        }

        var others = state.Hosts.Where(h => h.State is not ("removed" or "purged") && !expected.Any(t => state.HostFor(t) == h)).Select(RancherState.NameOf).ToList();
        var extra = others.Count > 0 ? $" (also registered: {string.Join(", ", others)})" : "";
        return problems.Count == 0
            ? Judgement.Pass($"{string.Join(", ", seen)} active{extra}")
            : Judgement.Fail($"{string.Join("; ", problems)}{(seen.Count > 0 ? $"; active: {string.Join(", ", seen)}" : "")}{extra}").WithParts(seen.Count, expected.Count);
    }
}
