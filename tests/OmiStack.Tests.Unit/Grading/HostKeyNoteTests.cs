using FluentAssertions;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>A grade taken without checking host keys says so in every report.</summary>
public sealed class HostKeyNoteTests
{
    [TestCase("insecure", null, true)]
    [TestCase("strict", "insecure", true)]
    [TestCase(null, null, false)]
    [TestCase("accept-new", null, false)]
    public async Task Reports_say_when_host_keys_were_not_checked(string? inTarget, string? setting, bool noted)
    {
        var root = Directory.CreateTempSubdirectory("omistack-hostkeys-").FullName;
        try
        {
            var target = new Target { Student = "s1", Ssh = new SshTarget { User = "u", IdentityFile = "k", HostKeys = inTarget }, Nodes = [new NodeTarget { Name = "dockernode1", Address = "127.0.0.1" }] };
            var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, new GradingOptions { HostKeys = setting }, root);
            await using var run = StudentRuns.ForTarget(target, setup);

            var folder = run.WriteReports(final: true);

            var note = "Host keys were not checked (hostKeys: insecure)";
            File.ReadAllText(Path.Combine(folder, "report.md")).Contains(note, StringComparison.Ordinal).Should().Be(noted);
            File.ReadAllText(Path.Combine(folder, "report.html")).Contains(note, StringComparison.Ordinal).Should().Be(noted);
            OmiStack.Reports.Console.ConsoleSummary.Closing(run.LastReport!, folder, []).Contains($"Note: {note}", StringComparison.Ordinal).Should().Be(noted);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
