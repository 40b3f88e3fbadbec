using OmiStack.Harness.Lessons;
using OmiStack.Harness.Settings;
using OmiStack.Harness.Targets;

namespace OmiStack.Engine;

/// <summary>
/// Who one grading run grades, from its settings: the students of a roster (OMISTACK_ROSTER, a folder of
/// target files or a roster file; OMISTACK_SHARD "i/n" picks a stable subset), else the one target
/// (OMISTACK_TARGET, ./omistack.yaml), else the embedded default lab; and each student's run, opened once.
/// A host (the NUnit adapter, a command) asks for the keys and opens a run per key.
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

    private RunPlan(LessonCatalog catalog, Func<IReadOnlyList<EmbeddedLab>> labs, TextWriter shown)
    {
        Catalog = catalog;
        _labs = labs;
        Shown = shown;
        _setup = new(() => GradingSetup.FromSettings(catalog));
        if (RunSettings.Get("OMISTACK_ROSTER", "roster") is not { } path)
        {
            return;
        }

        try
        {
            _everyone = Roster.Load(RunSettings.FullPath(path), catalog.TargetKeys);
            _roster = Roster.Shard(_everyone, RunSettings.Get("OMISTACK_SHARD", "shard") ?? Roster.CiShard(Environment.GetEnvironmentVariable));
        }
        catch (TargetFileException ex)
        {
            RosterError = ex.Message;
        }
    }

    /// <summary>
    /// The plan of the run's settings, for <paramref name="catalog"/>'s lessons. <paramref name="labs"/> gives the
    /// lessons' embedded labs and is called only for the embedded default (a run on a target loads no lab).
    /// </summary>
    public static RunPlan FromSettings(LessonCatalog catalog, Func<IReadOnlyList<EmbeddedLab>> labs, TextWriter shown)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(labs);
        ArgumentNullException.ThrowIfNull(shown);
        return new RunPlan(catalog, labs, shown);
    }

    /// <summary>The lessons graded.</summary>
    public LessonCatalog Catalog { get; }

    /// <summary>Where text for the user goes.</summary>
    public TextWriter Shown { get; }

    /// <summary>The keys to grade: student ids of the roster (this shard), or "target", or "embedded".</summary>
    public IReadOnlyList<string> Keys =>
        RosterError is not null ? [RosterErrorKey]
        : _roster is not null ? [.. _roster.Select(e => e.Student)]
        : [TargetSelection.Find() is null ? Embedded : SingleTarget];

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
        return key == SingleTarget && TargetSelection.Find() is { } targetFile
            ? Task.FromResult(StudentRun.ForTargetFile(targetFile, setup.FinalOr(false)))
            : StudentRun.StartEmbeddedAsync(setup, _labs(), setup.ResultsRoot, Shown);
    }

    private static async Task<StudentRun> OpenRosterEntryAsync(RosterEntry entry, GradingSetup setup)
    {
        var run = StudentRun.ForRosterEntry(entry, setup);
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
