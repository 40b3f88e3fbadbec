using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// Lesson 3 graded as a student's run is: a target file the student wrote (the token in ${STATUS_TOKEN}),
/// its host read over SSH alone and HTTP, its token kept out of everything the run writes, its evidence
/// re-judged with no host, and its faults diagnosed.
/// </summary>
[Lab]
public sealed class Lesson3Tests : LaneFixture
{
    private static readonly string[] Ids = [.. Lesson3Checks.All.Select(c => c.Id)];
    private Lesson3Lab? _lab;
    private string _folder = "";

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _folder = Directory.CreateTempSubdirectory("omistack-lesson3-").FullName;
        _lab = await Lesson3Lab.StartAsync(TestContext.Progress);
    }

    [OneTimeTearDown]
    public async Task RemoveLab()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_students_target_is_graded_over_ssh_and_http_and_the_token_never_reaches_what_the_run_writes()
    {
        var results = Path.Combine(_folder, "results");
        var outcomes = await GradeAsync(results);

        outcomes.Should().AllSatisfy(o => o.Verdict.Should().Be(Verdict.Pass, o.Message));
        outcomes.Single(o => o.Check.Id == "status.config").Message.Should().Be("Passed: statushost: port=8080 and a token.");
        (await _lab!.Node.Container.ExecAsync(["sh", "-c", "pgrep -x dockerd || echo none"])).Stdout.Trim().Should().Be("none", "the host runs no Docker: every check read it over SSH and HTTP");

        var written = Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories).ToList();
        written.Select(Path.GetFileName).Should().Contain(["evidence.json", "results.json", "report.md", "junit.xml"]);
        written.Where(f => File.ReadAllText(f).Contains(_lab.Token, StringComparison.Ordinal)).Should().BeEmpty("the token is the section's declared secret");
        var evidence = EvidenceDocument.Read(Path.Combine(results, "s3", "evidence.json"));
        evidence.Entries.Should().Contain(e => e.Kind == "http" && e.Key.EndsWith("/status with Authorization", StringComparison.Ordinal));
        evidence.Entries.Where(e => e.Kind == "ssh").Select(e => e.Data.ToString()).Should().Contain(d => d.Contains("token=" + EvidenceLog.SecretMark, StringComparison.Ordinal),
            "the config's token was read over SSH and kept only as the mark");

        // After the host is gone: the evidence alone gives the same verdicts and messages.
        var rejudged = Path.Combine(_folder, "rejudged");
        await using var rejudge = StudentRuns.ForEvidence(Path.Combine(results, "s3", "evidence.json"), Setup(rejudged));
        var again = (await rejudge.GradeAllAsync()).Where(o => Ids.Contains(o.Check.Id)).ToList();
        again.Select(o => (o.Check.Id, o.Verdict, o.Message)).Should().Equal(outcomes.Select(o => (o.Check.Id, o.Verdict, o.Message)));
    }

    [Test]
    public async Task Its_faults_are_diagnosed_each_by_the_check_that_owns_it()
    {
        try
        {
            await _lab!.ConfigureAsync(8080, "not-the-sections-token");
            var wrongToken = Verdicts(await GradeAsync(Path.Combine(_folder, "wrong-token")));
            wrongToken.ToDictionary(v => v.Key, v => v.Value.Verdict).Should().Equal(new Dictionary<string, Verdict>
            {
                ["status.ssh"] = Verdict.Pass,
                ["status.config"] = Verdict.Pass,
                ["status.page"] = Verdict.Fail,
                ["status.locked"] = Verdict.Pass,
            });
            wrongToken["status.page"].Message.Should().Be("Expected the page /status on port 8080 of every host to answer 'status: ok' to the status section's token because clients of the service send 'Authorization: Bearer <token>', but found statushost: HTTP 401, the service refuses the status section's token. Hint: start the service and try it: curl -H \"Authorization: Bearer $STATUS_TOKEN\" http://<address>:8080/status");

            await _lab.ConfigureAsync(8080, "");
            var open = Verdicts(await GradeAsync(Path.Combine(_folder, "no-token")));
            open["status.config"].Should().Be((Verdict.Fail, "Expected /etc/omistack/status.conf on every host with port=8080 and a token because the service reads its port and its token from that file, but found statushost: no token in /etc/omistack/status.conf. Hint: sudo install -D -m 600 /dev/null /etc/omistack/status.conf; write 'port=8080' and 'token=<the token of your status section>' in it"));
            open["status.locked"].Should().Be((Verdict.Fail, "Expected the page /status to refuse a request without the token (HTTP 401) because the page must not show the service's state to anyone who asks, but found statushost: HTTP 200 without a token. Hint: set a non-empty 'token=' in /etc/omistack/status.conf and restart the service"));
            open["status.page"].Verdict.Should().Be(Verdict.Pass, "an open page answers the token too");

            await _lab.StopServiceAsync();
            var stopped = Verdicts(await GradeAsync(Path.Combine(_folder, "stopped")));
            stopped["status.ssh"].Verdict.Should().Be(Verdict.Pass);
            stopped["status.page"].Verdict.Should().Be(Verdict.Fail);
            stopped["status.page"].Message.Should().StartWith("Expected the page /status on port 8080 of every host to answer 'status: ok' to the status section's token because clients of the service send 'Authorization: Bearer <token>', but found statushost: ");
            stopped["status.locked"].Verdict.Should().Be(Verdict.Inconclusive, "no answer at all is not an open page");
        }
        finally
        {
            await _lab!.ConfigureAsync(8080, _lab.Token);
        }
    }

    private static Dictionary<string, (Verdict Verdict, string Message)> Verdicts(IEnumerable<CheckOutcome> outcomes) =>
        outcomes.ToDictionary(o => o.Check.Id, o => (o.Verdict, o.Message));

    /// <summary>Writes the student's target file (the token in a variable, as docs/reference/security.md says) and grades it.</summary>
    private async Task<List<CheckOutcome>> GradeAsync(string results)
    {
        Directory.CreateDirectory(results);
        var host = _lab!.HostTarget;
        var target = Path.Combine(results, "s3.yaml");
        await File.WriteAllTextAsync(target, $$"""
            student: s3
            ssh:
              user: {{_lab.Ssh.User}}
              identityFile: {{_lab.Ssh.IdentityFile}}
              knownHosts: {{_lab.Ssh.KnownHosts}}
            status:
              path: /status
              token: ${STATUS_TOKEN}
              hosts:
                - { name: {{host.Name}}, address: {{host.Address}}, ports: { 22: {{host.PortFor(22)}}, 8080: {{host.PortFor(8080)}} } }
            """);
        // The token the student exports, as the instructor's run gives it (never the process's own environment).
        await using var run = StudentRuns.ForTargetFile(target, Setup(results) with { Variables = name => name == "STATUS_TOKEN" ? _lab.Token : null });
        var outcomes = (await run.GradeAllAsync()).Where(o => Ids.Contains(o.Check.Id)).ToList();
        run.WriteReports(final: true);
        return outcomes;
    }

    private static GradingSetup Setup(string results) =>
        new(OmiStack.Lessons.Course.Lessons.With(new Lesson3Module()), Rubric.Default, InstructorOverrides.None, new GradingOptions(), results);
}
