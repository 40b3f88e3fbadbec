using OmiStack.Harness.Ssh;

namespace OmiStack.Harness.Gathering;

/// <summary>Bounds and switches of one grading run. Immutable; defaults are documented in README.</summary>
public sealed record GradingOptions
{
    /// <summary>SSH bounds and host key trust.</summary>
    public SshOptions Ssh { get; init; } = new();

    /// <summary>One Docker API call.</summary>
    public TimeSpan DockerCallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>One HTTP probe (web page, registry).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One Rancher API request.</summary>
    public TimeSpan RancherTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a converging state ("0/3 goes to 3/3 eventually") is polled before it fails.</summary>
    public TimeSpan ConvergenceTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The registry.pull probe's docker pull.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Poll interval while converging.</summary>
    public TimeSpan ConvergenceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One whole check, gathering included.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>The registry.pull probe may pull on dockernode2 (the one change the harness makes).</summary>
    public bool RegistryPullProbe { get; init; } = true;

    /// <summary>Clock for durations and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The defaults, with bounds overridden from the environment where set:
    /// OMISTACK_CONVERGE_SECONDS, OMISTACK_SSH_CONNECT_SECONDS, OMISTACK_SSH_COMMAND_SECONDS,
    /// OMISTACK_DOCKER_SECONDS, OMISTACK_HTTP_SECONDS, OMISTACK_RANCHER_SECONDS, OMISTACK_PULL_SECONDS, OMISTACK_CHECK_SECONDS.
    /// </summary>
    public static GradingOptions FromEnvironment()
    {
        var options = new GradingOptions();
        if (Seconds("OMISTACK_SSH_COMMAND_SECONDS") is { } command)
        {
            options = options with { Ssh = options.Ssh with { CommandTimeout = command } };
        }

        if (Seconds("OMISTACK_DOCKER_SECONDS") is { } docker)
        {
            options = options with { DockerCallTimeout = docker };
        }

        if (Seconds("OMISTACK_PULL_SECONDS") is { } pull)
        {
            options = options with { PullTimeout = pull };
        }

        if (Seconds("OMISTACK_CHECK_SECONDS") is { } check)
        {
            options = options with { CheckTimeout = check };
        }
        if (Seconds("OMISTACK_CONVERGE_SECONDS") is { } converge)
        {
            options = options with { ConvergenceTimeout = converge };
        }

        if (Seconds("OMISTACK_SSH_CONNECT_SECONDS") is { } connect)
        {
            options = options with { Ssh = options.Ssh with { ConnectTimeout = connect } };
        }

        if (Seconds("OMISTACK_RANCHER_SECONDS") is { } rancher)
        {
            options = options with { RancherTimeout = rancher };
        }

        if (Seconds("OMISTACK_HTTP_SECONDS") is { } http)
        {
            options = options with { HttpTimeout = http };
        }

        return options;
    }

    private static TimeSpan? Seconds(string variable) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : null;
}
