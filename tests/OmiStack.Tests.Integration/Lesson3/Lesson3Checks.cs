using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Http;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// Lesson 3's checks: the status service on every host of the status section. Each host is read with
/// <see cref="LabSession.ShellAsync"/> (SSH alone: the hosts run no Docker) and over HTTP with the section's
/// token; every exchange goes through the run's evidence, so a re-judge needs no host.
/// </summary>
public static class Lesson3Checks
{
    /// <summary>Where the service keeps its port and its token.</summary>
    public const string ConfigFile = "/etc/omistack/status.conf";

    /// <summary>The service's port.</summary>
    public const int Port = 8080;

    /// <summary>The checks, in the order the lesson meets them.</summary>
    public static IReadOnlyList<Check> All { get; } =
    [
        new(new() { Id = "status.ssh", Points = 1, Stage = "service", Lesson = Lesson3Module.Lesson,
            Expectation = "every host of the status section ({hosts}) to answer over SSH",
            Why = "the lesson's hosts run no Docker: everything is read over SSH and HTTP",
            Hint = "check the address and the ports of each host under status.hosts, and that 'ssh ubuntu@<address>' logs in with the target's ssh.identityFile" }, AnswersAsync),
        new(new() { Id = "status.config", Points = 2, Stage = "service", Lesson = Lesson3Module.Lesson,
            Expectation = $"{ConfigFile} on every host with port={Port} and a token",
            Why = "the service reads its port and its token from that file",
            Hint = $"sudo install -D -m 600 /dev/null {ConfigFile}; write 'port={Port}' and 'token=<the token of your status section>' in it" }, ConfigAsync),
        new(new() { Id = "status.page", Points = 3, Stage = "service", Lesson = Lesson3Module.Lesson,
            Expectation = $"the page {{path}} on port {Port} of every host to answer 'status: ok' to the status section's token",
            Why = "clients of the service send 'Authorization: Bearer <token>'",
            Hint = $"start the service and try it: curl -H \"Authorization: Bearer $STATUS_TOKEN\" http://<address>:{Port}{{path}}" }, PageAsync),
        new(new() { Id = "status.locked", Points = 1, Stage = "service", Lesson = Lesson3Module.Lesson,
            Expectation = $"the page {{path}} to refuse a request without the token (HTTP 401)",
            Why = "the page must not show the service's state to anyone who asks",
            Hint = $"set a non-empty 'token=' in {ConfigFile} and restart the service" }, LockedAsync),
    ];

    /// <summary>The page's path (status.path; /status when absent).</summary>
    public static string PathOf(TargetSection section) => section?.Text("path") ?? "/status";

    private static async Task<Judgement> AnswersAsync(LabSession session, CancellationToken cancellationToken) =>
        await EveryHostAsync(session, async host =>
        {
            var shell = await session.ShellAsync(host, cancellationToken).ConfigureAwait(false);
            if (shell.Problem is { } problem)
            {
                return problem;
            }

            var uname = await shell.Value!.RunAsync("uname -sr", cancellationToken: cancellationToken).ConfigureAwait(false);
            return uname.Succeeded ? Judgement.Pass($"{host.Name} answers ({uname.StandardOutput.Trim()})") : Judgement.Fail($"{host.Name}: {uname.Describe()}");
        }).ConfigureAwait(false);

    private static async Task<Judgement> ConfigAsync(LabSession session, CancellationToken cancellationToken) =>
        await EveryHostAsync(session, async host =>
        {
            var shell = await session.ShellAsync(host, cancellationToken).ConfigureAwait(false);
            if (shell.Problem is { } problem)
            {
                return problem;
            }

            var read = await shell.Value!.RunAsync($"sudo -n cat {ConfigFile}", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!read.Succeeded)
            {
                return Judgement.Fail($"{host.Name}: {read.Describe()}");
            }

            var settings = read.StandardOutput.Split('\n', StringSplitOptions.TrimEntries)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0].Trim(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
            var missing = new List<string>();
            if (settings.GetValueOrDefault("port") != Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                missing.Add(settings.TryGetValue("port", out var port) ? $"port={port}" : "no port");
            }

            if (settings.GetValueOrDefault("token") is not { Length: > 0 })
            {
                missing.Add("no token");
            }

            return missing.Count == 0
                ? Judgement.Pass($"{host.Name}: port={Port} and a token")
                : Judgement.Fail($"{host.Name}: {string.Join(" and ", missing)} in {ConfigFile}");
        }).ConfigureAwait(false);

    private static async Task<Judgement> PageAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (SectionOf(session).Secret("token") is not { Length: > 0 } token)
        {
            return Judgement.Fail("no token in the status section (write 'token: ${STATUS_TOKEN}' there)");
        }

        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
        return await EveryHostAsync(session, async host =>
        {
            var page = await GetAsync(session, host, headers, cancellationToken).ConfigureAwait(false);
            return page switch
            {
                { Answered: true } when page.Body.Contains("status: ok", StringComparison.Ordinal) => Judgement.Pass($"{host.Name}: status: ok"),
                { Status: 401 } => Judgement.Fail($"{host.Name}: HTTP 401, the service refuses the status section's token"),
                { Failure: HttpFailure.NoAnswer } => Judgement.Inconclusive($"{host.Name} did not answer on port {Port}: {page.Describe()}"),
                { Status: null } => Judgement.Fail($"{host.Name}: {page.Describe()}"),
                _ => Judgement.Fail($"{host.Name}: {page.Describe()} without 'status: ok'"),
            };
        }).ConfigureAwait(false);
    }

    private static async Task<Judgement> LockedAsync(LabSession session, CancellationToken cancellationToken) =>
        await EveryHostAsync(session, async host =>
        {
            var page = await GetAsync(session, host, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            return page switch
            {
                { Status: 401 } => Judgement.Pass($"{host.Name}: HTTP 401 without a token"),
                { Status: null } => Judgement.Inconclusive($"{host.Name} did not answer on port {Port}: {page.Describe()}"),
                _ => Judgement.Fail($"{host.Name}: {page.Describe()} without a token"),
            };
        }).ConfigureAwait(false);

    private static Task<HttpProbeResult> GetAsync(LabSession session, NodeTarget host, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken) =>
        session.Web().GetAsync($"http://{host.Address}:{host.PortFor(Port)}{PathOf(SectionOf(session))}", headers, cancellationToken);

    /// <summary>Judges every host of the section: a pass where all pass; else the fails, or why it could not judge.</summary>
    private static async Task<Judgement> EveryHostAsync(LabSession session, Func<NodeTarget, Task<Judgement>> judge)
    {
        var hosts = SectionOf(session).Hosts("hosts");
        if (hosts.Count == 0)
        {
            return Judgement.Fail("no hosts in the status section (list them under status.hosts)");
        }

        var judged = await Task.WhenAll(hosts.Select(judge)).ConfigureAwait(false);
        var failed = judged.Where(j => j.Verdict == Verdict.Fail).ToList();
        if (failed.Count > 0)
        {
            return Judgement.Fail(string.Join("; ", failed.Select(j => j.Found)));
        }

        return judged.FirstOrDefault(j => j.Verdict != Verdict.Pass) ?? Judgement.Pass(string.Join("; ", judged.Select(j => j.Found)));
    }

    private static TargetSection SectionOf(LabSession session) => session.Target.Sections[Lesson3Module.Section];

}
