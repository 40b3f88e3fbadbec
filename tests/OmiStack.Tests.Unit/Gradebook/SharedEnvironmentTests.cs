using FluentAssertions;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Unit.Gradebook;

/// <summary>
/// Integrity: students whose targets reach the same environment (the same Docker engines, swarm or
/// registry certificate) are flagged in the gradebook, both of them, with what matched; students on
/// labs of their own are not.
/// </summary>
public sealed class SharedEnvironmentTests
{
    [Test]
    public void Two_students_on_one_lab_are_flagged_with_what_matched_and_a_student_on_their_own_lab_is_not()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-shared-").FullName;
        try
        {
            var labA = Environment(["engine-a1", "engine-a2", "engine-a3"], "cluster-a-8vq2kd1rxyz", "SHA256:AAAA");
            var labB = Environment(["engine-b1", "engine-b2", "engine-b3"], "cluster-b", "SHA256:BBBB");
            GradebookWriter.Write(folder, [Row("alice", labA), Row("bob", labA), Row("carol", labB), Row("dave", null)]);

            var lines = File.ReadAllLines(Path.Combine(folder, "gradebook.csv"));
            var header = lines[0].Split(',');
            header[^1].Should().Be("shared environment");
            Field(lines, "alice").Should().Be("bob: docker engine ×3, registry certificate SHA256:AAAA, swarm cluster cluster-a-8vq2kd…");
            Field(lines, "bob").Should().StartWith("alice: docker engine ×3");
            Field(lines, "carol").Should().BeEmpty("carol's lab is her own");
            Field(lines, "dave").Should().BeEmpty("nothing was seen of dave's environment");
            File.ReadAllText(Path.Combine(folder, "gradebook.md")).Should().Contain("## Shared environments").And.Contain("2 students were graded on an environment another student's target also reached");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Students_who_share_only_a_public_certificate_authority_are_not_flagged()
    {
        // Each student's registry has its own certificate (certbot issues one per host name); the
        // fingerprint is the certificate's own, not its issuer's, so one CA for a whole course is no match.
        var shared = GradebookWriter.SharedEnvironments([Row("alice", Environment(["e1"], "c1", "SHA256:0001")), Row("bob", Environment(["e2"], "c2", "SHA256:0002"))]);

        shared.Should().BeEmpty();
    }

    [Test]
    public void Two_students_whose_targets_name_one_answers_file_are_flagged_with_the_files_name()
    {
        var answers = new Dictionary<string, IReadOnlyList<string>> { ["answers file"] = ["/course/roster/targets/bob-answers.yaml"] };
        var own = new Dictionary<string, IReadOnlyList<string>> { ["answers file"] = ["/course/roster/targets/carol-answers.yaml"] };

        var shared = GradebookWriter.SharedEnvironments([Row("alice", answers), Row("bob", answers), Row("carol", own)]);

        shared.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["alice"] = "bob: answers file …/bob-answers.yaml",
            ["bob"] = "alice: answers file …/bob-answers.yaml",
        });
    }

    [TestCase(500)]
    [TestCase(20000)]
    public void A_rosters_step_summary_stays_under_githubs_1_MiB_with_every_checks_rates(int students)
    {
        var lab = Environment(["e"], "c", "SHA256:CC");
        var rows = Enumerable.Range(0, students).Select(i => Row($"s{i:000000}-{new string('x', 40)}", i % 50 == 0 ? lab : null)).ToList();

        var summary = GradebookWriter.StepSummary(rows, "https://github.com/course/grading/actions/runs/42");

        System.Text.Encoding.UTF8.GetByteCount(summary).Should().BeLessThan(1024 * 1024);
        summary.Should().Contain("| swarm.docker | " + students + " | 0 | 0 | 0 |", "each check's pass, fail, inconclusive and not-run counts");
        summary.Should().Contain("https://github.com/course/grading/actions/runs/42");
        if (students == 20000)
        {
            summary.Should().MatchRegex(@"\| … \d+ more students \|", "the rest are in the gradebook artifact");
        }
        else
        {
            summary.Should().Contain("s000499-", "500 students fit");
        }
    }

    private static string Field(string[] lines, string student) =>
        CsvFields(lines.Single(l => l.StartsWith(student + ",", StringComparison.Ordinal)))[^1];

    private static string[] CsvFields(string line)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(line)) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        return parser.ReadFields() ?? [];
    }

    private static Dictionary<string, IReadOnlyList<string>> Environment(string[] engines, string cluster, string certificate) => new()
    {
        ["docker engine"] = engines,
        ["swarm cluster"] = [cluster],
        ["registry certificate"] = [certificate],
    };

    private static GradebookRow Row(string student, IReadOnlyDictionary<string, IReadOnlyList<string>>? environment)
    {
        var tests = new List<GradescopeTest> { new("swarm.docker", 5, 5, "passed", "ok", new GradescopeExtra("swarm.docker", "pass", "setup", null) { Lesson = "lesson1" }) };
        return new GradebookRow(student, new GradescopeResults(5, 5, 1, "", "visible", tests) { ExtraData = new GradescopeRunExtra(student) { Environment = environment } });
    }
}
