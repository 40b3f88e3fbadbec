using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Reports;

namespace OmiStack.Engine.Settings;

/// <summary>
/// Builds <see cref="RunOptions"/> as Testcontainers' builders do: each With returns a new builder, and
/// <see cref="Build"/> checks the whole, naming the field that cannot be used (<see cref="SettingException"/>).
/// <code>
/// var options = new RunOptionsBuilder(Environment.CurrentDirectory)
///     .WithTarget("omistack.yaml")
///     .WithResults("omistack-results")
///     .WithGrading(g => g with { ConvergenceTimeout = TimeSpan.FromSeconds(30) })
///     .Build();
/// </code>
/// </summary>
public sealed record RunOptionsBuilder
{
    private readonly RunOptions _options;

    /// <summary>A builder for a run started from <paramref name="invokedFrom"/> (relative paths are relative to it).</summary>
    public RunOptionsBuilder(string invokedFrom)
        : this(new RunOptions(Path.Combine(invokedFrom ?? throw new ArgumentNullException(nameof(invokedFrom)), "TestResults", "omistack"), invokedFrom))
    {
    }

    private RunOptionsBuilder(RunOptions options) => _options = options;

    /// <summary>Grades one target file (a relative path is relative to where the run started); null: the embedded default.</summary>
    public RunOptionsBuilder WithTarget(string? targetFile) => new(_options with { Target = Full(targetFile), Roster = null, Shard = null });

    /// <summary>Grades a roster (a folder of target files or a roster file), or one shard of it ("i/n").</summary>
    public RunOptionsBuilder WithRoster(string roster, string? shard = null) => new(_options with { Roster = Full(roster), Shard = shard, Target = null });

    /// <summary>Where the students' results folders go.</summary>
    public RunOptionsBuilder WithResults(string resultsRoot) => new(_options with { ResultsRoot = Full(resultsRoot)! });

    /// <summary>The instructor's rubric file (null: each lesson's own table).</summary>
    public RunOptionsBuilder WithRubric(string? rubricFile) => new(_options with { RubricFile = Full(rubricFile) });

    /// <summary>The instructor's overrides file (null: none).</summary>
    public RunOptionsBuilder WithOverrides(string? overridesFile) => new(_options with { OverridesFile = Full(overridesFile) });

    /// <summary>The questions' answer key (null: the example key).</summary>
    public RunOptionsBuilder WithAnswerKey(string? keyFile) => new(_options with { AnswerKeyFile = Full(keyFile) });

    /// <summary>The run's own answers file, for a target that names none (null: none).</summary>
    public RunOptionsBuilder WithAnswers(string? answersFile) => new(_options with { AnswersFile = Full(answersFile) });

    /// <summary>Marks the run final (true), during the lesson (false), or as its kind decides (null).</summary>
    public RunOptionsBuilder WithFinal(bool? final) => new(_options with { Final = final });

    /// <summary>A student's own run handed in from after <paramref name="deadline"/> is refused (null: the run's start).</summary>
    public RunOptionsBuilder WithHandInDeadline(DateTimeOffset? deadline) => new(_options with { HandInDeadline = deadline });

    /// <summary>The bounds and switches of grading.</summary>
    public RunOptionsBuilder WithGrading(GradingOptions grading) => new(_options with { Grading = grading ?? throw new ArgumentNullException(nameof(grading)) });

    /// <summary>The bounds and switches of grading, changed from the builder's.</summary>
    public RunOptionsBuilder WithGrading(Func<GradingOptions, GradingOptions> change) =>
        WithGrading((change ?? throw new ArgumentNullException(nameof(change)))(_options.Grading));

    /// <summary>The instructor's variables (a target's <c>${VAR}</c>, the run's secrets).</summary>
    public RunOptionsBuilder WithVariables(Func<string, string?> variables) => new(_options with { Variables = variables ?? throw new ArgumentNullException(nameof(variables)) });

    /// <summary>The CI job's summary the run appends to.</summary>
    public RunOptionsBuilder WithJobSummary(JobSummary summary) => new(_options with { JobSummary = summary ?? throw new ArgumentNullException(nameof(summary)) });

    /// <summary>The course's docs site's check pages the reports link; null: the repository's, relative.</summary>
    public RunOptionsBuilder WithCheckPages(Reports.Model.CheckPageLinks? pages) => new(_options with { CheckPages = pages });

    /// <summary>The options, checked: a results folder is named (a shard is checked with the roster it cuts, naming the roster).</summary>
    public RunOptions Build()
    {
        if (string.IsNullOrWhiteSpace(_options.ResultsRoot))
        {
            throw new SettingException("RunOptions.ResultsRoot is empty: name the folder the results go to (OMISTACK_RESULTS_DIR).");
        }

        return _options;
    }

    private string? Full(string? path) => path is null ? null : Path.GetFullPath(Harness.Targets.TargetPaths.Expand(path), _options.InvokedFrom);
}
