using OmiStack.Harness.Gathering;
using OmiStack.Harness.Grading;
using OmiStack.Harness.Lessons;

namespace OmiStack.Checks.Grading;

/// <summary>
/// What every student of a `dotnet test checks` run shares, read once: the lessons, the instructor's
/// rubric and overrides, the bounds, and where results go.
/// </summary>
public sealed record GradingSetup(LessonCatalog Catalog, Rubric Rubric, InstructorOverrides Overrides, GradingOptions Options, string ResultsRoot)
{
    /// <summary>Whether runs keep evidence.json beside results.json (a watch, which grades again every few seconds, does not).</summary>
    public bool KeepsEvidence { get; init; } = true;

    /// <summary>
    /// From the run's settings (RunSettings: env, else runsettings): OMISTACK_RUBRIC, OMISTACK_OVERRIDES,
    /// the bounds, OMISTACK_RESULTS_DIR; a <paramref name="rubricPath"/> or <paramref name="overridesPath"/>
    /// given (a command's option) is used instead of the setting. A rubric or override file that cannot be
    /// used throws <see cref="RubricException"/> naming it.
    /// </summary>
    public static GradingSetup FromSettings(LessonCatalog catalog, string? rubricPath = null, string? overridesPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rubric = (rubricPath ?? RunSettings.FullPathOrNull(RunSettings.Get("OMISTACK_RUBRIC", "rubric"))) is { } rubricFile
            ? Rubric.Load(rubricFile, catalog)
            : Rubric.Default;
        var overrides = (overridesPath ?? RunSettings.FullPathOrNull(RunSettings.Get("OMISTACK_OVERRIDES", "overrides"))) is { } overridesFile
            ? InstructorOverrides.Load(overridesFile)
            : InstructorOverrides.None;
        var options = GradingOptions.From(RunSettings.Get);
        return new GradingSetup(catalog, rubric, overrides, options with { RegistryCaFile = RunSettings.FullPathOrNull(options.RegistryCaFile), KnownHostsFile = RunSettings.FullPathOrNull(options.KnownHostsFile), IdentityFile = RunSettings.FullPathOrNull(options.IdentityFile) }, TargetSelection.ResultsRoot());
    }

    /// <summary>
    /// The same, for targets that are the students' files graded by someone else (a roster, a grading
    /// platform): trust anchors and the files the grader writes come from the instructor.
    /// </summary>
    public GradingSetup ForStudentTargets() => this with { Options = Options with { StudentTargets = true } };
}
