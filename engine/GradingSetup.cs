using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Lessons;

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
    /// The setup of a run with <paramref name="options"/>: its rubric and overrides read (a file that cannot be used
    /// throws <see cref="RubricException"/> naming it), its bounds, results folder, variables and job summary.
    /// </summary>
    public static GradingSetup For(Settings.RunOptions options, LessonCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var rubric = options.RubricFile is { } rubricFile ? Rubric.Load(rubricFile, catalog) : Rubric.Default;
        var overrides = options.OverridesFile is { } overridesFile ? InstructorOverrides.Load(overridesFile) : InstructorOverrides.None;
        return new GradingSetup(catalog, rubric, overrides, options.Grading, options.ResultsRoot)
        {
            FinalSetting = options.Final,
            Deadline = options.HandInDeadline,
            Variables = options.Variables,
            JobSummary = options.JobSummary,
            CheckPages = options.CheckPages,
        };
    }

    /// <summary>The instructor's variables (the secrets no file the run writes may hold); none by default.</summary>
    public Func<string, string?> Variables { get; init; } = static _ => null;

    /// <summary>The CI job's summary the run's closing report is appended to; none by default.</summary>
    public Reports.JobSummary JobSummary { get; init; } = Reports.JobSummary.None;

    /// <summary>The course's check pages the reports link; null: the repository's, relative to each report (<see cref="Reports.Model.CheckPageLinks.InRepository"/>).</summary>
    public Reports.Model.CheckPageLinks? CheckPages { get; init; }

    /// <summary>This setup with the run final where the setting says so, else as <paramref name="byDefault"/>.</summary>
    public GradingSetup FinalOr(bool byDefault) => this with { Final = FinalSetting ?? byDefault };

    /// <summary>
    /// The same, for targets that are the students' files graded by someone else (a roster, a grading
    /// platform): trust anchors and the files the grader writes come from the instructor.
    /// </summary>
    public GradingSetup ForStudentTargets() => this with { Options = Options with { StudentTargets = true } };

    /// <summary>The same, for a roster's students (the students' files, many students in one run).</summary>
    public GradingSetup ForRoster() => this with { Options = Options with { StudentTargets = true, ManyStudents = true } };
}
