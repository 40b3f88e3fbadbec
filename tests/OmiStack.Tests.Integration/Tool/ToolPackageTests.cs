using FluentAssertions;
using OmiStack.Fixtures.Nodes;
using OmiStack.Reports.Gradescope;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Tool;

/// <summary>
/// `omistack` as a .NET tool: the package docs/students/omistack-tool.md has a user pack (RID-specific, self-contained,
/// composite ReadyToRun: the one the benchmarks time), installed with `dotnet tool install -g` as that page gives it,
/// answers --help and grades a real lab with `omistack grade`, giving the same verdicts, points and messages, and the
/// same exit code, as `dotnet test checks` on the same lab.
/// </summary>
[Lab]
public sealed class ToolPackageTests : LaneFixture
{
    [Test]
    public async Task The_packed_tool_installs_and_grades_a_lab_as_dotnet_test_checks_does()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-tool-").FullName;
        try
        {
            // As docs/students/omistack-tool.md gives it: the fast package, installed globally (here into a HOME of
            // the test's own: ~/.dotnet/tools, and NuGet's first copy of the version in ~/.nuget/packages).
            var packages = Path.Combine(folder, "packages");
            var home = Directory.CreateDirectory(Path.Combine(folder, "home")).FullName;
            var user = new Dictionary<string, string> { ["HOME"] = home, ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
            var pack = await ChecksProcess.RunProcessAsync("dotnet", ["pack", "cli", "-c", ChecksProcess.Configuration, "-o", packages, "-p:ReadyToRunTool=true"], new Dictionary<string, string>(), TimeSpan.FromMinutes(12));
            pack.ExitCode.Should().Be(0, pack.Output);
            var install = await ChecksProcess.RunProcessAsync("dotnet", ["tool", "install", "-g", "OmiStack.Tool", "--add-source", packages, "--ignore-failed-sources"], user, TimeSpan.FromMinutes(3));
            install.ExitCode.Should().Be(0, install.Output);
            var omistack = Path.Combine(home, ".dotnet", "tools", "omistack");

            // The repository's local tool manifest, in a clone, as the same page gives it: the portable package, dotnet tool
            // restore, then dotnet omistack. The SDK's local-tool resolver looks for a self-contained RID package's
            // command under tools/net10.0/<rid>/, where the package has it under tools/any/<rid>/ ("Run dotnet tool
            // restore ..." after a successful restore), so that manifest form packs the portable tool. A HOME of its
            // own: NuGet keeps the first copy of a version in ~/.nuget/packages, and the SDK caches the command's path.
            var portable = Path.Combine(folder, "portable");
            var packPortable = await ChecksProcess.RunProcessAsync("dotnet", ["pack", "cli", "-c", ChecksProcess.Configuration, "-o", portable], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            packPortable.ExitCode.Should().Be(0, packPortable.Output);
            var clone = Path.Combine(folder, "clone");
            Directory.CreateDirectory(Path.Combine(clone, ".config"));
            File.Copy(Path.Combine(ChecksProcess.SolutionRoot, ".config", "dotnet-tools.json"), Path.Combine(clone, ".config", "dotnet-tools.json"));
            var cloneHome = Directory.CreateDirectory(Path.Combine(folder, "clone-home")).FullName;
            var restore = await ChecksProcess.RunProcessAsync("sh", ["-c", $"cd '{clone}' && dotnet tool restore --add-source '{portable}' && dotnet omistack --version"], new Dictionary<string, string>(user) { ["HOME"] = cloneHome }, TimeSpan.FromMinutes(3));
            restore.ExitCode.Should().Be(0, restore.Output);
            restore.Output.Should().Contain("omistack").And.Contain("0.3.0");

            var help = await ChecksProcess.RunProcessAsync(omistack, ["--help"], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
            help.ExitCode.Should().Be(0);
            help.Output.Should().Contain("grade").And.Contain("target").And.Contain("rejudge");

            await using var lab = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithSeededImages().WithProgress(TestContext.Progress).Build();
            await lab.StartAsync();
            var byTool = Path.Combine(folder, "by-tool");
            var byTest = Path.Combine(folder, "by-test");
            var student = lab.Target.Student;

            var graded = await ChecksProcess.RunProcessAsync(omistack, ["grade", "--target", lab.TargetFile, "--results", byTool], new Dictionary<string, string>(), TimeSpan.FromMinutes(4));
            var tested = await ChecksProcess.RunAsync(null, new Dictionary<string, string> { ["OMISTACK_TARGET"] = lab.TargetFile, ["OMISTACK_RESULTS_DIR"] = byTest }, TimeSpan.FromMinutes(4));

            graded.Output.Should().Contain($"pass {student} swarm.docker [").And.Contain($"OmiStack {student}: ");
            Normalised(graded.Output, student).Should().BeEquivalentTo(
                Normalised(DocumentedSample(), "lab-564f520d81"),
                "docs/students/omistack-tool.md shows this run's whole output (a bare node, no answers file): regenerate the sample if the output changed");
            graded.ExitCode.Should().Be(tested.ExitCode, "the tool fails where dotnet test fails");
            var tool = Verdicts(Path.Combine(byTool, student, "results.json"));
            tool.Should().NotBeEmpty().And.Equal(Verdicts(Path.Combine(byTest, student, "results.json")), "the same grading, without the test host");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The console sample of `omistack grade` on one bare node in docs/students/omistack-tool.md, without its command line.</summary>
    private static string DocumentedSample()
    {
        var page = File.ReadAllText(Path.Combine(ChecksProcess.SolutionRoot, "docs", "students", "omistack-tool.md"));
        var start = page.IndexOf("$ omistack grade --target omistack.yaml\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the page shows a run of omistack grade");
        var body = page[(start + "$ omistack grade --target omistack.yaml\n".Length)..];
        return body[..body.IndexOf("```", StringComparison.Ordinal)];
    }

    /// <summary>
    /// A run's printed lines, what differs per run made the same (the lab's id, the engine's version, the results
    /// folder), as a multiset: each check's line prints as the check ends, so their order is the run's.
    /// </summary>
    private static IEnumerable<string> Normalised(string output, string student) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace(student, "<lab>", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\(Docker [^)]+\)", "(Docker <version>)"))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\S+/<lab>/", "<results>/<lab>/"))
            .Where(l => !l.StartsWith('─'));

    private static List<(string Id, string? Verdict, decimal Score, string Output)> Verdicts(string results)
    {
        var graded = GradescopeResults.TryRead(results);
        graded.Should().NotBeNull(results);
        return [.. graded!.Tests.Select(t => (t.ExtraData.Id, t.ExtraData.Verdict, t.Score, t.Output)).OrderBy(t => t.Id, StringComparer.Ordinal)];
    }
}
