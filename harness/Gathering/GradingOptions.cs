using OmiStack.Harness.Ssh;

namespace OmiStack.Harness.Gathering;

/// <summary>Bounds and switches of one grading run. Immutable; defaults: docs/reference/settings.md.</summary>
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

    /// <summary>
    /// The bound a judge polls a moving state within: the convergence bound, but never shorter than the settle time and
    /// two poll intervals, so a service started a moment before the run can always show that it stays up.
    /// </summary>
    public TimeSpan ConvergenceBound => TimeSpan.FromTicks(Math.Max(ConvergenceTimeout.Ticks, (Stability.Settle + 2 * ConvergenceInterval).Ticks));

    /// <summary>The registry.pull probe's docker pull.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Poll interval while converging.</summary>
    public TimeSpan ConvergenceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One whole check, gathering included.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>One student's run, all their checks.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The least time between two rewrites of a run's reports in the background, after its checks; the final write
    /// waits for none. Each rewrite renders every report and the whole evidence: in a run that grades in a second or
    /// two, one per check cost more CPU than the checks (docs/benchmarks.md).
    /// </summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A lesson's registry probe may pull an image on a node of the lab (the one change the harness makes to a lab).</summary>
    public bool RegistryPullProbe { get; init; } = true;

    /// <summary>What "running" means over time: the settle time, the failure window, the mesh's sweeps (<see cref="StabilityOptions"/>).</summary>
    public StabilityOptions Stability { get; init; } = new();

    /// <summary>
    /// The self-healing probe (OMISTACK_SELF_HEALING=on): a lesson stops one running container of a service and judges
    /// that the orchestrator replaces it. Off by default: it changes the student's lab, so it is the instructor's or
    /// CI's choice, and its checks are part of a run only where it is on.
    /// </summary>
    public bool SelfHealingProbe { get; init; }

    /// <summary>How long the self-healing probe waits for the replacement to run (OMISTACK_HEAL_SECONDS).</summary>
    public TimeSpan HealTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Clock for durations and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Host key trust for every target (strict, accept-new, insecure); null: the target's ssh.hostKeys, else accept-new.</summary>
    public string? HostKeys { get; init; }

    /// <summary>The SSH key's passphrase where the target names none (OMISTACK_SSH_PASSPHRASE); a secret.</summary>
    public string? SshPassphrase { get; init; }

    /// <summary>
    /// The instructor's trust anchors for registry.tls beside the system's (OMISTACK_REGISTRY_CA: a PEM
    /// file), for a course whose registries use the course's own CA.
    /// </summary>
    public string? RegistryCaFile { get; init; }

    /// <summary>
    /// Whether a target's own registry.caFile is trusted as a root (OMISTACK_TARGET_CA: trust or ignore).
    /// Null: trusted unless <see cref="StudentTargets"/>.
    /// </summary>
    public bool? TrustTargetCa { get; init; }

    /// <summary>
    /// The targets are the students' files, graded by someone else (a roster; OMISTACK_STUDENT_TARGETS=true
    /// for a grading platform's runner): trust anchors and the files the grader writes come from the
    /// instructor, so a target's caFile is no trust anchor and its knownHosts is read, never written.
    /// </summary>
    public bool StudentTargets { get; init; }

    /// <summary>
    /// The run grades many students (a roster: OMISTACK_ROSTER, or the rounds of a lab session): what one
    /// student's run may take from the run's own settings (a run-wide answers file, say) each must name itself,
    /// and the run's own console summary (a job summary) is the gradebook's, not each student's.
    /// </summary>
    public bool ManyStudents { get; init; }

    /// <summary>
    /// The instructor's known_hosts (OMISTACK_KNOWN_HOSTS): used for every target instead of the target's
    /// own, and where accept-new records new keys.
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>
    /// The course's grading key (OMISTACK_SSH_KEY): used for every target instead of the key the target
    /// names, where the instructor's key is installed on the students' VMs (a grading platform's runner).
    /// </summary>
    public string? IdentityFile { get; init; }

    /// <summary>Whether registry.tls trusts the target's own caFile.</summary>
    public bool TrustsTargetCa => TrustTargetCa ?? !StudentTargets;

    /// <summary>
    /// The defaults, with bounds and switches overridden from <paramref name="setting"/> (by variable name):
    /// OMISTACK_CONVERGE_SECONDS, OMISTACK_SSH_CONNECT_SECONDS, OMISTACK_SSH_COMMAND_SECONDS,
    /// OMISTACK_DOCKER_SECONDS, OMISTACK_HTTP_SECONDS, OMISTACK_RANCHER_SECONDS, OMISTACK_PULL_SECONDS,
    /// OMISTACK_CHECK_SECONDS, OMISTACK_HOST_KEYS, OMISTACK_SSH_PASSPHRASE, OMISTACK_REGISTRY_CA,
    /// OMISTACK_TARGET_CA, OMISTACK_STUDENT_TARGETS, OMISTACK_KNOWN_HOSTS, OMISTACK_SSH_KEY, OMISTACK_SETTLE_SECONDS,
    /// OMISTACK_FAILURE_WINDOW_SECONDS, OMISTACK_MESH_SWEEPS, OMISTACK_MESH_INTERVAL_SECONDS, OMISTACK_SELF_HEALING, OMISTACK_HEAL_SECONDS.
    /// </summary>
    public static GradingOptions From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        TimeSpan? Seconds(string variable)
        {
            if (setting(variable) is not { Length: > 0 } text)
            {
                return null;
            }

            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s <= TimeSpan.FromDays(1).TotalSeconds
                ? TimeSpan.FromSeconds(s)
                : throw new Scoring.SettingException($"{variable} must be a number of seconds above 0 (at most a day), but is '{Clip(text)}'.");
        }

        // The settle time and the failure window may be 0: a course that judges one instant.
        TimeSpan? SecondsOrNone(string variable)
        {
            if (setting(variable) is not { Length: > 0 } text)
            {
                return null;
            }

            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= TimeSpan.FromDays(1).TotalSeconds
                ? TimeSpan.FromSeconds(s)
                : throw new Scoring.SettingException($"{variable} must be a number of seconds from 0 to a day, but is '{Clip(text)}'.");
        }

        int? Sweeps()
        {
            var text = setting("OMISTACK_MESH_SWEEPS");
            return text is null or ""
                ? null
                : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10
                    ? n
                    : throw new Scoring.SettingException($"OMISTACK_MESH_SWEEPS must be a whole number from 1 to 10, but is '{Clip(text)}'.");
        }

        TimeSpan? Interval()
        {
            var text = setting("OMISTACK_MESH_INTERVAL_SECONDS");
            return text is null or ""
                ? null
                : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 0.05 and <= 5
                    ? TimeSpan.FromSeconds(s)
                    : throw new Scoring.SettingException($"OMISTACK_MESH_INTERVAL_SECONDS must be a number of seconds from 0.05 to 5, but is '{Clip(text)}'.");
        }

        bool SelfHealing()
        {
            var text = setting("OMISTACK_SELF_HEALING");
            return text switch
            {
                null or "" or "off" or "false" => false,
                "on" or "true" => true,
                _ => throw new Scoring.SettingException($"OMISTACK_SELF_HEALING must be on or off, but is '{Clip(text)}'."),
            };
        }

        string? HostKeys()
        {
            var text = setting("OMISTACK_HOST_KEYS");
            return text switch
            {
                null or "" => null,
                "strict" or "accept-new" or "insecure" => text,
                _ => throw new Scoring.SettingException($"OMISTACK_HOST_KEYS must be strict, accept-new or insecure, but is '{Clip(text)}'."),
            };
        }

        bool? TrustTargetCa()
        {
            var text = setting("OMISTACK_TARGET_CA");
            return text switch
            {
                null or "" => null,
                "trust" => true,
                "ignore" => false,
                _ => throw new Scoring.SettingException($"OMISTACK_TARGET_CA must be trust or ignore, but is '{Clip(text)}'."),
            };
        }

        bool StudentTargets()
        {
            var text = setting("OMISTACK_STUDENT_TARGETS");
            return text switch
            {
                null or "" or "false" => false,
                "true" => true,
                _ => throw new Scoring.SettingException($"OMISTACK_STUDENT_TARGETS must be true or false, but is '{Clip(text)}'."),
            };
        }

        var defaults = new GradingOptions();
        return defaults with
        {
            Ssh = defaults.Ssh with
            {
                CommandTimeout = Seconds("OMISTACK_SSH_COMMAND_SECONDS") ?? defaults.Ssh.CommandTimeout,
                ConnectTimeout = Seconds("OMISTACK_SSH_CONNECT_SECONDS") ?? defaults.Ssh.ConnectTimeout,
            },
            DockerCallTimeout = Seconds("OMISTACK_DOCKER_SECONDS") ?? defaults.DockerCallTimeout,
            PullTimeout = Seconds("OMISTACK_PULL_SECONDS") ?? defaults.PullTimeout,
            CheckTimeout = Seconds("OMISTACK_CHECK_SECONDS") ?? defaults.CheckTimeout,
            ConvergenceTimeout = Seconds("OMISTACK_CONVERGE_SECONDS") ?? defaults.ConvergenceTimeout,
            RancherTimeout = Seconds("OMISTACK_RANCHER_SECONDS") ?? defaults.RancherTimeout,
            HttpTimeout = Seconds("OMISTACK_HTTP_SECONDS") ?? defaults.HttpTimeout,
            RunTimeout = Seconds("OMISTACK_RUN_SECONDS") ?? defaults.RunTimeout,
            Stability = defaults.Stability with
            {
                Settle = SecondsOrNone("OMISTACK_SETTLE_SECONDS") ?? defaults.Stability.Settle,
                FailureWindow = SecondsOrNone("OMISTACK_FAILURE_WINDOW_SECONDS") ?? defaults.Stability.FailureWindow,
                MeshSweeps = Sweeps() ?? defaults.Stability.MeshSweeps,
                MeshSweepInterval = Interval() ?? defaults.Stability.MeshSweepInterval,
            },
            SelfHealingProbe = SelfHealing(),
            HealTimeout = Seconds("OMISTACK_HEAL_SECONDS") ?? defaults.HealTimeout,
            HostKeys = HostKeys(),
            SshPassphrase = setting("OMISTACK_SSH_PASSPHRASE") is { Length: > 0 } passphrase ? passphrase : null,
            RegistryCaFile = setting("OMISTACK_REGISTRY_CA") is { Length: > 0 } ca ? ca : null,
            TrustTargetCa = TrustTargetCa(),
            StudentTargets = StudentTargets(),
            ManyStudents = setting("OMISTACK_ROSTER") is { Length: > 0 },
            KnownHostsFile = setting("OMISTACK_KNOWN_HOSTS") is { Length: > 0 } knownHosts ? knownHosts : null,
            IdentityFile = setting("OMISTACK_SSH_KEY") is { Length: > 0 } key ? key : null,
        };
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
