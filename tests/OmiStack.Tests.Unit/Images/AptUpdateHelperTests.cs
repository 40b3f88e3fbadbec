using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Vms;
using OmiStack.Tests.Unit.Architecture;

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
        text.Should().NotContain("apt-get update -", "one helper takes apt's update lock and keeps the stamp of the last update");

        var beside = Path.Combine(Path.GetDirectoryName(installer)!, "apt-update.sh");
        File.Exists(beside).Should().BeTrue($"{Path.GetFileName(installer)} sources it from its own folder");
        File.ReadAllText(beside).Should().Be(File.ReadAllText(Path.Combine(SettingsAtTheEdgeTests.RepositoryRoot(), "scripts", "apt-update.sh")));
    }

    [Test]
    public async Task It_updates_once_a_day_by_its_own_stamp_and_again_after_a_failed_update()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-apt-update-").FullName;
        try
        {
            var calls = Path.Combine(folder, "calls");
            // apt-get stands in as a function that counts its calls and exits with fakeExit.
            async Task<int> RunAsync(int fakeExit = 0)
            {
                var script = $". '{Path.Combine(Path.GetDirectoryName(EngineStarter.Script)!, "apt-update.sh")}'\n" +
                             $"apt-get() {{ echo \"$1\" >>'{calls}'; return {fakeExit}; }}\n" +
                             "omi_apt_update true\n";
                var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", script]) { RedirectStandardError = true };
                start.Environment["TMPDIR"] = folder;
                using var bash = System.Diagnostics.Process.Start(start)!;
                await bash.WaitForExitAsync();
                return bash.ExitCode;
            }

            int Updates() => File.Exists(calls) ? File.ReadAllLines(calls).Length : 0;
            var stamp = Path.Combine(folder, "omistack-apt-updated");

            (await RunAsync()).Should().Be(0);
            (await RunAsync()).Should().Be(0);
            Updates().Should().Be(1, "the second run finds the first one's stamp");

            File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddDays(-2));
            (await RunAsync(fakeExit: 100)).Should().Be(100, "apt-get update's status is returned");
            File.GetLastWriteTimeUtc(stamp).Should().BeBefore(DateTime.UtcNow.AddDays(-1), "a failed update leaves the stamp old");
            (await RunAsync()).Should().Be(0);
            Updates().Should().Be(3, "a day-old stamp and a failed update each mean one more update");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
