using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Vms;

namespace OmiStack.Tests.Unit.Images;

/// <summary>
/// The installers that refresh apt's lists (the engine's, the lab images' recipe, the VM tools') all source one helper,
/// scripts/apt-update.sh, from beside themselves: a copy missing from the fixtures' output would show only on a fresh
/// machine, where the lists are old and the installers really run.
/// </summary>
public sealed class AptUpdateHelperTests
{
    private static IEnumerable<TestCaseData> Installers() =>
        new[] { EngineStarter.Script, Path.Combine(LabImageBuilder.RecipeDirectory, "offline", "build.sh"), VmHost.ToolsScript }
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(path)));

    [TestCaseSource(nameof(Installers))]
    public void Each_installer_sources_the_helper_shipped_beside_it_and_runs_no_apt_get_update_of_its_own(string installer)
    {
        var text = File.ReadAllText(installer);
        text.Should().Contain("/apt-update.sh\"").And.Contain("omi_apt_update ");
        text.Should().NotContain("apt-get update -", "one helper takes apt's update lock and checks the lists' age");

        var beside = Path.Combine(Path.GetDirectoryName(installer)!, "apt-update.sh");
        File.Exists(beside).Should().BeTrue($"{Path.GetFileName(installer)} sources it from its own folder");
        File.ReadAllText(beside).Should().Be(File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "apt-update.sh")));
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OmiStack.sln")))
        {
            root = root.Parent;
        }

        return root!.FullName;
    }
}
