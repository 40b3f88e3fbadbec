using System.Reflection;
using System.Text.RegularExpressions;
using FluentAssertions;

namespace OmiStack.Tests.Unit.Architecture;

/// <summary>
/// Configuration flows as typed options from the hosts (the CLI, the NUnit adapter, the benchmarks, the fixtures):
/// the engine, the harness, the lessons and the reports read no environment variable and hold no static mutable state.
/// </summary>
public sealed partial class SettingsAtTheEdgeTests
{
    private static readonly string[] Core = ["harness", "engine", "lessons", "reports"];

    [Test]
    public void No_environment_variable_is_read_or_written_outside_the_hosts()
    {
        var root = RepositoryRoot();
        var offenders = Core
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(root, file), Line: i + 1, Text: line)))
            .Where(l => EnvironmentAccess().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("settings reach the engine as RunOptions, built by a host");
    }

    [Test]
    public void No_static_field_of_the_core_assemblies_can_change()
    {
        var assemblies = new[] { typeof(OmiStack.Harness.Checks.Check), typeof(OmiStack.Engine.StudentRun), typeof(OmiStack.Lessons.Course), typeof(OmiStack.Reports.ReportWriter) }.Select(t => t.Assembly);
        var mutable = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Select(f => (Type: t, Field: f)))
            .Where(f => !f.Field.IsInitOnly && !f.Field.IsLiteral)
            // Compiler-made caches (lambdas, source-generated JSON contexts' metadata) are not state of ours.
            .Where(f => !f.Type.FullName!.Contains('<', StringComparison.Ordinal) && !f.Field.Name.Contains('<', StringComparison.Ordinal))
            .Where(f => !typeof(System.Text.Json.Serialization.JsonSerializerContext).IsAssignableFrom(f.Type))
            .Select(f => $"{f.Type.FullName}.{f.Field.Name}")
            .ToList();

        mutable.Should().BeEmpty("a run's state lives in its objects, not in the process");
    }

    [GeneratedRegex(@"Environment\.(GetEnvironmentVariables?|SetEnvironmentVariable|GetCommandLineArgs|ExpandEnvironmentVariables)\b")]
    private static partial Regex EnvironmentAccess();

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmiStack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The test runs outside the repository: no OmiStack.sln above " + AppContext.BaseDirectory);
    }
}
