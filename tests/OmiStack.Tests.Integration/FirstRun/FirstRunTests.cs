using FluentAssertions;
using OmiStack.Harness.Ssh;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.FirstRun;

/// <summary>
/// What a student sees from plain `dotnet test checks` (default verbosity) when nothing can be judged:
/// a target whose nodes do not answer, and a target that cannot be read. Each says why once, without
/// a stack trace, counts every check, and exits non-zero. (The embedded default and a target with one
/// failing check are in EmbeddedDefaultTests and RancherDoubleLabTests.)
/// </summary>
public sealed class FirstRunTests : LaneFixture
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder()
    {
        _folder = Directory.CreateTempSubdirectory("omistack-first-run-").FullName;
        SshKeyPair.Generate("first-run").WritePrivateKey(Path.Combine(_folder, "key"));
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Nodes_that_do_not_answer_make_every_check_skipped_with_the_cause_said_once_and_the_run_fails()
    {
        // Ports 1-3 on 127.0.0.1: nothing listens there, so each connection is refused at once.
        var target = await WriteTargetAsync("""
            student: s3000001
            ssh: { user: ubuntu, identityFile: key, hostKeys: accept-new }
            nodes:
              - { name: dockernode1, address: 127.0.0.1, ports: { 22: 1 } }
              - { name: dockernode2, address: 127.0.0.1, ports: { 22: 2 } }
              - { name: dockernode3, address: 127.0.0.1, ports: { 22: 3 } }
            """);

        var run = await RunAsync(target);

        run.ExitCode.Should().NotBe(0, "a run that judged nothing fails");
        run.Totals.Should().Be((17, 0, 7, 24), "every check is counted: those the lab kept from being judged as failed, those not graded as skipped");
        run.Output.Should().Contain("OmiStack s3000001: 0 / 95 points")
            .And.Contain("17 checks: 0 passed, 0 failed, 17 inconclusive")
            .And.Contain("Lesson 2 (Rancher 1.6): not graded, the target has no rancher section (7 checks)")
            .And.Contain($"Reports: {Path.Combine(_folder, "results", "s3000001", "report.md")}");
        Occurrences(run.Output, "No check could be judged. swarm.docker: Could not judge (expected every node to answer over SSH").Should().Be(1, "the cause is said once");
        run.Output.Should().Contain("SSH to dockernode1 (ubuntu@127.0.0.1:1) failed: no connection: Connection refused");
        run.Output.Should().NotContain("   at ", "a check the lab kept from being judged fails with its message, no frames of the grader");
        File.Exists(Path.Combine(_folder, "results", "s3000001", "report.md")).Should().BeTrue();
    }

    [Test]
    public async Task A_run_where_the_lab_could_not_be_judged_fails_though_other_checks_passed()
    {
        // The questions are judged from the answers file; no node answers SSH: the lab could not be judged.
        File.Copy(Path.Combine(ChecksProcess.SolutionRoot, "lessons", "Questions", "answers.example.yaml"), Path.Combine(_folder, "answers.yaml"));
        var target = await WriteTargetAsync("""
            student: s3000010
            ssh: { user: ubuntu, identityFile: key, hostKeys: accept-new }
            answers: { file: answers.yaml }
            nodes:
              - { name: dockernode1, address: 127.0.0.1, ports: { 22: 1 } }
              - { name: dockernode2, address: 127.0.0.1, ports: { 22: 2 } }
              - { name: dockernode3, address: 127.0.0.1, ports: { 22: 3 } }
            """);

        var run = await RunAsync(target);

        run.ExitCode.Should().NotBe(0, "a pass elsewhere must not hide a lab that could not be judged");
        run.Output.Should().NotContain("Passed!", "VSTest must not call such a run passed").And.Contain("Failed!  - Failed:    14, Passed:     3, Skipped:     7")
            .And.Contain("omistack: 14 checks could not be judged because of the lab (not this grading machine), so the run fails; the first: swarm.docker: Could not judge (expected every node to answer over SSH");
        run.Output.Should().MatchRegex(@"17 checks: [1-9]\d* passed");
    }

    [Test]
    public async Task Dotnet_tests_results_directory_and_junit_logger_are_honoured()
    {
        var target = await WriteTargetAsync("""
            student: s3000009
            ssh: { user: ubuntu, identityFile: key }
            nodes:
              - { name: dockernode1, address: 127.0.0.1, ports: { 22: 1 } }
            """);
        var results = Path.Combine(_folder, "results-directory");

        await ChecksProcess.RunAsync("Lesson=lesson1", new Dictionary<string, string> { ["OMISTACK_TARGET"] = target }, TimeSpan.FromMinutes(3), ["--results-directory", results, "--logger", "junit"]);

        File.Exists(Path.Combine(results, "omistack", "s3000009", "results.json")).Should().BeTrue("the reports go where dotnet test was told to put results");
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(results, "TestResults.xml"));
        junit.Descendants("testcase").Select(t => t.Attribute("name")!.Value).Should().HaveCount(14).And.Contain("swarm.docker").And.Contain("stack.services");
    }

    [Test]
    public async Task A_target_that_cannot_be_read_stops_the_run_once_naming_file_and_line()
    {
        var target = await WriteTargetAsync("""
            student: s3000002
            ssh: { user: ubuntu, identityFile: key }
            nodes:
              - name: dockernode1
                address: [not, a, host]
            """);

        var run = await RunAsync(target);

        run.ExitCode.Should().NotBe(0);
        run.Totals.Should().Be((0, 0, 24, 24));
        Occurrences(run.Output, "omistack.yaml line 5: nodes[0].address must be a non-empty text.").Should().Be(1, "said once, not once per check");
        run.Output.Should().NotContain("Stack Trace").And.NotContain("   at ");
        var report = Path.Combine(_folder, "results", "not-started", "report.md");
        run.Output.Should().Contain($"Reports: {report} (the run could not start)");
        File.ReadAllText(report).Should().Contain("**Incomplete run:** omistack.yaml line 5: nodes\\[0\\].address must be a non-empty text. Checks marked");
        File.ReadAllText(Path.Combine(_folder, "results", "not-started", "results.json")).Should().Contain("The grading run could not start: omistack.yaml line 5");
    }

    [Test]
    public async Task The_target_writer_writes_from_terraform_state_never_overwrites_and_its_check_names_each_node()
    {
        var state = Path.Combine(_folder, "state.json");
        await File.WriteAllTextAsync(state, """
            {"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[
              {"address":"openstack_compute_instance_v2.node[0]","mode":"managed","type":"openstack_compute_instance_v2","name":"node","index":0,"values":{"id":"i-1","name":"dockernode1","access_ip_v4":"192.168.5.4","network":[{"fixed_ip_v4":"192.168.5.4","floating_ip":"","port":"p-1"}]}},
              {"address":"openstack_compute_instance_v2.node[1]","mode":"managed","type":"openstack_compute_instance_v2","name":"node","index":1,"values":{"id":"i-2","name":"dockernode2","access_ip_v4":"192.168.5.5","network":[{"fixed_ip_v4":"192.168.5.5","floating_ip":"","port":"p-2"}]}},
              {"address":"openstack_networking_floatingip_v2.fip[0]","mode":"managed","type":"openstack_networking_floatingip_v2","name":"fip","index":0,"values":{"address":"134.60.64.11","port_id":"p-1"}}
            ]}}}
            """);
        var written = Path.Combine(_folder, "written.yaml");

        var first = await CliAsync("target", "--student", "s3000003", "--terraform", state, "--identity", Path.Combine(_folder, "key"), "--out", written);
        var again = await CliAsync("target", "--student", "s3000003", "--terraform", state, "--identity", Path.Combine(_folder, "key"), "--out", written);

        first.ExitCode.Should().Be(0, first.Output);
        first.Output.Should().Contain($"wrote {written}: dockernode1 134.60.64.11, dockernode2 192.168.5.5")
            .And.Contain("note: dockernode2 has no floating IP").And.Contain("note: No instance for dockernode3 in the state");
        var yaml = await File.ReadAllTextAsync(written);
        yaml.Should().Contain("address: \"134.60.64.11\"").And.Contain("# NOTE: No instance for dockernode3");
        again.ExitCode.Should().Be(2);
        again.Output.Should().Contain($"{written} exists; give --force to overwrite it");
        (await File.ReadAllTextAsync(written)).Should().Be(yaml, "a refused write leaves the file as it was");

        // --check from an ssh config whose nodes do not answer (127.0.0.1, closed ports): each node named, exit 1.
        var config = Path.Combine(_folder, "ssh_config");
        await File.WriteAllTextAsync(config, string.Concat(Enumerable.Range(1, 3).Select(i => $"Host dockernode{i}\n  HostName 127.0.0.1\n  Port {i}\n  User ubuntu\n  IdentityFile {Path.Combine(_folder, "key")}\n")));
        var checkedRun = await CliAsync("target", "--student", "s3000003", "--ssh-config", config, "--out", Path.Combine(_folder, "from-ssh.yaml"), "--check");

        checkedRun.ExitCode.Should().Be(1, checkedRun.Output);
        checkedRun.Output.Should().Contain("dockernode1 127.0.0.1, dockernode2 127.0.0.1, dockernode3 127.0.0.1")
            .And.Contain("omistack: dockernode3: SSH to dockernode3 (ubuntu@127.0.0.1:3) failed: no connection: Connection refused");
    }

    [Test]
    public async Task The_rounds_command_refuses_a_bad_time_or_roster_naming_the_cause_without_a_stack_trace()
    {
        var roster = Path.Combine(_folder, "roster.yaml");
        await File.WriteAllTextAsync(roster, "students: [ {student: s1\n");
        var until = DateTimeOffset.Now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);

        var fast = await CliAsync("rounds", "--roster", roster, "--until", until, "--every", "2s");
        var past = await CliAsync("rounds", "--roster", roster, "--until", "2020-01-01T10:00:00Z");
        var broken = await CliAsync("rounds", "--roster", roster, "--until", until, "--results", Path.Combine(_folder, "rounds"));

        fast.ExitCode.Should().Be(2);
        fast.Output.Should().Contain("omistack: --every must be a time of 10 s to 1 h (5m, 90s, 00:05:00), not '2s'.");
        past.ExitCode.Should().Be(2);
        past.Output.Should().Contain("omistack: --until must be a time within the next 24 hours");
        broken.ExitCode.Should().Be(2);
        broken.Output.Should().Contain("omistack: roster.yaml").And.NotContain("   at ");
        Directory.Exists(Path.Combine(_folder, "rounds")).Should().BeFalse("a roster that cannot be used starts no round");
    }

    private static Task<ChecksRun> CliAsync(params string[] arguments) =>
        ChecksProcess.RunCliAsync(arguments, new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

    private async Task<string> WriteTargetAsync(string yaml)
    {
        var path = Path.Combine(_folder, "omistack.yaml");
        await File.WriteAllTextAsync(path, yaml + "\n");
        return path;
    }

    private Task<ChecksRun> RunAsync(string target) =>
        ChecksProcess.RunAsync(null, new Dictionary<string, string>
        {
            ["OMISTACK_TARGET"] = target,
            ["OMISTACK_RESULTS_DIR"] = Path.Combine(_folder, "results"),
        }, TimeSpan.FromMinutes(3));

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
