using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Reports;

namespace OmiStack.Engine.Settings;

/// <summary>
/// Everything one grading run needs to know, said once by its host (the NUnit adapter from runsettings and the
/// OMISTACK_* variables, the command line from its options, an autograder, a benchmark): who is graded, where the
/// results go, the rubric and overrides, the answer key, the bounds and switches, the deadline. Immutable; made with
/// <see cref="RunOptionsBuilder"/> (its Build validates) or read from a host's settings (<see cref="FromSettings"/>).
/// The engine, the harness, the lessons and the reports read no environment variable: what they need is here.
/// </summary>
public sealed record RunOptions
{
    internal RunOptions(string resultsRoot, string invokedFrom)
    {
        ResultsRoot = resultsRoot;
        InvokedFrom = invokedFrom;
    }

    /// <summary>The target file graded; null: a roster's, or (neither) the embedded default.</summary>
    public string? Target { get; init; }

    /// <summary>The roster graded (a folder of target files or a roster file); null: not a roster.</summary>
    public string? Roster { get; init; }

    /// <summary>The shard of the roster this run grades ("2/4"); null: every student.</summary>
    public string? Shard { get; init; }

    /// <summary>Where the students' results folders go.</summary>
    public string ResultsRoot { get; init; }

    /// <summary>The folder the run was started from (relative paths in settings are relative to it).</summary>
    public string InvokedFrom { get; init; }

    /// <summary>The instructor's rubric file; null: each lesson's own table.</summary>
    public string? RubricFile { get; init; }

    /// <summary>The instructor's overrides file; null: none.</summary>
    public string? OverridesFile { get; init; }

    /// <summary>The questions' answer key file; null: the example key.</summary>
    public string? AnswerKeyFile { get; init; }

    /// <summary>The run's own answers file, for a target that names none (never used in a roster); null: none.</summary>
    public string? AnswersFile { get; init; }

    /// <summary>True marks the run final (missing work fails), false a run during the lesson; null: the kind of run decides (a roster's is final).</summary>
    public bool? Final { get; init; }

    /// <summary>A student's own run handed in from after it is refused; null: the run's start.</summary>
    public DateTimeOffset? HandInDeadline { get; init; }

    /// <summary>The bounds and switches of grading (timeouts, host keys, trust anchors, stability rules, probes).</summary>
    public GradingOptions Grading { get; init; } = new();

    /// <summary>
    /// The instructor's variables, by name: what a target's <c>${VAR}</c> may read (TargetVariables' rule), and the
    /// secrets no file the run writes may hold. The host gives them (the process environment, for a command line).
    /// </summary>
    public Func<string, string?> Variables { get; init; } = static _ => null;

    /// <summary>The CI job's summary the run appends to (GitHub Actions'); <see cref="JobSummary.None"/> elsewhere.</summary>
    public JobSummary JobSummary { get; init; } = JobSummary.None;

    /// <summary>
    /// The course's docs site's check pages every report links (OMISTACK_CHECK_PAGES); null: the pages in the
    /// repository the results are written inside, as relative links (none where they are written elsewhere).
    /// </summary>
    public Reports.Model.CheckPageLinks? CheckPages { get; init; }

    /// <summary>Whether this run grades a roster.</summary>
    public bool IsRoster => Roster is not null;

    /// <summary>
    /// The options a host's settings say, each by its variable (else its parameter of the same meaning): OMISTACK_TARGET
    /// ('target'; else ./omistack.yaml where the run started), OMISTACK_ROSTER, OMISTACK_SHARD (else the CI's node index
    /// and total), OMISTACK_RESULTS_DIR ('results'; else <paramref name="defaultResults"/>), OMISTACK_RUBRIC,
    /// OMISTACK_OVERRIDES, OMISTACK_ANSWER_KEY, OMISTACK_ANSWERS (else ./answers.yaml), OMISTACK_FINAL,
    /// OMISTACK_HANDIN_DEADLINE, OMISTACK_CHECK_PAGES ('checkPages'), the bounds and switches (<see cref="GradingOptions.From"/>),
    /// GitHub Actions' summary.
    /// A setting that cannot be used throws <see cref="SettingException"/> naming it.
    /// </summary>
    public static RunOptions FromSettings(SettingsSource settings, string defaultResults)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(defaultResults);
        var grading = GradingOptions.From(settings.Get);
        var builder = new RunOptionsBuilder(settings.InvokedFrom)
            .WithResults(settings.Get("OMISTACK_RESULTS_DIR", "results") is { } results ? settings.FullPath(results) : defaultResults)
            .WithGrading(grading with
            {
                RegistryCaFile = settings.FullPathOrNull(grading.RegistryCaFile),
                KnownHostsFile = settings.FullPathOrNull(grading.KnownHostsFile),
                IdentityFile = settings.FullPathOrNull(grading.IdentityFile),
            })
            .WithRubric(settings.FullPathOrNull(settings.Get("OMISTACK_RUBRIC", "rubric")))
            .WithOverrides(settings.FullPathOrNull(settings.Get("OMISTACK_OVERRIDES", "overrides")))
            .WithAnswerKey(settings.FullPathOrNull(settings.Get("OMISTACK_ANSWER_KEY", "answerKey")))
            .WithAnswers(settings.FullPathOrNull(settings.Get("OMISTACK_ANSWERS", "answers")) ?? Existing(Path.Combine(settings.InvokedFrom, "answers.yaml")))
            .WithFinal(FinalFrom(settings.Get("OMISTACK_FINAL", "final")))
            .WithHandInDeadline(DeadlineFrom(settings.Get("OMISTACK_HANDIN_DEADLINE", "handinDeadline")))
            .WithVariables(settings.Variables)
            .WithJobSummary(JobSummary.FromGitHub(settings.Variables))
            .WithCheckPages(CheckPagesFrom(settings.Get("OMISTACK_CHECK_PAGES", "checkPages")));
        if (settings.Get("OMISTACK_ROSTER", "roster") is { } roster)
        {
            builder = builder.WithRoster(settings.FullPath(roster), settings.Get("OMISTACK_SHARD", "shard") ?? Harness.Targets.Roster.CiShard(settings.Variables));
        }
        else if (settings.Get("OMISTACK_TARGET", "target") is { } target)
        {
            builder = builder.WithTarget(settings.FullPath(target));
        }
        else
        {
            builder = builder.WithTarget(Existing(Path.Combine(settings.InvokedFrom, "omistack.yaml")));
        }

        return builder.Build();
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static Reports.Model.CheckPageLinks? CheckPagesFrom(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Reports.Model.CheckPageLinks.Site(value.Trim())
          ?? throw new SettingException($"OMISTACK_CHECK_PAGES must be the http or https address of the docs site's checks/ folder (https://course.example/omistack/checks/), but is '{Clip(value)}'.");

    private static DateTimeOffset? DeadlineFrom(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) && value.Contains('T', StringComparison.Ordinal) ? at
        : throw new SettingException($"OMISTACK_HANDIN_DEADLINE must be an ISO 8601 time such as 2026-12-02T12:30:00+01:00, but is '{Clip(value)}'.");

    private static bool? FinalFrom(string? value) => value switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        _ => throw new SettingException($"OMISTACK_FINAL must be true or false, but is '{Clip(value)}'."),
    };

    /// <summary>A setting's value as an error quotes it: at most 40 characters.</summary>
    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
