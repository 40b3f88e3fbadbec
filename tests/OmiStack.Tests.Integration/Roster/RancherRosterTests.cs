using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Fixtures.Rancher;
using OmiStack.Reports.Gradebook;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Roster;

/// <summary>
/// A Lesson 2 roster graded by `dotnet test` on the checks, against Rancher API doubles on 127.0.0.1:
/// two students whose targets reach one Rancher installation are flagged, a student with an
/// installation of their own is not, and a server whose pagination loops to another host neither
/// sends the key there nor holds up anyone else.
/// </summary>
public sealed class RancherRosterTests : LaneFixture
{
    private static readonly string[] Hosts = ["rancher-master", "rancher-host1", "rancher-host2"];

    [Test]
    public async Task Students_on_one_Rancher_installation_are_flagged_and_a_looping_server_reaches_no_other_host()
    {
        var keys = new[] { Key("A"), Key("B"), Key("C") };
        await using var shared = await RancherApiDouble.StartAsync(new RancherModel(Reference(keys[0])));
        await using var own = await RancherApiDouble.StartAsync(new RancherModel(Reference(keys[1])));
        using var canary = new TcpListener(IPAddress.Loopback, 0);
        canary.Start();
        var canaryUrl = $"http://127.0.0.1:{((IPEndPoint)canary.LocalEndpoint).Port}";
        var reachedCanary = 0;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await canary.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref reachedCanary);
            }
        });
        await using var looping = await RancherApiDouble.StartAsync(new RancherModel(Reference(keys[2]) with
        {
            Fault = RancherFault.PaginationLoop,
            PageSize = 1,
            LinkHost = canaryUrl,
        }));

        var folder = Directory.CreateTempSubdirectory("omistack-rancher-roster-").FullName;
        try
        {
            var roster = Path.Combine(folder, "roster.yaml");
            await File.WriteAllTextAsync(roster, $"""
                students:
                {Entry("r1", shared.Url, keys[0])}
                {Entry("r2", shared.Url, keys[0])}
                {Entry("r3", own.Url, keys[1])}
                {Entry("r4-loop", looping.Url, keys[2])}
                """);
            var results = Path.Combine(folder, "results");
            var environment = new Dictionary<string, string>
            {
                ["OMISTACK_ROSTER"] = roster,
                ["OMISTACK_RESULTS_DIR"] = results,
                ["OMISTACK_CONVERGE_SECONDS"] = "3",
                ["R1_RANCHER_SECRET"] = keys[0].Secret,
                ["R2_RANCHER_SECRET"] = keys[0].Secret,
                ["R3_RANCHER_SECRET"] = keys[1].Secret,
                ["R4_LOOP_RANCHER_SECRET"] = keys[2].Secret,
            };

            var run = await ChecksProcess.RunAsync("Lesson=lesson2", environment, TimeSpan.FromMinutes(4));

            var rows = GradebookWriter.Collect([results]);
            rows.Select(r => r.Student).Should().BeEquivalentTo(["r1", "r2", "r3", "r4-loop"], run.Output);
            foreach (var healthy in new[] { "r1", "r2", "r3" })
            {
                var row = rows.Single(r => r.Student == healthy);
                row.Verdict("rancher.auth").Should().Be("pass", healthy);
                row.Verdict("rancher.stack").Should().Be("pass", healthy);
            }

            var loop = rows.Single(r => r.Student == "r4-loop").Results.Tests.Single(t => t.ExtraData.Id == "rancher.stack");
            loop.ExtraData.Verdict.Should().Be("inconclusive");
            loop.Output.Should().Contain("stopped following pagination.next");
            reachedCanary.Should().Be(0, "a pagination link naming another host is taken on the target's own server: the key goes nowhere else");

            var sharing = GradebookWriter.SharedEnvironments(rows);
            sharing.Keys.Should().BeEquivalentTo(["r1", "r2"], "r3 and r4-loop have Rancher installations of their own");
            sharing["r1"].Should().Be("r2: rancher host ×3");
            (await File.ReadAllTextAsync(Path.Combine(results, "gradebook.csv"))).Should().Contain("r2: rancher host ×3");

            var evidence = Directory.EnumerateFiles(results, "evidence.json", SearchOption.AllDirectories).ToList();
            evidence.Should().HaveCount(4, "each student's run keeps its evidence, the Rancher API documents among it");
            evidence.Select(Harness.Evidence.EvidenceDocument.Read).Should().AllSatisfy(d => d.Entries.Should().Contain(e => e.Kind == "rancher"));
            foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
            {
                var text = await File.ReadAllTextAsync(file);
                keys.Should().AllSatisfy(k => text.Should().NotContain(k.Secret, $"{file} holds no secret of the run"));
            }

            keys.Should().AllSatisfy(k => run.Output.Should().NotContain(k.Secret));
        }
        finally
        {
            await stop.CancelAsync();
            canary.Stop();
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_roster_that_names_a_student_twice_fails_the_run_saying_why_and_keeps_the_gradebook_there()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-bad-roster-").FullName;
        try
        {
            var roster = Path.Combine(folder, "roster.yaml");
            await File.WriteAllTextAsync(roster, "students:\n  - { student: s1, rancher: { url: 'http://127.0.0.1:1', accessKey: a, secretKey: b, hosts: [] } }\n  - { student: s1, rancher: { url: 'http://127.0.0.1:1', accessKey: a, secretKey: b, hosts: [] } }\n");
            var results = Path.Combine(folder, "results");
            Directory.CreateDirectory(results);
            const string Earlier = "student,total\ns1,40\n";
            await File.WriteAllTextAsync(Path.Combine(results, "gradebook.csv"), Earlier);

            var run = await ChecksProcess.RunAsync("Lesson=lesson2", new Dictionary<string, string> { ["OMISTACK_ROSTER"] = roster, ["OMISTACK_RESULTS_DIR"] = results }, TimeSpan.FromMinutes(2));

            run.ExitCode.Should().NotBe(0, run.Output);
            run.Output.Should().Contain("omistack: The roster cannot be used: roster.yaml: student 's1' is listed 2 times.");
            (await File.ReadAllTextAsync(Path.Combine(results, "gradebook.csv"))).Should().Be(Earlier, "a run that graded no one does not overwrite the gradebook with an empty one");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_roster_of_200_graded_in_4_CI_shards_and_merged_gives_exactly_the_gradebook_of_one_run()
    {
        var keys = Enumerable.Range(0, 4).Select(i => Key(((char)('A' + i)).ToString())).ToList();
        var servers = new List<RancherApiDouble>();
        var folder = Directory.CreateTempSubdirectory("omistack-200-").FullName;
        try
        {
            foreach (var key in keys)
            {
                servers.Add(await RancherApiDouble.StartAsync(new RancherModel(Reference(key))));
            }

            // Four installations, fifty students each (grading is read-only); each server's secret in a variable the instructor allows.
            var roster = Path.Combine(folder, "roster.yaml");
            await File.WriteAllTextAsync(roster, "students:\n" + string.Join("\n", Enumerable.Range(1, 200).Select(i =>
                Entry($"s{i:000}", servers[i % 4].Url, keys[i % 4], $"COURSE_RANCHER_{i % 4}"))) + "\n");
            var environment = new Dictionary<string, string>
            {
                ["OMISTACK_ROSTER"] = roster,
                ["OMISTACK_CONVERGE_SECONDS"] = "3",
                ["OMISTACK_TARGET_VARIABLES"] = "COURSE_RANCHER_0,COURSE_RANCHER_1,COURSE_RANCHER_2,COURSE_RANCHER_3",
            };
            foreach (var (key, i) in keys.Select((k, i) => (k, i)))
            {
                environment[$"COURSE_RANCHER_{i}"] = key.Secret;
            }

            const string Filter = "Lesson=lesson2&Id!=rancher.lb-mesh";
            var one = Path.Combine(folder, "one");
            var run = await ChecksProcess.RunAsync(Filter, new Dictionary<string, string>(environment) { ["OMISTACK_RESULTS_DIR"] = one }, TimeSpan.FromMinutes(5));
            var shards = new List<string>();
            foreach (var shard in Enumerable.Range(1, 4))
            {
                var results = Path.Combine(folder, $"shard{shard}");
                shards.Add(results);
                // As GitLab's parallel: 4 runs it: each copy learns its shard from CI_NODE_INDEX and CI_NODE_TOTAL.
                await ChecksProcess.RunAsync(Filter, new Dictionary<string, string>(environment) { ["OMISTACK_RESULTS_DIR"] = results, ["CI_NODE_INDEX"] = $"{shard}", ["CI_NODE_TOTAL"] = "4" }, TimeSpan.FromMinutes(5));
            }

            var merged = Path.Combine(folder, "merged");
            var merge = await ChecksProcess.RunCliAsync(["gradebook", "--out", merged, .. shards], new Dictionary<string, string>(), TimeSpan.FromMinutes(2));

            merge.ExitCode.Should().Be(0, merge.Output);
            var perShard = shards.Select(s => GradebookWriter.Collect([s]).Select(r => r.Student).ToList()).ToList();
            perShard.Should().AllSatisfy(s => s.Should().NotBeEmpty().And.HaveCountLessThan(200));
            perShard.SelectMany(s => s).Should().OnlyHaveUniqueItems().And.HaveCount(200, "the shards split the roster: every student in exactly one");
            var whole = GradebookWriter.Collect([one]);
            whole.Should().HaveCount(200, run.Output);
            whole.Should().OnlyContain(r => r.Verdict("rancher.stack") == "pass");
            (await File.ReadAllTextAsync(Path.Combine(merged, "gradebook.csv"))).Should().Be(await File.ReadAllTextAsync(Path.Combine(one, "gradebook.csv")));
            (await File.ReadAllTextAsync(Path.Combine(merged, "gradebook-moodle.csv"))).Should().Be(await File.ReadAllTextAsync(Path.Combine(one, "gradebook-moodle.csv")));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static ModelKey Key(string which) => new($"0123456789ABCDEF012{which}", $"s3cr3t-{which}-{Guid.NewGuid():N}");

    private static RancherModel.Snapshot Reference(ModelKey key) =>
        RancherModel.Lesson2Reference([.. Hosts.Select((h, i) => (h, $"10.0.0.{i + 10}"))], "omistack-vm123.e-technik.uni-ulm.de:5000", key);

    /// <summary>A roster entry of a Rancher-only target; the hosts' port 80 is closed (rancher.lb-mesh fails at once).</summary>
    private static string Entry(string student, string url, ModelKey key, string? secretVariable = null) => $"""
          - student: {student}
            rancher:
              url: {url}
              accessKey: {key.PublicValue}
              secretKey: "${"{"}{secretVariable ?? student.ToUpperInvariant().Replace('-', '_') + "_RANCHER_SECRET"}{"}"}"
              hosts:
        {string.Join("\n", Hosts.Select(h => $"        - {{ name: {h}, address: 127.0.0.1, ports: {{ 80: 1 }} }}"))}
        """;
}
