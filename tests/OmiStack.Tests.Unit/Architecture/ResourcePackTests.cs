using System.Text.RegularExpressions;
using FluentAssertions;

namespace OmiStack.Tests.Unit.Architecture;

/// <summary>
/// A lesson reads its resources through the session's packs (session.Docker(), .Registry(), .Rancher(), .Web()), which
/// record into the session's evidence: no lesson builds a probe or a client of its own, whose evidence it could forget.
/// </summary>
public sealed partial class ResourcePackTests
{
    [Test]
    public void Lessons_reach_resources_only_through_the_session_packs()
    {
        var root = SettingsAtTheEdgeTests.RepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "lessons"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(root, file), Line: i + 1, Text: line)))
            .Where(l => OwnClient().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("a check's HTTP, registry and Rancher calls go through the session's packs, which record them");
    }

    [GeneratedRegex(@"\bHttpProbe\.GetAsync\b|\bnew\s+(RegistryProbe|RancherClient)\s*\(|\bRancherGatherer\.(ClientFor|ServerAsync|AccessAsync|StateAsync)\b")]
    private static partial Regex OwnClient();
}
