using OmiStack.Harness.Gathering;
using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Scoring;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Evidence;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// Evidence and re-judging on the solved lab: a grade recorded live is judged again from its
/// evidence.json alone, with the current checks and rubric, and nothing reaches the network.
/// </summary>
public sealed partial class FinalFaultTests
{
    /// <summary>The lab as graded live: the solved state and three faults, each graded and recorded into a folder of its own.</summary>
    private static readonly (string Name, string Inject, string Undo)[] Faults =
    [
        ("solved", "true", "true"),
        ("registry-down", "docker stop registry", "docker start registry"),
        ("web-at-one", "docker service scale --detach mediawiki_web=1", "docker service scale --detach mediawiki_web=2"),
        ("ghost-left-running", "docker service create --detach --name ghost-blog --publish 8081:2368 ghost", "docker service rm ghost-blog"),
    ];

    [Test]
    public async Task Live_grades_of_the_solved_lab_and_three_faults_are_rejudged_from_their_evidence_identically_and_offline()
    {
        var root = Directory.CreateTempSubdirectory("omistack-evidence-").FullName;
        try
        {
            foreach (var (name, inject, undo) in Faults)
            {
                await Manager(inject);
                try
                {
                    if (name == "web-at-one")
                    {
                        await _reference.WaitReplicasAsync("mediawiki_web", "1/1");
                    }

                    await GradeLiveAsync(Path.Combine(root, name, "live"));
                }
                finally
                {
                    await Manager(undo);
                    await RestoredAsync(name);
                }
            }

            foreach (var (name, _, _) in Faults)
            {
                var live = Path.Combine(root, name, "live", _lab.Target.Student);
                var evidence = EvidenceDocument.Read(Path.Combine(live, EvidenceDocument.FileName));
                await TestContext.Progress.WriteLineAsync($"EVIDENCE | {name} | {evidence.Entries.Count} answers | {evidence.Bytes / 1024.0:0.0} KiB of data | {new FileInfo(Path.Combine(live, EvidenceDocument.FileName)).Length / 1024.0:0.0} KiB file | {evidence.Truncated} truncated |");
                evidence.Truncated.Should().Be(0, "the reference lab's evidence is far below the bound");
                evidence.Bytes.Should().BeLessThan(EvidenceLog.DefaultBudget);
                if (name == "solved")
                {
                    evidence.Entries.Select(e => e.Kind).Should().Contain(["ssh-connect", "docker", "ssh", "tls", "registry", "http"]);
                }

                var rejudged = await RejudgeAsync(Path.Combine(live, EvidenceDocument.FileName), Path.Combine(root, name, "rejudged"), Rubric.Default);

                RejudgeComparison.Differences(Results(live), rejudged).Should().BeEmpty($"{name}: a re-judge of a live grade's evidence gives the same verdicts, points and messages");
                rejudged.ExtraData!.RejudgedFrom.Should().Contain(Path.Combine(live, EvidenceDocument.FileName)).And.Contain("no lab was reached");
            }

            RejudgeComparison.Of(Results(Path.Combine(root, "registry-down", "live", _lab.Target.Student))).Should().Contain(t => t.Name.StartsWith("registry.running", StringComparison.Ordinal) && t.Verdict == "fail", "the fault was graded as a fault");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_rejudge_applies_a_changed_rubric_and_a_changed_check_with_no_lab()
    {
        var root = Directory.CreateTempSubdirectory("omistack-rejudge-").FullName;
        try
        {
            await GradeLiveAsync(Path.Combine(root, "live"));
            var evidencePath = Path.Combine(root, "live", _lab.Target.Student, EvidenceDocument.FileName);

            // The instructor gives stack.services 7 points instead of its default.
            var rubricFile = Path.Combine(root, "rubric.yaml");
            await File.WriteAllTextAsync(rubricFile, "checks:\n  stack.services: { points: 7 }\n");
            var catalog = Course.Lessons;
            var rubric = Rubric.Load(rubricFile, catalog);
            var rescored = await RejudgeAsync(evidencePath, Path.Combine(root, "rescored"), rubric);
            var services = rescored.Tests.Single(t => t.Name.StartsWith("stack.services", StringComparison.Ordinal));
            (services.Score, services.MaxScore).Should().Be((7m, 7m));

            // A stricter check (three web replicas, where the lesson asks for two) judged on the same evidence.
            var document = EvidenceDocument.Read(evidencePath);
            var target = EvidenceTarget.FromJson(document.Target, evidencePath).ToTarget(evidencePath);
            await using var session = new Harness.Gathering.LabSession(target, Lesson1Grading.Options, EvidenceLog.Replaying(document));
            var stricter = new Check(
                catalog.Check("stack.services").Definition,
                async (s, ct) =>
                {
                    var swarm = await s.Docker().SwarmAsync(cancellationToken: ct);
                    var web = swarm.Value!.Services.Single(x => x.Spec?.Name == "mediawiki_web");
                    var replicas = web.Spec?.Mode?.Replicated?.Replicas ?? 0;
                    return replicas >= 3 ? Judgement.Pass($"mediawiki_web has {replicas} replicas") : Judgement.Fail($"mediawiki_web has {replicas} replicas, expected 3");
                });
            var outcome = await Grader.RunAsync(stricter, session, CheckContextText.Empty);
            outcome.Verdict.Should().Be(Verdict.Fail, outcome.Message);
            outcome.Message.Should().Contain("mediawiki_web has 2 replicas, expected 3");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_thousand_services_keep_the_evidence_within_its_bound_and_a_rejudge_names_what_was_not_kept()
    {
        var root = Directory.CreateTempSubdirectory("omistack-hostile-").FullName;
        using var ssh = await _lab.ConnectAsync("dockernode1");
        using var docker = ssh.CreateDockerClient(new Version(1, 41), TimeSpan.FromSeconds(60));
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        var padding = new string('x', 1024);
        try
        {
            // A hostile lab: a thousand services (no task each), each with a kilobyte of labels.
            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var service = await docker.Swarm.CreateServiceAsync(
                    new global::Docker.DotNet.Models.ServiceCreateParameters
                    {
                        Service = new global::Docker.DotNet.Models.ServiceSpec
                        {
                            Name = $"hostile-{i}",
                            Labels = new Dictionary<string, string> { ["padding"] = padding },
                            Mode = new global::Docker.DotNet.Models.ServiceMode { Replicated = new global::Docker.DotNet.Models.ReplicatedService { Replicas = 0 } },
                            TaskTemplate = new global::Docker.DotNet.Models.TaskSpec { ContainerSpec = new global::Docker.DotNet.Models.ContainerSpec { Image = "ghost" } },
                        },
                    },
                    ct);
                created.Add(service.ID!);
            });

            await GradeLiveAsync(Path.Combine(root, "live"));
            var live = Path.Combine(root, "live", _lab.Target.Student);
            var file = Path.Combine(live, EvidenceDocument.FileName);
            var evidence = EvidenceDocument.Read(file);
            await TestContext.Progress.WriteLineAsync($"EVIDENCE | 1000 services | {evidence.Entries.Count} answers | {evidence.Bytes / 1024.0:0.0} KiB of data | {new FileInfo(file).Length / 1024.0:0.0} KiB file | {evidence.Truncated} truncated | {evidence.Entries.Count(NotKept)} not kept |");

            evidence.Bytes.Should().BeLessThanOrEqualTo(EvidenceLog.DefaultBudget);
            new FileInfo(file).Length.Should().BeLessThan(EvidenceLog.DefaultBudget + (256 * 1024), "past the bound only markers are kept");
            evidence.Entries.Should().Contain(e => NotKept(e), "the services list of a thousand services is past the bound, and marked as not kept");
            Results(live).Tests.Single(t => t.Name.StartsWith("stack.services", StringComparison.Ordinal)).ExtraData.Verdict.Should().Be("pass", "live, the thousand services beside the stack do not change its verdict");

            var rejudged = await RejudgeAsync(file, Path.Combine(root, "rejudged"), Rubric.Default);
            var services = rejudged.Tests.Single(t => t.Name.StartsWith("stack.services", StringComparison.Ordinal));
            services.ExtraData.Verdict.Should().Be("inconclusive", "its evidence was not kept: a re-judge says so rather than guess");
            services.Output.Should().Contain("not kept");
        }
        finally
        {
            await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) => await docker.Swarm.RemoveServiceAsync(id, ct));
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>An answer past the evidence's bound, or a Docker answer over its size: marked, not kept.</summary>
    private static bool NotKept(EvidenceEntry entry) =>
        entry.Truncated || entry.Data is { ValueKind: System.Text.Json.JsonValueKind.Object } data && data.TryGetProperty("cut", out var cut) && cut.GetBoolean();

    private async Task GradeLiveAsync(string results)
    {
        var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, Lesson1Grading.Options, results);
        await using var run = StudentRuns.ForTargetFile(_lab.TargetFile, setup);
        await run.GradeAllAsync();
        run.WriteReports(final: true);
    }

    private static async Task<GradescopeResults> RejudgeAsync(string evidence, string results, Rubric rubric)
    {
        var setup = new GradingSetup(Course.Lessons, rubric, InstructorOverrides.None, Lesson1Grading.Options, results);
        await using var run = StudentRuns.ForEvidence(evidence, setup);
        await run.RejudgeAsync();
        return GradescopeResults.TryRead(Path.Combine(results, ResultsFolders.SafeName(run.Target.Student), "results.json"))!;
    }

    private static GradescopeResults Results(string folder) => GradescopeResults.TryRead(Path.Combine(folder, "results.json"))!;

    private async Task RestoredAsync(string fault)
    {
        switch (fault)
        {
            case "registry-down":
                await _reference.WaitRegistryAsync();
                break;
            case "web-at-one":
                await _reference.WaitReplicasAsync("mediawiki_web", "2/2");
                break;
        }
    }
}
