using OmiStack.Harness.Gathering;

using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson2;

/// <summary>
/// Lesson 2 (Rancher 1.6): the lesson's tasks as checks against the server's v2-beta API and
/// real HTTP to the hosts. Ids and points are a contract (issue "Lesson 2 check suite");
/// expectations, reasons and hints quote the lesson sheet. Graded for targets with a rancher section.
/// </summary>
public static partial class Lesson2Checks
{
    /// <summary>The lesson's name in reports.</summary>
    public const string Lesson = "lesson2";

    /// <summary>The stack the lesson imports.</summary>
    public const string StackName = "mediawiki";

    /// <summary>The load balancer's names the lesson sheet leads to (its own spelling, and the right one).</summary>
    public static readonly IReadOnlyList<string> LoadBalancerNames = ["wiki-loadblancer", "wiki-loadbalancer"];

    /// <summary>The checks, in the order the lesson meets them.</summary>
    public static IReadOnlyList<Check> All { get; } =
    [
        new(new() { Id = "rancher.server", Points = 5, Stage = "rancher", Lesson = Lesson,
            Expectation = "the Rancher v2-beta API at {rancherUrl} (its schema document)",
            Why = "the lesson starts the server on rancher-master with 'docker run -d --restart=unless-stopped -p 8080:8080 --name rancher rancher/server:stable'",
            Hint = "on rancher-master: docker run -d --restart=unless-stopped -p 8080:8080 --name rancher rancher/server:stable; wait until http://<public IP>:8080/ shows the dashboard (it takes several seconds)" }, ServerAsync),
        new(new() { Id = "rancher.auth", Points = 5, Stage = "rancher", Lesson = Lesson,
            Expectation = "the account API key {rancherAccessKey} to authenticate",
            Why = "the lesson creates an account API key (API > Keys > Add Account API Key) for the CLI ('rancher config', then 'rancher ps')",
            Hint = "in the dashboard: API > Keys > Add Account API Key; put its Access Key and Secret Key in the target's rancher section; check with 'rancher ps'" }, AuthAsync),
        new(new() { Id = "rancher.hosts", Points = 5, Stage = "rancher", Lesson = Lesson,
            Expectation = "every host ({rancherHosts}) registered, active, its agent connected",
            Why = "the lesson registers every VM, rancher-master included, with the 'sudo docker run ... rancher/agent' command of Infrastructure > Hosts > Add Host",
            Hint = "Infrastructure > Hosts > Add Host with Host Registration URL http://<private IP of rancher-master>:8080; run the shown 'sudo docker run ... rancher/agent ...' on every host not listed; for a disconnected host check its agent (docker ps -a; docker logs rancher-agent)" }, HostsAsync),
        new(new() { Id = "rancher.stack", Points = 10, Stage = "mediawiki", Lesson = Lesson,
            Expectation = "stack mediawiki active and healthy, with services web and database active, images from {registry}",
            Why = "the lesson imports its docker-compose.yml (web: image {registry}/mediawiki, ports 80:80; database: image {registry}/database) as stack mediawiki",
            Hint = "Stacks > Add Stack, name mediawiki, the lesson's docker-compose.yml with image: {registry}/mediawiki and image: {registry}/database (build and push both first); a degraded stack: open it and read the failing service's container logs" }, StackAsync),
        new(new() { Id = "rancher.lb", Points = 10, Stage = "mediawiki", Lesson = Lesson,
            Expectation = "a load balancer in stack mediawiki on every host (global), port rule 80 -> web:80",
            Why = "the lesson adds a load balancer 'wiki-loadblancer' with Scale 'Always run one instance of this container on every host', Request Port 80, Target web Port 80",
            Hint = "in stack mediawiki: Add Service > Load Balancer; Scale: Always run one instance of this container on every host; Name: wiki-loadbalancer; Request Port 80, Target web, Port 80" }, LoadBalancerAsync),
        new(new() { Id = "rancher.lb-mesh", Points = 10, Stage = "mediawiki", Lesson = Lesson,
            Expectation = "the MediaWiki page on port 80 of every host ({rancherHosts})",
            Why = "with a load balancer on every host, the wiki answers on the floating IP of any host, not only where web runs",
            Hint = "make the load balancer global with the port rule 80 -> web:80, then open http://<floating IP of each host>/" }, LoadBalancerMeshAsync),
        new(new() { Id = "rancher.healthcheck", Points = 5, Stage = "mediawiki", Lesson = Lesson,
            Expectation = "a health check on service web (port, HTTP request or TCP, thresholds)",
            Why = "the lesson configures web's Health Check so Rancher restarts containers whose web server stops answering (Docker only reacts to stopped containers)",
            Hint = "in stack mediawiki: web > Upgrade > Health Check: HTTP, port 80, request path /, healthy threshold 2, unhealthy threshold 3" }, HealthCheckAsync),
    ];

    /// <summary>The values the check texts name: {rancherUrl}, {rancherHosts}, {rancherAccessKey}.</summary>
    public static IReadOnlyDictionary<string, string> TextValues(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var rancher = target.Rancher;
        return new Dictionary<string, string>
        {
            ["rancherUrl"] = rancher?.Url ?? "http://<rancher-master>:8080",
            ["rancherHosts"] = rancher is null ? "rancher-master, rancher-host1" : string.Join(", ", rancher.Hosts.Select(h => h.Name)),
            ["rancherAccessKey"] = rancher?.AccessKey ?? "<access key>",
        };
    }

    /// <summary>
    /// Reads the Rancher state until <paramref name="judge"/> passes or nothing settles any more (bounded),
    /// then judges the last state; inconclusive where one of the <paramref name="collections"/> the judge
    /// reads could not be read (other checks still judge theirs).
    /// </summary>
    private static Task<Judgement> ConvergedAsync(Harness.Gathering.LabSession session, string[] collections, Func<Harness.Rancher.RancherState, Judgement> judge, CancellationToken cancellationToken) =>
        session.JudgeConvergedAsync(
            (refresh, ct) => session.Rancher().StateAsync(StackName, refresh, ct),
            s => s.ProblemFor(collections) ?? judge(s),
            s => s.Motion,
            cancellationToken);

    /// <summary>
    /// The stage a Rancher server has reached: a stack mediawiki → mediawiki, else rancher (server,
    /// key, hosts). Null where the API cannot be read.
    /// </summary>
    public static async Task<StageReached?> ReachedAsync(Harness.Gathering.LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Target.Rancher is null)
        {
            return null;
        }

        var state = await session.Rancher().StateAsync(StackName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return !state.Ok || state.Value!.ProblemFor(Harness.Rancher.RancherState.StacksCollection) is not null ? null
            : state.Value!.Stack(StackName) is { } stack ? new StageReached("mediawiki", $"stack {StackName} {stack.State}")
            : new StageReached("rancher", $"no stack {StackName} yet");
    }

}
