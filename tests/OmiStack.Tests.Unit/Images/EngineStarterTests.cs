using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Tests.Unit.Architecture;

namespace OmiStack.Tests.Unit.Images;

public sealed class EngineStarterTests
{
    [Test]
    public void The_scripts_exports_are_read_and_nothing_else()
    {
        var printed = "export DOCKER_API_VERSION=1.41\nexport TESTCONTAINERS_RYUK_DISABLED=true\nengine: dockerd answers after 1s\nexport BAD-NAME=x\nexport =y\n";

        EngineStarter.Exports(printed).Should().Equal(("DOCKER_API_VERSION", "1.41"), ("TESTCONTAINERS_RYUK_DISABLED", "true"));
    }

    [Test]
    public void The_script_travels_with_the_fixtures_and_is_the_repositorys_own()
    {
        File.Exists(EngineStarter.Script).Should().BeTrue();
        File.ReadAllText(EngineStarter.Script).Should().Be(File.ReadAllText(Path.Combine(SettingsAtTheEdgeTests.RepositoryRoot(), "scripts", "engine.sh")));
    }
}
