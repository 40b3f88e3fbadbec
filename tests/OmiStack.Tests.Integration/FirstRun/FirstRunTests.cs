using FluentAssertions;
using OmiStack.Harness.Ssh;

namespace OmiStack.Tests.Integration.FirstRun;

/// <summary>
/// What a student sees from plain `dotnet test checks` (default verbosity) when nothing can be judged:
/// a target whose nodes do not answer, and a target that cannot be read. Each says why once, without
/// a stack trace, counts every check, and exits non-zero. (The embedded default and a target with one
/// failing check are in EmbeddedDefaultTests and RancherDoubleLabTests.)
/// </summary>
[NonParallelizable]
public sealed class FirstRunTests
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
        run.Totals.Should().Be((0, 0, 24, 24), "every check is counted: inconclusive and not graded ones as skipped");
        run.Output.Should().Contain("OmiStack s3000001: 0 / 95 points")
            .And.Contain("17 checks: 0 passed, 0 failed, 17 inconclusive")
            .And.Contain("Lesson 2 (Rancher 1.6): not graded, the target has no rancher section (7 checks)")
            .And.Contain($"Reports: {Path.Combine(_folder, "results", "s3000001", "report.md")}");
        Occurrences(run.Output, "No check could be judged. swarm.docker: Could not judge (expected every node to answer over SSH").Should().Be(1, "the cause is said once");
        run.Output.Should().Contain("SSH to dockernode1 (ubuntu@127.0.0.1:1) failed: no connection: Connection refused");
        run.Output.Should().NotContain("Stack Trace").And.NotContain("   at ");
        File.Exists(Path.Combine(_folder, "results", "s3000001", "report.md")).Should().BeTrue();
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
    }

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
