using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Settings;

namespace OmiStack.Engine;

/// <summary>
/// What every student of a `dotnet test checks` run shares, read once: the lessons, the instructor's
/// rubric and overrides, the bounds, and where results go.
/// </summary>
public sealed record GradingSetup(LessonCatalog Catalog, Rubric Rubric, InstructorOverrides Overrides, GradingOptions Options, string ResultsRoot)
{
    private readonly LessonCatalog _every = Catalog;
    private (GradingOptions Options, LessonCatalog Catalog)? _forOptions;

    /// <summary>The lessons as this run grades them: an opt-in check whose switch <see cref="Options"/> leaves off is left out (<see cref="LessonCatalog.For"/>).</summary>
    public LessonCatalog Catalog
    {
        get
        {
            if (_forOptions is { } made && ReferenceEquals(made.Options, Options))
            {
                return made.Catalog;
            }

            var catalog = _every.For(Options);
            _forOptions = (Options, catalog);
            return catalog;
        }

        init
        {
            _every = value;
            _forOptions = null;
        }
    }

    /// <summary>Whether runs keep evidence.json beside results.json (a watch, which grades again every few seconds, does not).</summary>
    public bool KeepsEvidence { get; init; } = true;

    /// <summary>
    /// OMISTACK_FINAL (runsettings 'final'): true marks a run final (missing work fails), false a run during the
    /// lesson ("not yet"); null where the setting is not given, and the kind of run decides (a roster's is final).
    /// </summary>
    public bool? FinalSetting { get; init; }

    /// <summary>Whether this run is final: the deadline's, or one the instructor marks final.</summary>
    public bool Final { get; init; }

    /// <summary>What the run is called where a verdict it judged is kept ("round 3 of the lab session"; else "a run").</summary>
    public string RunLabel { get; init; } = "a run";

    /// <summary>OMISTACK_HANDIN_DEADLINE (runsettings 'handinDeadline', ISO 8601): a student's own run handed in from after it is refused; null: the run's start.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>How many evidence files of earlier runs a student's folder keeps (evidence/), besides those a kept verdict names.</summary>
    public int EvidenceRunsKept { get; init; } = 20;

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
        return new GradingSetup(catalog, rubric, overrides, options with { RegistryCaFile = RunSettings.FullPathOrNull(options.RegistryCaFile), KnownHostsFile = RunSettings.FullPathOrNull(options.KnownHostsFile), IdentityFile = RunSettings.FullPathOrNull(options.IdentityFile) }, TargetSelection.ResultsRoot())
        {
            FinalSetting = FinalFrom(RunSettings.Get("OMISTACK_FINAL", "final")),
            Deadline = DeadlineFrom(RunSettings.Get("OMISTACK_HANDIN_DEADLINE", "handinDeadline")),
        };
    }

    /// <summary>This setup with the run final where the setting says so, else as <paramref name="byDefault"/>.</summary>
    public GradingSetup FinalOr(bool byDefault) => this with { Final = FinalSetting ?? byDefault };

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

    /// <summary>
    /// The same, for targets that are the students' files graded by someone else (a roster, a grading
    /// platform): trust anchors and the files the grader writes come from the instructor.
    /// </summary>
    public GradingSetup ForStudentTargets() => this with { Options = Options with { StudentTargets = true } };

    /// <summary>The same, for a roster's students (the students' files, many students in one run).</summary>
    public GradingSetup ForRoster() => this with { Options = Options with { StudentTargets = true, ManyStudents = true } };

    /// <summary>A setting's value as an error quotes it: at most 40 characters.</summary>
    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
