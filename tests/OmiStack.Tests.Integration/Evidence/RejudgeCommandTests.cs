using FluentAssertions;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Evidence;

/// <summary>`omistack rejudge` given what an instructor may give it: nothing, a broken file beside good ones, its own input as output.</summary>
public sealed class RejudgeCommandTests : LaneFixture
{
    private string _root = "";

    [SetUp]
    public void MakeRoot() => _root = Directory.CreateTempSubdirectory("omistack-rejudge-cli-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_folder_without_evidence_is_named_and_nothing_is_written()
    {
        var run = await ChecksProcess.RunCliAsync(["rejudge", _root, "--out", Path.Combine(_root, "out")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(2, run.Output);
        run.Output.Should().Contain($"omistack: no evidence.json at {_root}");
        Directory.Exists(Path.Combine(_root, "out")).Should().BeFalse();
    }

    [Test]
    public async Task A_broken_evidence_file_is_named_and_the_other_students_are_still_rejudged()
    {
        var results = Path.Combine(_root, "results");
        await WriteEvidenceAsync(Path.Combine(results, "s1"), Minimal("s1"));
        await WriteEvidenceAsync(Path.Combine(results, "s2"), "{ \"format\": \"omistack-evidence/1\", \"student\": ");
        await WriteEvidenceAsync(Path.Combine(results, "s3"), Minimal("s3"));
        var output = Path.Combine(_root, "rejudged");

        var run = await ChecksProcess.RunCliAsync(["rejudge", results, "--out", output], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(1, run.Output);
        run.Output.Should().Contain($"omistack: {Path.Combine(results, "s2", "evidence.json")} is not OmiStack evidence:");
        run.Output.Should().MatchRegex($"omistack: s1: 0 / \\d+ re-judged from {System.Text.RegularExpressions.Regex.Escape(Path.Combine(results, "s1", "evidence.json"))}")
            .And.MatchRegex($"omistack: s3: 0 / \\d+ re-judged from {System.Text.RegularExpressions.Regex.Escape(Path.Combine(results, "s3", "evidence.json"))}")
            .And.Contain($"omistack: gradebook of 2 students in {output}");
        File.Exists(Path.Combine(output, "s1", "results.json")).Should().BeTrue();
        File.Exists(Path.Combine(output, "gradebook.csv")).Should().BeTrue();
        run.Output.Should().NotContain("   at ", "no stack trace");
    }

    [Test]
    public async Task Evidence_whose_target_was_not_written_by_omistack_is_named_without_a_stack_trace()
    {
        var results = Path.Combine(_root, "results");
        await WriteEvidenceAsync(Path.Combine(results, "s1"), Minimal("s1").Replace("\"sshUser\":\"-\"", "\"sshUser\":5", StringComparison.Ordinal));
        await WriteEvidenceAsync(Path.Combine(results, "s2"), Minimal("s2").Replace("\"sections\":{}", "\"sections\":{\"answers\":\"file: [unclosed\"}", StringComparison.Ordinal));

        var run = await ChecksProcess.RunCliAsync(["rejudge", results, "--out", Path.Combine(_root, "out")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(1, run.Output);
        run.Output.Should().Contain($"omistack: {Path.Combine(results, "s1", "evidence.json")}: its target is not one OmiStack wrote:")
            .And.Contain($"omistack: {Path.Combine(results, "s2", "evidence.json")}: a section of its target is not YAML:");
        run.Output.Should().NotContain("   at ", "no stack trace");
    }

    [Test]
    public async Task The_recorded_results_are_never_the_output()
    {
        var results = Path.Combine(_root, "results");
        await WriteEvidenceAsync(Path.Combine(results, "s1"), Minimal("s1"));

        var run = await ChecksProcess.RunCliAsync(["rejudge", results, "--out", results], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(2, run.Output);
        run.Output.Should().Contain($"omistack: --out {results} holds the evidence read: give a folder of its own (the recorded results are never overwritten)");
        Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories).Should().ContainSingle("only the evidence is there");
    }

    [Test]
    public async Task A_setting_that_cannot_be_used_is_named_without_a_stack_trace()
    {
        var results = Path.Combine(_root, "results");
        await WriteEvidenceAsync(Path.Combine(results, "s1"), Minimal("s1"));

        var run = await ChecksProcess.RunCliAsync(["rejudge", results, "--out", Path.Combine(_root, "out")], new Dictionary<string, string> { ["OMISTACK_HOST_KEYS"] = "accept_new" }, TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(2, run.Output);
        run.Output.Should().Contain("omistack: OMISTACK_HOST_KEYS must be strict, accept-new or insecure, but is 'accept_new'.");
        run.Output.Should().NotContain("   at ", "no stack trace");
    }

    private static async Task WriteEvidenceAsync(string folder, string text)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "evidence.json"), text);
    }

    /// <summary>The evidence of a run on a target with no nodes: nothing to judge, a valid file.</summary>
    private static string Minimal(string student) => $$"""
        {"format":"omistack-evidence/1","student":"{{student}}","startedAt":"2026-11-26T10:00:00+00:00","writtenAt":"2026-11-26T10:01:00+00:00",
         "harness":"test","target":{"student":"{{student}}","sshUser":"-","nodes":[],"sections":{},"fromStudent":false},
         "checks":[],"budget":2097152,"bytes":0,"entries":[]}
        """;
}
