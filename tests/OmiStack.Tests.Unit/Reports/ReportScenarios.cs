using OmiStack.Lessons.Lesson1;
using OmiStack.Lessons.Lesson2;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Model;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>The runs every report format is pinned for: all pass, mixed (with hostile text), all inconclusive, cut short.</summary>
internal static class ReportScenarios
{
    public static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Text a student's environment could put in a message: markup, script end, a link, a formula, control and bidi characters.</summary>
    public const string StudentText = "<img src=x onerror=alert(1)></script><script>alert(2)</script> [click](javascript:alert(3)) =HYPERLINK(\"http://evil.example\",\"x\") bell\u0007 rtl\u202Eevil";

    public static readonly Target Target = new()
    {
        Student = "s123456",
        Ssh = new SshTarget { User = "ubuntu", IdentityFile = "k" },
        Nodes = [new NodeTarget { Name = "dockernode1", Address = "a" }, new NodeTarget { Name = "dockernode2", Address = "b" }, new NodeTarget { Name = "dockernode3", Address = "c" }],
        Registry = new RegistryTarget { Host = "omistack-vm123.e-technik.uni-ulm.de", Node = "dockernode1" },
    };

    /// <summary>A student who did both lessons (Lesson 2 on the Rancher VMs).</summary>
    public static readonly Target BothLessons = Target with
    {
        Rancher = new RancherTarget
        {
            Url = "http://134.60.64.20:8080",
            AccessKey = "1A2B3C4D5E6F7A8B9C0D",
            SecretKey = "never-shown",
            Hosts = [new NodeTarget { Name = "rancher-master", Address = "134.60.64.20" }, new NodeTarget { Name = "rancher-host1", Address = "134.60.64.21" }],
        },
    };

    public static readonly string[] Names = ["all-pass", "mixed", "all-inconclusive", "cut-short", "both-lessons"];

    public static IReadOnlyList<ScoredCheck> Catalog => Outcomes.Scored(Lesson1Checks.All.Select(c => c.Definition), Rubric.Default);

    public static (GradeReport Report, GradescopeResults Results) Build(string scenario)
    {
        if (scenario == "both-lessons")
        {
            return BuildBothLessons();
        }

        var text = Lesson1Checks.TextFor(Target);
        var ids = Lesson1Checks.All.Select(c => c.Id).ToList();
        var judgements = scenario switch
        {
            "all-pass" => ids.Select(id => (id, Judgement.Pass($"{id} as the lesson asks"))).ToList(),
            "mixed" => ids.Select(id => (id, id switch
            {
                "swarm.nodes" => Judgement.Fail("dockernode3 is not in the swarm").WithParts(2, 3),
                "ghost.service" => Judgement.Fail($"publishes 8080→2368; task error: {StudentText}"),
                "ghost.mesh" => Judgement.Inconclusive("the kernel of dockernode1 has no IPVS (no /proc/net/ip_vs)"),
                "registry.tls" => Judgement.Fail("the certificate is for other.example, not for omistack-vm123.e-technik.uni-ulm.de"),
                _ => Judgement.Pass($"{id} as the lesson asks"),
            })).ToList(),
            "all-inconclusive" => ids.Select(id => (id, Judgement.Inconclusive("SSH to dockernode1 (ubuntu@134.60.64.11:22) failed: no connection: Connection refused"))).ToList(),
            "cut-short" => ids.Take(4).Select(id => (id, Judgement.Pass($"{id} as the lesson asks"))).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var outcomes = judgements.Select((j, i) => CheckOutcome.From(Lesson1Checks.ById(j.id).Definition, j.Item2, text, TimeSpan.FromMilliseconds(10 * (i + 1)), At)).ToList();
        var incomplete = scenario == "cut-short" ? "stage ghost could not be reached: Waited 00:02:00 for 'ghost-blog at 3/3 (docker service ls)'" : null;
        var report = GradeReport.Build(Target.Student, Catalog, outcomes, text, At, TimeSpan.FromSeconds(4.2), incomplete);
        var results = GradescopeResults.Build(Catalog, outcomes, text, TimeSpan.FromSeconds(4.2));
        return (report, results);
    }

    private static (GradeReport Report, GradescopeResults Results) BuildBothLessons()
    {
        var text = OmiStack.Lessons.Course.Lessons.TextFor(BothLessons);
        var checks = Lesson1Checks.All.Concat(Lesson2Checks.All).ToList();
        var outcomes = checks.Select((c, i) => CheckOutcome.From(c.Definition, c.Id switch
        {
            "rancher.lb" => Judgement.Fail("wiki-loadblancer is not global: scale 1 instead of 'Always run one instance of this container on every host' (label io.rancher.scheduler.global)").WithParts(2, 3),
            "rancher.lb-mesh" => Judgement.Fail("rancher-master: MediaWiki page; rancher-host1: nothing answers on port 80 (Connection refused)").WithParts(1, 2),
            _ => Judgement.Pass($"{c.Id} as the lesson asks"),
        }, text, TimeSpan.FromMilliseconds(10 * (i + 1)), At)).ToList();
        var catalog = Outcomes.Scored(checks.Select(c => c.Definition), Rubric.Default);
        return (GradeReport.Build(BothLessons.Student, catalog, outcomes, text, At, TimeSpan.FromSeconds(1.3), null),
            GradescopeResults.Build(catalog, outcomes, text, TimeSpan.FromSeconds(1.3)));
    }
}
