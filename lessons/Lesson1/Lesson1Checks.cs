using OmiStack.Harness.Docker;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Lesson1;

/// <summary>
/// Lesson 1 (Docker Swarm): every task of the lesson sheet as a check. Ids, points and stages are a
/// contract (issue "Lesson 1 check suite"); expectations, reasons and hints quote the lesson sheet.
/// </summary>
public static partial class Lesson1Checks
{
    /// <summary>The lesson's name in reports.</summary>
    public const string Lesson = "lesson1";

    /// <summary>The checks, in the order the lesson meets them.</summary>
    public static IReadOnlyList<Check> All { get; } =
    [
        new(new() { Id = "swarm.docker", Points = 5, Stage = "setup", Lesson = Lesson,
            Expectation = "every node to answer over SSH with a running Docker engine",
            Why = "the lesson starts from three VMs with Docker installed ('docker ps -a' works on each)",
            Hint = "log in to each VM ('ssh ubuntu@<floating IP>') and run 'docker ps -a'; on 'permission denied' wait for cloud-init and log in again" }, DockerAnswersAsync),
        new(new() { Id = "swarm.active", Points = 5, Stage = "setup", Lesson = Lesson,
            Expectation = "an active swarm with {manager} as its manager and leader",
            Why = "the lesson runs 'docker swarm init --advertise-addr $PRIV_IP_DOCKERNODE1' on {manager}",
            Hint = "on {manager}: docker swarm init --advertise-addr <private IP of {manager}>" }, SwarmActiveAsync),
        new(new() { Id = "swarm.nodes", Points = 10, Stage = "setup", Lesson = Lesson,
            Expectation = "exactly {nodes} in the swarm, all Ready and Active, all but {manager} workers",
            Why = "the lesson joins the other VMs with the 'docker swarm join' command that swarm init printed, and validates with 'docker node ls'",
            Hint = "on {manager}: docker swarm join-token worker; run the printed 'docker swarm join --token ... <manager IP>:2377' on every other node; check with 'docker node ls'" }, SwarmNodesAsync),
        new(new() { Id = "ghost.service", Points = 10, Stage = "ghost", Lesson = Lesson,
            Expectation = "service ghost-blog, replicated, image ghost, 3/3 running, publishing port 80 to 2368",
            Why = "the lesson creates it with 'docker service create --replicas 3 --name ghost-blog --publish 80:2368 ghost'",
            Hint = "on {manager}: docker service create --replicas 3 --name ghost-blog --publish 80:2368 ghost; watch 'docker service ls' until 3/3" }, GhostServiceAsync),
        new(new() { Id = "ghost.spread", Points = 5, Stage = "ghost", Lesson = Lesson,
            Expectation = "one running ghost-blog task on each node",
            Why = "Swarm distributes the three replicas among the three nodes ('docker service ps ghost-blog')",
            Hint = "make every node Ready and Active (docker node ls) and create the service without placement constraints; check 'docker service ps ghost-blog'" }, GhostSpreadAsync),
        new(new() { Id = "ghost.mesh", Points = 5, Stage = "scale", Lesson = Lesson,
            Expectation = "ghost-blog scaled to 1 running replica and the Ghost page on port 80 of every node",
            Why = "the lesson scales with 'docker service scale ghost-blog=1' and the routing mesh serves the blog on every floating IP",
            Hint = "on {manager}: docker service scale ghost-blog=1; then open http://<each floating IP>/ (publish in ingress mode, the default)" }, GhostMeshAsync),
        new(new() { Id = "registry.running", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "a registry container on {registryNode} publishing port {registryPort}, restart policy always",
            Why = "the lesson runs 'docker run -d -p 5000:5000 --restart=always --name registry ... registry:2' on {registryNode}",
            Hint = "on {registryNode}: docker run -d -p 5000:5000 --restart=always --name registry -v /opt/certs:/certs -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/fullchain.pem -e REGISTRY_HTTP_TLS_KEY=/certs/privkey.pem registry:2" }, RegistryRunningAsync),
        new(new() { Id = "registry.tls", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "HTTPS on port {registryPort} with a certificate valid for {registryHost}",
            Why = "the registry serves the certbot certificate of the node's public host name (REGISTRY_HTTP_TLS_CERTIFICATE)",
            Hint = "sudo certbot certonly --standalone -d {registryHost}; copy fullchain.pem and privkey.pem to /opt/certs; run the registry with -v /opt/certs:/certs and both REGISTRY_HTTP_TLS_ variables" }, RegistryTlsAsync),
        new(new() { Id = "registry.images", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "the images mediawiki and database in the registry's catalog",
            Why = "the lesson builds both with docker-compose build and pushes them to {registry}",
            Hint = "on {registryNode}: docker-compose build; docker push {registry}/database; docker push {registry}/mediawiki" }, RegistryImagesAsync),
        new(new() { Id = "registry.pull", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "{worker} to pull {registry}/database",
            Why = "the lesson validates the registry from {worker} with 'docker pull {registry}/database'",
            Hint = "on {worker}: docker pull {registry}/database (the node must trust the registry's certificate)" }, RegistryPullAsync) { ChangesTheLab = true },
        new(new() { Id = "stack.services", Points = 10, Stage = "final", Lesson = Lesson,
            Expectation = "stack mediawiki with web 2/2 and database 1/1 running, replicated",
            Why = "the lesson deploys docker-compose.yml (web: 2 replicas, port 80; database: 1 replica) with 'docker stack deploy'",
            Hint = "on {manager}: docker stack deploy --compose-file docker-compose.yml mediawiki; check 'docker stack ps mediawiki'" }, StackServicesAsync),
        new(new() { Id = "stack.images", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "both stack services running images from {registry}",
            Why = "the compose file names image: {registry}/mediawiki and {registry}/database, so every node pulls from the private registry",
            Hint = "set 'image: {registry}/mediawiki' and 'image: {registry}/database' in docker-compose.yml and run docker stack deploy again" }, StackImagesAsync),
        new(new() { Id = "stack.mesh", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "the MediaWiki page on port 80 of every node",
            Why = "web publishes 80:80 through the routing mesh, so every floating IP serves the wiki",
            Hint = "check 'docker service ls' shows mediawiki_web 2/2 with *:80->80/tcp, then open http://<each floating IP>/" }, StackMeshAsync),
        new(new() { Id = "cleanup.ghost", Points = 5, Stage = "final", Lesson = Lesson,
            Expectation = "no ghost-blog service",
            Why = "the lesson removes the test service with 'docker service rm ghost-blog' before it continues",
            Hint = "on {manager}: docker service rm ghost-blog" }, CleanupGhostAsync),
    ];

    /// <summary>
    /// The opt-in probes (<see cref="OptIn.SelfHealing"/>): part of a run only where its switch is on, each with 0 points
    /// unless the course's rubric gives it some.
    /// </summary>
    public static IReadOnlyList<Check> Probes { get; } =
    [
        new(new() { Id = "ghost.heals", Points = 0, Stage = "ghost", Lesson = Lesson,
            Expectation = "the swarm to replace a stopped ghost-blog container (OmiStack stops one) while the other nodes keep serving the Ghost page",
            Why = "Swarm keeps a service at its desired state: when a task's container stops it runs a new task, and the routing mesh serves from the other replicas meanwhile ('docker service ps ghost-blog' shows the replaced task)",
            Hint = "keep ghost-blog's default restart policy (docker service update --restart-condition any ghost-blog); watch 'docker service ps ghost-blog' after 'docker stop' of one of its containers" }, GhostHealsAsync)
            { ChangesTheLab = true, DisturbsTheLab = true, OptIn = OptIn.SelfHealing },
        new(new() { Id = "stack.heals", Points = 0, Stage = "final", Lesson = Lesson,
            Expectation = "the swarm to replace a stopped mediawiki_web container (OmiStack stops one) while the other nodes keep serving the MediaWiki page",
            Why = "a stack's services are swarm services: when a container of web stops, the swarm runs a new task, and the routing mesh serves from the other replica meanwhile",
            Hint = "leave deploy.restart_policy out of docker-compose.yml (or set condition: any) and run docker stack deploy again; watch 'docker service ps mediawiki_web' after 'docker stop' of one of its containers" }, StackHealsAsync)
            { ChangesTheLab = true, DisturbsTheLab = true, OptIn = OptIn.SelfHealing },
    ];

    /// <summary>Every check, the probes among them, each after the last check of its stage (the module's list).</summary>
    public static IReadOnlyList<Check> WithProbes { get; } =
        [.. All.SelectMany(c => Probes.Where(p => p.Definition.Stage == c.Definition.Stage && All.Last(l => l.Definition.Stage == c.Definition.Stage) == c).Prepend(c))];

    /// <summary>A check by id, a probe included.</summary>
    public static Check ById(string id) =>
        WithProbes.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"Lesson 1 has no check '{id}'.");

    /// <summary>The values the check texts name: {manager}, {worker}, {nodes}, {registry}, ...</summary>
    public static CheckContextText TextFor(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var registry = target.Registry;
        return new CheckContextText(new Dictionary<string, string>
        {
            ["manager"] = target.Nodes.Count > 0 ? target.Nodes[0].Name : "dockernode1",
            ["worker"] = target.Nodes.Count > 1 ? target.Nodes[1].Name : "dockernode2",
            // A target without nodes (a roster entry that cannot be used) reads the lesson's own three, never an empty list.
            ["nodes"] = target.Nodes.Count > 0 ? string.Join(", ", target.Nodes.Select(n => n.Name)) : "dockernode1, dockernode2, dockernode3",
            ["registry"] = registry is null ? "<registry host>:5000" : RegistryReference(registry),
            ["registryHost"] = registry?.Host ?? "<registry host>",
            ["registryPort"] = (registry?.Port ?? 5000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["registryNode"] = registry?.Node ?? (target.Nodes.Count > 0 ? target.Nodes[0].Name : "dockernode1"),
        });
    }

    /// <summary>HOST:PORT as image references name the registry.</summary>
    public static string RegistryReference(RegistryTarget registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Port == 443 ? registry.Host : $"{registry.Host}:{registry.Port}";
    }

    /// <summary>
    /// Judges the swarm, polling again only while what the check looks at is moving (Docker's own
    /// signals: <see cref="SwarmMotion"/>) and the judge does not pass yet, bounded by the convergence
    /// bound; a settled state is judged at once. A fail that was still moving when the bound ran out says so.
    /// </summary>
    private static Task<Judgement> ConvergedAsync(LabSession session, Func<SwarmSnapshot, Judgement> judge, Func<SwarmSnapshot, string?> motion, CancellationToken cancellationToken) =>
        session.JudgeConvergedAsync((refresh, ct) => session.Docker().SwarmAsync(refresh, ct), judge, motion, cancellationToken);

    /// <summary>Motion of the named services, a service whose tasks are younger than the settle time included.</summary>
    private static Func<SwarmSnapshot, string?> Moving(LabSession session, params string[] services) =>
        swarm => SwarmMotion.Of(swarm, services.Select(swarm.Service), session.Options.Stability);

    /// <summary>
    /// Why a replicated service with the right desired count does not count as running <paramref name="replicas"/>
    /// (a suffix for its message), or null where it does: too few running, and why (its tasks failing within the
    /// window, else the last task error); or all running but not staying up (failures within the window), or not up
    /// for the settle time yet.
    /// </summary>
    private static string? ReplicaProblem(SwarmSnapshot swarm, Docker.DotNet.Models.SwarmService service, ulong replicas, StabilityOptions stability)
    {
        var stable = ServiceStability.Of(swarm, service, stability);
        if ((ulong)swarm.RunningTasks(service).Count != replicas)
        {
            return stable.Describe(swarm) is { } failing ? $": {failing}"
                : swarm.LastTaskError(service) is { } err ? $" (task error: {err})"
                : "";
        }

        return stable.Describe(swarm) is { } unsteady ? $", but {unsteady}"
            : stable.NotSettledText is { } young ? $", but {young}"
            : null;
    }

}
