using OmiStack.Checks.Adapter;
using OmiStack.Engine.Settings;
using FluentAssertions;
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
            ["OMISTACK_REGISTRY_CA"] = "/course/ca.pem",
            ["OMISTACK_TARGET_CA"] = "ignore",
        };

        var options = GradingOptions.From(settings.GetValueOrDefault);

        options.ConvergenceTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.Ssh.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(4));
        options.RunTimeout.Should().Be(TimeSpan.FromSeconds(90));
        options.HostKeys.Should().Be("strict");
        options.SshPassphrase.Should().Be("secret");
        options.RegistryCaFile.Should().Be("/course/ca.pem");
        options.TrustTargetCa.Should().BeFalse();
        new GradingOptions().TrustTargetCa.Should().BeNull("unset, the kind of run decides: a student's own run trusts its target's CA, a roster does not");
        options.CheckTimeout.Should().Be(new GradingOptions().CheckTimeout, "an unset bound keeps its default");
    }

    [Test]
    public void The_stability_rules_and_the_self_healing_probe_are_course_settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["OMISTACK_SETTLE_SECONDS"] = "0",
            ["OMISTACK_FAILURE_WINDOW_SECONDS"] = "300",
            ["OMISTACK_MESH_SWEEPS"] = "5",
            ["OMISTACK_MESH_INTERVAL_SECONDS"] = "1",
            ["OMISTACK_SELF_HEALING"] = "on",
            ["OMISTACK_HEAL_SECONDS"] = "20",
        };

        var options = GradingOptions.From(settings.GetValueOrDefault);

        options.Stability.Should().Be(new StabilityOptions { Settle = TimeSpan.Zero, FailureWindow = TimeSpan.FromMinutes(5), MeshSweeps = 5, MeshSweepInterval = TimeSpan.FromSeconds(1) });
        options.SelfHealingProbe.Should().BeTrue();
        options.HealTimeout.Should().Be(TimeSpan.FromSeconds(20));
        new GradingOptions().Stability.Should().Be(new StabilityOptions { Settle = TimeSpan.FromSeconds(10), FailureWindow = TimeSpan.FromMinutes(2), MeshSweeps = 3, MeshSweepInterval = TimeSpan.FromSeconds(0.25) });
        new GradingOptions().SelfHealingProbe.Should().BeFalse("the probe changes the student's lab: the instructor's choice");
    }

    [TestCase("OMISTACK_SETTLE_SECONDS", "-1", "OMISTACK_SETTLE_SECONDS must be a number of seconds from 0 to a day, but is '-1'.")]
    [TestCase("OMISTACK_MESH_SWEEPS", "0", "OMISTACK_MESH_SWEEPS must be a whole number from 1 to 10, but is '0'.")]
    [TestCase("OMISTACK_SELF_HEALING", "yes", "OMISTACK_SELF_HEALING must be on or off, but is 'yes'.")]
    [TestCase("OMISTACK_CONVERGE_SECONDS", "soon", "OMISTACK_CONVERGE_SECONDS must be a number of seconds above 0 (at most a day), but is 'soon'.")]
    [TestCase("OMISTACK_RUN_SECONDS", "-5", "OMISTACK_RUN_SECONDS must be a number of seconds above 0 (at most a day), but is '-5'.")]
    [TestCase("OMISTACK_HOST_KEYS", "accept_new", "OMISTACK_HOST_KEYS must be strict, accept-new or insecure, but is 'accept_new'.")]
    [TestCase("OMISTACK_TARGET_CA", "yes", "OMISTACK_TARGET_CA must be trust or ignore, but is 'yes'.")]
    public void A_setting_that_cannot_be_used_stops_the_run_naming_it(string variable, string value, string message)
    {
        var act = () => GradingOptions.From(name => name == variable ? value : null);

        act.Should().Throw<OmiStack.Harness.Scoring.SettingException>().WithMessage(message);
    }

    [TestCase("OMISTACK_CONVERGE_SECONDS", "convergeSeconds")]
    [TestCase("OMISTACK_RESULTS_DIR", "resultsDir")]
    [TestCase("OMISTACK_HOST_KEYS", "hostKeys")]
    public void A_variable_has_a_runsettings_parameter_of_the_same_meaning(string variable, string parameter)
    {
        SettingsSource.ParameterOf(variable).Should().Be(parameter);
    }

    [TestCase("dotnet\0exec\0vstest.console.dll\0--settings:a.runsettings\0--resultsDirectory:/ci/out\0OmiStack.Checks.dll", "/ci/out")]
    [TestCase("dotnet\0exec\0vstest.console.dll\0--ResultsDirectory:\"/ci/with space\"\0x.dll", "/ci/with space")]
    [TestCase("dotnet\0exec\0vstest.console.dll\0OmiStack.Checks.dll", null)]
    [TestCase(null, null)]
    public void The_results_directory_given_to_dotnet_test_is_read_from_the_runners_command_line(string? commandLine, string? expected)
    {
        AdapterSettings.ResultsDirectoryOfRun(commandLine).Should().Be(expected);
    }
}
