using FluentAssertions;
using OmiStack.Harness.Checks;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>Earlier submissions as Gradescope hands them over: what is kept, what is skipped, within bounds.</summary>
public sealed class GradescopeHistoryTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("omistack-gs-history-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Only_first_hand_verdicts_with_the_labs_stage_are_read_and_anything_else_is_skipped()
    {
        var path = Write("""
            {"previous_submissions": [
              {"submission_time": "2026-12-02T10:05:00+00:00", "results": {"score": 15, "max_score": 95, "execution_time": 1, "output": "", "visibility": "visible", "tests": [
                {"name": "ghost.service", "score": 10, "max_score": 10, "status": "passed", "output": "Passed: 3/3.", "extra_data": {"id": "ghost.service", "verdict": "pass", "stage": "ghost", "judged_at": "x", "lab_stage": "ghost"}},
                {"name": "ghost.spread", "score": 5, "max_score": 5, "status": "passed", "output": "Passed. (kept from round 2 at 2026-12-02 10:00 UTC, the lab at the ghost stage.)", "extra_data": {"id": "ghost.spread", "verdict": "pass", "stage": "ghost", "judged_at": "x", "lab_stage": "ghost"}},
                {"name": "stack.services", "score": 0, "max_score": 10, "status": "failed", "output": "Not yet.", "extra_data": {"id": "stack.services", "verdict": "not-yet", "stage": "final", "judged_at": "x", "lab_stage": "ghost"}},
                {"name": "swarm.nodes", "score": 10, "max_score": 10, "status": "passed", "output": "Passed.", "extra_data": {"id": "swarm.nodes", "verdict": "pass", "stage": "setup", "judged_at": "x"}}
              ]}},
              {"submission_time": "not a time", "results": {"tests": []}},
              {"submission_time": "2026-12-02T10:06:00+00:00", "results": "not an object"},
              {"submission_time": "2026-12-02T10:07:00+00:00", "results": {"tests": [{"extra_data": 7}]}},
              42
            ]}
            """);

        var entries = GradescopeHistory.Read(path);

        entries.Should().ContainSingle("a kept verdict is read where it was first judged; a not-yet, a verdict without the lab's stage and every malformed entry are skipped");
        entries[0].Check.Should().Be("ghost.service");
        entries[0].Verdict.Verdict.Should().Be(Verdict.Pass);
        entries[0].Verdict.Stage.Should().Be("ghost");
        entries[0].Verdict.Provenance.Should().Be("kept from an earlier Gradescope submission at 2026-12-02 10:05 UTC, the lab at the ghost stage");
    }

    [TestCase("")]
    [TestCase("{ not json")]
    [TestCase("""{"previous_submissions": {"not": "a list"}}""")]
    public void Metadata_that_is_no_history_gives_none(string text) => GradescopeHistory.Read(Write(text)).Should().BeEmpty();

    [Test]
    public void Metadata_over_its_bound_is_not_parsed()
    {
        var path = Path.Combine(_folder, "submission_metadata.json");
        using (var file = File.Create(path))
        {
            file.SetLength(GradescopeHistory.MaxMetadataBytes + 1);
        }

        GradescopeHistory.Read(path).Should().BeEmpty();
    }

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "submission_metadata.json");
        File.WriteAllText(path, text);
        return path;
    }
}
