using FluentAssertions;
using OmiStack.Checks.Grading;
using OmiStack.Harness.Gathering;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>One way to read settings: every bound and switch by its variable name, from one source (environment, else runsettings).</summary>
public sealed class SettingsTests
{
    [Test]
    public void Every_bound_and_switch_is_read_from_the_one_settings_source()
    {
        var settings = new Dictionary<string, string>
        {
            ["OMISTACK_CONVERGE_SECONDS"] = "5",
            ["OMISTACK_SSH_CONNECT_SECONDS"] = "4",
            ["OMISTACK_RUN_SECONDS"] = "90",
            ["OMISTACK_HOST_KEYS"] = "strict",
            ["OMISTACK_SSH_PASSPHRASE"] = "secret",
        };

        var options = GradingOptions.From(settings.GetValueOrDefault);

        options.ConvergenceTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.Ssh.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(4));
        options.RunTimeout.Should().Be(TimeSpan.FromSeconds(90));
        options.HostKeys.Should().Be("strict");
        options.SshPassphrase.Should().Be("secret");
        options.CheckTimeout.Should().Be(new GradingOptions().CheckTimeout, "an unset bound keeps its default");
    }

    [Test]
    public void A_bound_that_is_not_a_positive_number_keeps_its_default()
    {
        var options = GradingOptions.From(name => name == "OMISTACK_CONVERGE_SECONDS" ? "soon" : null);

        options.ConvergenceTimeout.Should().Be(new GradingOptions().ConvergenceTimeout);
    }

    [TestCase("OMISTACK_CONVERGE_SECONDS", "convergeSeconds")]
    [TestCase("OMISTACK_RESULTS_DIR", "resultsDir")]
    [TestCase("OMISTACK_HOST_KEYS", "hostKeys")]
    public void A_variable_has_a_runsettings_parameter_of_the_same_meaning(string variable, string parameter)
    {
        RunSettings.ParameterOf(variable).Should().Be(parameter);
    }
}
