using OmiStack.Lessons.Lesson2;
using OmiStack.Fixtures.Rancher;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>A student's Lesson 2 as the lesson sheet names it, served by the API double.</summary>
internal static class Lesson2Api
{
    public const string RegistryHost = "omistack-vm123.e-technik.uni-ulm.de";

    public static readonly string[] Hosts = ["rancher-master", "rancher-host1", "rancher-host2"];

    public static RancherModel.Snapshot Reference(ModelKey key) =>
        RancherModel.Lesson2Reference([.. Hosts.Select((h, i) => (h, $"10.0.0.{i + 10}"))], $"{RegistryHost}:5000", key);

    public static Target TargetFor(string url, ModelKey key, string? secret = null, bool registry = true) => new()
    {
        Student = "s123456",
        Ssh = new SshTarget { User = "ubuntu", IdentityFile = "-" },
        Nodes = [],
        Registry = registry ? new RegistryTarget { Host = RegistryHost, Port = 5000, Node = "dockernode1" } : null,
        Rancher = new RancherTarget
        {
            Url = url,
            AccessKey = key.PublicValue,
            SecretKey = secret ?? key.Secret,
            Hosts = [.. Hosts.Select((h, i) => new NodeTarget { Name = h, Address = "127.0.0.1"})],
        },
    };

    /// <summary>The checks judged from the API alone (rancher.lb-mesh probes the hosts: integration tests).</summary>
    public static IEnumerable<Check> ApiChecks => Lesson2Checks.All.Where(c => c.Id != "rancher.lb-mesh");

    public static async Task<IReadOnlyDictionary<string, CheckOutcome>> GradeAsync(Target target, TimeSpan? rancherTimeout = null)
    {
        var options = new GradingOptions { RancherTimeout = rancherTimeout ?? TimeSpan.FromSeconds(5), ConvergenceTimeout = TimeSpan.FromSeconds(3) };
        await using var session = new LabSession(target, options);
        var outcomes = await Grader.RunAllAsync(ApiChecks, session, OmiStack.Lessons.Course.Lessons.TextFor(target));
        foreach (var outcome in outcomes)
        {
            await TestContext.Out.WriteLineAsync($"{outcome.Check.Id}: {outcome.Verdict} {outcome.Message}");
        }

        return outcomes.ToDictionary(o => o.Check.Id);
    }
}
