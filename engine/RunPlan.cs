using OmiStack.Harness.Lessons;
using OmiStack.Engine.Settings;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// Who one grading run grades, from its options: the students of a roster (<see cref="RunOptions.Roster"/>, a folder
/// of target files or a roster file; <see cref="RunOptions.Shard"/> "i/n" picks a stable subset), else the one target,
/// else the embedded default lab; and each student's run, opened once. A host (the NUnit adapter, a command) asks for
/// the keys and opens a run per key.
/// </summary>
public sealed class RunPlan
{
    /// <summary>The key of the single target.</summary>
    public const string SingleTarget = "target";

    /// <summary>The key of the embedded default.</summary>
    public const string Embedded = "embedded";

    /// <summary>The one key of a roster that cannot be used at all.</summary>
    public const string RosterErrorKey = "roster-error";

    private readonly Func<IReadOnlyList<EmbeddedLab>> _labs;
    private readonly Lazy<GradingSetup> _setup;
    private readonly IReadOnlyList<RosterEntry>? _everyone;
    private readonly IReadOnlyList<RosterEntry>? _roster;

    private readonly Harness.Scoring.RunCannotStartException? _cannotStart;

    private RunPlan(RunOptions options, LessonCatalog catalog, Func<IReadOnlyList<EmbeddedLab>> labs, TextWriter shown, Harness.Scoring.RunCannotStartException? cannotStart)
    {
        Options = options;
        _cannotStart = cannotStart;
        Catalog = catalog;
        _labs = labs;
        Shown = shown;
        _setup = new(() => GradingSetup.For(options, catalog));
        if (options.Roster is not { } path)
        {
            return;
        }

        try
        {
            _everyone = Roster.Load(path, catalog.TargetKeys, options.Variables);
            _roster = Roster.Shard(_everyone, options.Shard);
        }
        catch (TargetFileException ex)
        {
            RosterError = ex.Message;
        }
    }

    /// <summary>
    /// The plan of a run with <paramref name="options"/>, for <paramref name="catalog"/>'s lessons. <paramref name="labs"/> gives
    /// the lessons' embedded labs and is called only for the embedded default (a run on a target loads no lab).
    /// Where the host's settings could not be used (<paramref name="cannotStart"/>), every run it opens fails with that
    /// cause, said once at the run's end (the options are then what could be told: where results go, what is graded).
    /// </summary>
    public static RunPlan For(RunOptions options, LessonCatalog catalog, Func<IReadOnlyList<EmbeddedLab>> labs, TextWriter shown, Harness.Scoring.RunCannotStartException? cannotStart = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(labs);
        ArgumentNullException.ThrowIfNull(shown);
        return new RunPlan(options, catalog, labs, shown, cannotStart);
    }

    /// <summary>
    /// The plan a host's settings say (<see cref="RunOptions.FromSettings"/>), <paramref name="adjust"/>ed by the host's own
    /// options (a command's --target). Where a setting cannot be used, the plan is what can still be told (where results
    /// go, what is graded) and every run it opens fails with that cause, said once at the run's end, as
    /// <see cref="For"/> says; the lessons are <paramref name="catalog"/>'s for the options (the run's answer key).
    /// </summary>
    public static RunPlan FromSettings(SettingsSource settings, string defaultResults, Func<RunOptions, RunOptions> adjust, Func<RunOptions, LessonCatalog> catalog, Func<IReadOnlyList<EmbeddedLab>> labs, TextWriter shown)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(adjust);
        ArgumentNullException.ThrowIfNull(catalog);
        RunOptions options;
        Harness.Scoring.RunCannotStartException? cannotStart = null;
        try
        {
            options = adjust(RunOptions.FromSettings(settings, defaultResults));
        }
        catch (Harness.Scoring.RunCannotStartException ex)
        {
            cannotStart = ex;
            var local = Path.Combine(settings.InvokedFrom, "omistack.yaml");
            var target = settings.Get("OMISTACK_TARGET", "target") is { } named ? settings.FullPath(named) : File.Exists(local) ? local : null;
            var results = settings.Get("OMISTACK_RESULTS_DIR", "results") is { } dir ? settings.FullPath(dir) : defaultResults;
            options = adjust(new RunOptionsBuilder(settings.InvokedFrom).WithResults(results).WithTarget(target).Build());
        }

        return For(options, catalog(options), labs, shown, cannotStart);
    }

    /// <summary>What the run was told.</summary>
    public RunOptions Options { get; }

    /// <summary>The lessons graded.</summary>
    public LessonCatalog Catalog { get; }

    /// <summary>Where text for the user goes.</summary>
    public TextWriter Shown { get; }

    /// <summary>The keys to grade: student ids of the roster (this shard), or "target", or "embedded".</summary>
    public IReadOnlyList<string> Keys =>
        RosterError is not null ? [RosterErrorKey]
        : _roster is not null ? [.. _roster.Select(e => e.Student)]
        : [Options.Target is null ? Embedded : SingleTarget];

    /// <summary>Every student of the roster (all shards); empty when not grading a roster.</summary>
    public IReadOnlyList<string> RosterStudents => _everyone?.Select(e => e.Student).ToList() ?? [];

    /// <summary>Why the roster cannot be used at all (it is not a roster, it names a student twice); null otherwise.</summary>
    public string? RosterError { get; }

    /// <summary>True when grading a roster.</summary>
    public bool IsRoster => _roster is not null || RosterError is not null;

    /// <summary>
    /// Opens the run of one key (a target loaded, or the embedded labs brought up). Never throws: a run that cannot
    /// open is a faulted task naming why, kept so that the run's end still sees it and says why once.
    /// </summary>
    public Task<StudentRun> OpenAsync(string key)
    {
        try
        {
            return Open(key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<StudentRun>(ex);
        }
    }

    private Task<StudentRun> Open(string key)
    {
        if (_cannotStart is not null)
        {
            throw _cannotStart;
        }

        if (RosterError is { } rosterError)
        {
            throw new TargetFileException(rosterError);
        }

        var setup = _setup.Value;
        if (_roster is { } roster)
        {
            // A roster graded by `dotnet test checks` is the deadline's run: what is missing fails; the students'
            // own runs handed in are re-judged first.
            return OpenRosterEntryAsync(roster.First(e => e.Student == key), setup.FinalOr(true).ForRoster());
        }

        // A student's own run is one during the lesson: a later stage's checks are "not yet".
        return key == SingleTarget && Options.Target is { } targetFile
            ? Task.FromResult(StudentRuns.ForTargetFile(targetFile, setup.FinalOr(false)))
            : StudentRuns.StartEmbeddedAsync(setup, _labs(), setup.ResultsRoot, Shown);
    }

    private static async Task<StudentRun> OpenRosterEntryAsync(RosterEntry entry, GradingSetup setup)
    {
        var run = StudentRuns.ForRosterEntry(entry, setup);
        await run.AcceptHandedInAsync().ConfigureAwait(false);
        return run;
    }

    /// <summary>Why a run could not open, in one sentence: the cause where it is the user's to fix, else the exception named.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is Harness.Scoring.RunCannotStartException
            ? error.Message
            : $"The grading run could not start: {error.GetType().Name}: {error.Message}";
    }
}
