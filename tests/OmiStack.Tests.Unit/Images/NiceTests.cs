using FluentAssertions;
using OmiStack.Fixtures.Engine;

namespace OmiStack.Tests.Unit.Images;

public sealed class NiceTests
{
    [Test]
    public void A_nice_value_above_0_runs_the_program_under_nice_and_0_runs_it_as_it_is()
    {
        var (program, arguments) = Nice.Command(10, "qemu-system-x86_64", ["-m", "1024"]);
        program.Should().Be("nice");
        arguments.Should().Equal("-n", "10", "qemu-system-x86_64", "-m", "1024");

        var (plain, same) = Nice.Command(0, "bash", ["build.sh", "node"]);
        plain.Should().Be("bash");
        same.Should().Equal("build.sh", "node");
    }
}
