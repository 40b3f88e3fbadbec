using System.Diagnostics;
using FluentAssertions;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Ssh;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Roster;

/// <summary>
/// An instructor's roster graded by `dotnet test` on the checks, as in a course: students on a real
/// solved lab, one whose node is unreachable, one whose key is refused, one whose id is a formula.
/// </summary>
[Lab]
public sealed class RosterGradingTests : LaneFixture
{
    private SolvedLab _solved = null!;
    private NodeLab _lab = null!;
    private string _folder = null!;
    private string _roster = null!;

    private const string VictimText = "# a file the grader can write, not the student's to name\n";

    private string Victim => Path.Combine(_folder, "victim");

    [OneTimeSetUp]
    public async Task SolveLabAndWriteRoster()
    {
        _solved = await SolvedLab.StartAsync();
        _lab = _solved.Lab;

        _folder = Directory.CreateTempSubdirectory("omistack-roster-").FullName;
        var otherKey = Path.Combine(_folder, "other_key");
        SshKeyPair.Generate("not-the-lab").WritePrivateKey(otherKey);
        var nodes = _solved.NodesYaml();
        var unreachable = string.Join("\n", _lab.Nodes.Select((n, i) => i == 2
            ? $"      - {{ name: {n.Name}, address: 127.0.0.1, ports: {{ 22: 1, 80: 1, 5000: 1 }} }}"
            : $"      - {{ name: {n.Name}, address: 127.0.0.1, ports: {{ 22: {n.PortFor(22)}, 80: {n.PortFor(80)}, 5000: {n.PortFor(5000)} }} }}"));
        _roster = Path.Combine(_folder, "roster.yaml");
        await File.WriteAllTextAsync(_roster, $"""
            defaults:
              ssh: {"{"} user: ubuntu, identityFile: {_lab.IdentityFile}, knownHosts: {_lab.KnownHostsFile}, hostKeys: strict {"}"}
              registry: {"{"} host: {Lesson1Reference.RegistryHost}, port: 5000, node: dockernode1, caFile: {_lab.RegistryCaFile} {"}"}
            students:
              - student: s1000001
                nodes:
            {nodes}
              - student: s1000002
                nodes:
            {nodes}
              - student: s1000003-unreachable
                nodes:
            {unreachable}
              - student: s1000004-wrong-key
                ssh: {"{"} identityFile: {otherKey} {"}"}
                nodes:
            {nodes}
              - student: "=HYPERLINK(1)"
                nodes:
            {nodes}
              - student: s1000006-own-known-hosts
                ssh: {"{"} knownHosts: {Victim}, hostKeys: accept-new {"}"}
                nodes:
            {nodes}
            """);
        // A file the grader could write, named by a student's entry as its known_hosts.
        await File.WriteAllTextAsync(Victim, VictimText);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        await _solved.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    [Order(1)]
    public async Task Every_student_gets_a_row_and_the_broken_ones_are_inconclusive_with_their_cause()
    {
        var results = Path.Combine(_folder, "all");
        // A single-student run from the same checkout left its results here: not the roster's.
        Directory.CreateDirectory(Path.Combine(results, "stranger"));
        await File.WriteAllTextAsync(Path.Combine(results, "stranger", "results.json"), (GradescopeResults.Empty with { ExtraData = new GradescopeRunExtra("stranger") }).ToJson());
        var clock = Stopwatch.StartNew();

        await GradeAsync(results, shard: null, summary: Path.Combine(_folder, "step_summary.md"));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(3), "every student is bounded by its own deadlines");
        var rows = GradebookWriter.Collect([results]).Where(r => r.Student != "stranger").ToList();
        rows.Select(r => r.Student).Should().BeEquivalentTo(["s1000001", "s1000002", "s1000003-unreachable", "s1000004-wrong-key", "=HYPERLINK(1)", "s1000006-own-known-hosts"], "the gradebook names each student by the id results.json carries");
        Verdict(results, "s1000001", "stack.services").Should().Be("pass");
        Verdict(results, "s1000001", "registry.tls").Should().Be("pass", "the lab's CA is the instructor's trust anchor (OMISTACK_REGISTRY_CA)");
        Verdict(results, "s1000003-unreachable", "swarm.docker").Should().Be("inconclusive");
        Output(results, "s1000003-unreachable", "swarm.docker").Should().Contain("SSH to dockernode3 (ubuntu@127.0.0.1:1) failed: no connection");
        Verdict(results, "s1000003-unreachable", "stack.services").Should().Be("pass", "the manager still answers");
        Verdict(results, "s1000004-wrong-key", "swarm.docker").Should().Be("inconclusive");
        Output(results, "s1000004-wrong-key", "swarm.docker").Should().Contain("refused the key");
        Verdict(results, "s1000006-own-known-hosts", "swarm.docker").Should().Be("pass", "accept-new trusts the new keys for the run");
        File.ReadAllText(Victim).Should().Be(VictimText, "a known_hosts file a student's entry names is read, never written");
        File.ReadAllLines(Path.Combine(results, "gradebook.csv")).Should().HaveCount(7, "the roster's six students and the header").And.NotContain(l => l.StartsWith("stranger", StringComparison.Ordinal));
        File.Exists(Path.Combine(results, "gradebook-moodle.csv")).Should().BeTrue();
        // Every student here reaches the one lab: flagged, each naming the others and what matched.
        var shared = GradebookWriter.SharedEnvironments(rows);
        shared["s1000001"].Should().Contain("s1000002: docker engine ×3, registry certificate SHA256:").And.Contain("swarm cluster ");
        shared["s1000002"].Should().Contain("s1000001: docker engine ×3");
        shared["s1000004-wrong-key"].Should().Contain("s1000001: registry certificate SHA256:", "the registry answers without SSH");
        File.ReadAllText(Path.Combine(results, "gradebook.md")).Should().Contain("## Most failed checks").And.Contain("## Distribution of scores").And.Contain("## Shared environments");
        var summary = File.ReadAllText(Path.Combine(_folder, "step_summary.md"));
        summary.Should().Contain("# OmiStack gradebook").And.Contain("| stack.services | ").And.NotContain("# OmiStack report:", "a roster writes one summary, not one report per student");
    }

    [Test]
    [Order(2)]
    public async Task Two_shards_merged_give_the_same_gradebook_as_one_run()
    {
        var one = Path.Combine(_folder, "one");
        var shard1 = Path.Combine(_folder, "shard1");
        var shard2 = Path.Combine(_folder, "shard2");
        var merged = Path.Combine(_folder, "merged");
        await GradeAsync(one, shard: null);
        await GradeAsync(shard1, shard: "1/2");
        await GradeAsync(shard2, shard: "2/2");

        GradebookWriter.Write(merged, GradebookWriter.Collect([shard1, shard2]));

        GradebookWriter.Collect([shard1]).Should().NotBeEmpty().And.HaveCountLessThan(6, "a shard grades a subset");
        File.ReadAllText(Path.Combine(merged, "gradebook.csv")).Should().Be(File.ReadAllText(Path.Combine(one, "gradebook.csv")), Explain(one, shard1, shard2));
        File.ReadAllText(Path.Combine(merged, "gradebook-moodle.csv")).Should().Be(File.ReadAllText(Path.Combine(one, "gradebook-moodle.csv")));
    }

    [Test]
    [Order(3)]
    public void A_student_id_that_starts_like_a_formula_is_neutralised_in_the_gradebooks()
    {
        var csv = File.ReadAllLines(Path.Combine(_folder, "all", "gradebook.csv"));
        var moodle = File.ReadAllLines(Path.Combine(_folder, "all", "gradebook-moodle.csv"));

        csv.Should().Contain(l => l.Contains("HYPERLINK(1)", StringComparison.Ordinal), "the gradebook lists the real id, neutralised");
        csv.Concat(moodle).Should().NotContain(l => l.StartsWith('=') || l.Contains(",=", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));
    }

    [Test]
    [Order(4)]
    public async Task A_CA_named_in_a_students_target_is_no_trust_anchor_in_a_roster()
    {
        var results = Path.Combine(_folder, "untrusted");

        // The same roster, whose entries name the lab's CA as caFile, without the instructor's anchor.
        await GradeAsync(results, shard: null, filter: "Id=registry.tls", instructorCa: false);

        Verdict(results, "s1000001", "registry.tls").Should().Be("fail");
        Output(results, "s1000001", "registry.tls").Should().Contain("the CA file the target names is not a trust anchor in this run");
    }

    [Test]
    [Order(5)]
    public async Task A_hostile_roster_grades_every_other_student_correctly_and_writes_no_secret()
    {
        var folder = Path.Combine(_folder, "hostile");
        Directory.CreateDirectory(folder);
        var fifo = Path.Combine(folder, "key-fifo");
        (await ChecksProcess.RunProcessAsync("mkfifo", [fifo], new Dictionary<string, string>(), TimeSpan.FromSeconds(10))).ExitCode.Should().Be(0);
        const string Secret = "hunter2-never-in-any-file";
        var nodes = _solved.NodesYaml();
        var roster = Path.Combine(folder, "roster.yaml");
        await File.WriteAllTextAsync(roster, $"""
            defaults:
              ssh: {"{"} user: ubuntu, identityFile: {_lab.IdentityFile}, knownHosts: {_lab.KnownHostsFile}, hostKeys: strict {"}"}
              registry: {"{"} host: {Lesson1Reference.RegistryHost}, port: 5000, node: dockernode1 {"}"}
            students:
              - student: s7000001
                nodes:
            {nodes}
              - student: bob
                nodes:
            {nodes}
              - student: bob.
                nodes:
            {nodes}
              - student: ../../escape
                nodes:
            {nodes}
              - student: s7000005-fifo-key
                ssh: {"{"} identityFile: {fifo} {"}"}
                nodes:
            {nodes}
              - student: s7000006-home
                ssh: {"{"} passphrase: "${"{"}HOME{"}"}" {"}"}
                nodes:
            {nodes}
              - student: s7000007
                ssh: {"{"} passphrase: "${"{"}S7000007_PASSPHRASE{"}"}" {"}"}
                nodes:
            {nodes}
              - target: s7000008/omistack.yaml
              - {"{"} target: s7000009/omistack.yaml, student: s7000009 {"}"}
              - target: s7000010.yaml
            """);
        // Students' own target files: s7000008 names s7000009's answers from its own folder (refused),
        // s7000010's file lies beside the roster, so s7000009's folder is below its own: used, and flagged.
        foreach (var (student, answers) in new[] { ("s7000008/omistack", "../s7000009/answers.yaml"), ("s7000009/omistack", "answers.yaml"), ("s7000010", "s7000009/answers.yaml") })
        {
            var file = Path.Combine(folder, student + ".yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, $"""
                student: {student.Split('/')[0]}
                ssh: {"{"} user: ubuntu, identityFile: {_lab.IdentityFile}, knownHosts: {_lab.KnownHostsFile}, hostKeys: strict {"}"}
                registry: {"{"} host: {Lesson1Reference.RegistryHost}, port: 5000, node: dockernode1 {"}"}
                answers: {"{"} file: {answers} {"}"}
                nodes:
                {nodes}
                """);
        }

        File.Copy(Path.Combine(ChecksProcess.SolutionRoot, "lessons", "Questions", "answers.example.yaml"), Path.Combine(folder, "s7000009", "answers.yaml"));
        var results = Path.Combine(folder, "results");
        var environment = new Dictionary<string, string>
        {
            ["OMISTACK_ROSTER"] = roster,
            ["OMISTACK_RESULTS_DIR"] = results,
            ["OMISTACK_REGISTRY_CA"] = _lab.RegistryCaFile,
            ["OMISTACK_CONVERGE_SECONDS"] = "5",
            ["OMISTACK_SSH_CONNECT_SECONDS"] = "20",
            ["S7000007_PASSPHRASE"] = Secret,
        };

        var run = await ChecksProcess.RunAsync("Lesson=lesson1&Stage=final|Stage=setup|Lesson=questions", environment, TimeSpan.FromMinutes(4));

        var rows = GradebookWriter.Collect([results]);
        rows.Select(r => r.Student).Should().BeEquivalentTo(["s7000001", "bob", "bob.", "../../escape", "s7000005-fifo-key", "s7000006-home", "s7000007", "s7000008", "s7000009", "s7000010"], $"every entry keeps its row, under its own id\n{run.Output}");
        foreach (var healthy in new[] { "s7000001", "bob", "bob.", "../../escape", "s7000007", "s7000008", "s7000009", "s7000010" })
        {
            var row = rows.Single(r => r.Student == healthy);
            row.Verdict("swarm.nodes").Should().Be("pass", healthy);
            row.Verdict("stack.services").Should().Be("pass", healthy);
            row.Verdict("registry.tls").Should().Be("pass", healthy);
        }

        rows.Single(r => r.Student == "s7000005-fifo-key").Results.Tests.Single(t => t.ExtraData.Id == "swarm.docker").Output.Should().Contain("not a regular file (a FIFO or a device)");
        rows.Single(r => r.Student == "s7000006-home").Results.Tests.Single(t => t.ExtraData.Id == "swarm.docker").Output.Should().Contain("HOME");
        rows.Single(r => r.Student == "s7000006-home").Verdict("swarm.nodes").Should().Be("inconclusive", "a secret from the grader's environment is refused, not expanded");
        var questions = rows.Single(r => r.Student == "s7000009").Results.Tests.Where(t => t.ExtraData.Id.StartsWith("questions.", StringComparison.Ordinal)).ToList();
        questions.Should().NotBeEmpty().And.OnlyContain(t => t.ExtraData.Verdict == "pass", "s7000009's own answers are graded");
        rows.Single(r => r.Student == "s7000008").Results.Tests.Where(t => t.ExtraData.Id.StartsWith("questions.", StringComparison.Ordinal))
            .Should().HaveCount(questions.Count).And.OnlyContain(t => t.ExtraData.Verdict == "inconclusive" && t.Output.Contains("outside the folder of the target file"), "another student's answers are not graded as s7000008's");
        var sharing = GradebookWriter.SharedEnvironments(rows);
        sharing["s7000010"].Should().Contain("s7000009: answers file …/answers.yaml", "one answers file named by two students' targets is flagged for both");
        sharing["s7000009"].Should().Contain("s7000010: answers file");
        sharing["s7000008"].Should().NotContain("answers file", "its answers were refused, not read");
        Directory.EnumerateDirectories(results).Should().HaveCount(10, "one folder per id, none shared").And.OnlyContain(d => Path.GetDirectoryName(d) == results, "no id writes outside the results folder");
        File.Exists(Path.Combine(_folder, "escape", "results.json")).Should().BeFalse();
        foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Secret, $"{file} holds no secret of the run");
        }

        run.Output.Should().NotContain(Secret);
    }

    /// <summary>Where two gradings of one roster differ, what each student's swarm.docker said in each (for the log).</summary>
    private static string Explain(params string[] folders) =>
        string.Join("\n", folders.SelectMany(folder => Directory.EnumerateFiles(folder, "results.json", SearchOption.AllDirectories).Select(file =>
            $"{Path.GetFileName(folder)}/{Path.GetFileName(Path.GetDirectoryName(file))}: {GradescopeResults.TryRead(file)?.Tests.FirstOrDefault(t => t.ExtraData.Id == "swarm.docker")?.Output}")));

    private static string Verdict(string results, string student, string check) =>
        GradescopeResults.TryRead(Path.Combine(results, student, "results.json"))!.Tests.Single(t => t.ExtraData.Id == check).ExtraData.Verdict;

    private static string Output(string results, string student, string check) =>
        GradescopeResults.TryRead(Path.Combine(results, student, "results.json"))!.Tests.Single(t => t.ExtraData.Id == check).Output;

    /// <summary>`dotnet test` on the built checks assembly, as an instructor runs it.</summary>
    private async Task GradeAsync(string results, string? shard, string filter = "Lesson=lesson1&Stage=final|Stage=setup", bool instructorCa = true, string? summary = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["OMISTACK_ROSTER"] = _roster,
            ["OMISTACK_RESULTS_DIR"] = results,
            ["OMISTACK_CONVERGE_SECONDS"] = "5",
            // Healthy students must not time out under CI's load (5 students' handshakes with 3 nodes on 2
            // shared cores); the unreachable one is refused at once whatever the bound.
            ["OMISTACK_SSH_CONNECT_SECONDS"] = "20",
        };
        if (shard is not null)
        {
            environment["OMISTACK_SHARD"] = shard;
        }

        if (summary is not null)
        {
            environment["GITHUB_STEP_SUMMARY"] = summary;
        }

        if (instructorCa)
        {
            // The course's own CA, given by the instructor; the caFile in the students' entries is not trusted in a roster.
            environment["OMISTACK_REGISTRY_CA"] = _lab.RegistryCaFile;
        }

        var output = (await ChecksProcess.RunAsync(filter, environment, TimeSpan.FromMinutes(4))).Output;
        Directory.Exists(results).Should().BeTrue(output);
    }
}
