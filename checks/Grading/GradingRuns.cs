using System.Collections.Concurrent;
using OmiStack.Harness.Targets;

namespace OmiStack.Checks.Grading;

/// <summary>
/// Who this `dotnet test checks` grades, one NUnit fixture instance per student (so NUnit's filters
/// and parallelism apply): the students of a roster (OMISTACK_ROSTER or runsettings 'roster', a
/// folder of target files or a roster file; OMISTACK_SHARD or runsettings 'shard' "i/n" picks a
/// stable subset), else the one target (OMISTACK_TARGET, runsettings 'target', ./omistack.yaml),
/// else the embedded default lab.
/// </summary>
public static class GradingRuns
{
    /// <summary>Fixture argument of the single target.</summary>
    public const string SingleTarget = "target";

    /// <summary>Fixture argument of the embedded default.</summary>
    public const string Embedded = "embedded";

    private static readonly Lazy<(IReadOnlyList<RosterEntry>? Everyone, IReadOnlyList<RosterEntry>? Roster, string? Error)> LoadedRoster = new(LoadRoster);
    private static readonly Lazy<GradingSetup> Setup = new(() => GradingSetup.FromSettings(Course.Lessons));
    private static readonly ConcurrentDictionary<string, Lazy<Task<GradingRun>>> Runs = new();

    /// <summary>The fixture arguments: student ids of the roster, or "target", or "embedded".</summary>
    public static IEnumerable<string> Keys
    {
        get
        {
            var (_, roster, error) = LoadedRoster.Value;
            if (error is not null)
            {
                return ["roster-error"];
            }

            if (roster is not null)
            {
                return roster.Select(e => e.Student);
            }

            return [TargetSelection.Find() is null ? Embedded : SingleTarget];
        }
    }

    /// <summary>
    /// Where text for the user goes: NUnit's error stream reaches dotnet test's console at its default
    /// (minimal) verbosity; TestContext.Progress shows only at normal.
    /// </summary>
    public static TextWriter Shown => TestContext.Error;

    /// <summary>Every student of the roster (all shards); empty when not grading a roster.</summary>
    public static IReadOnlyList<string> RosterStudents => LoadedRoster.Value.Everyone?.Select(e => e.Student).ToList() ?? [];

    /// <summary>Why the roster cannot be used at all (it is not a roster, it names a student twice); null otherwise.</summary>
    public static string? RosterError => LoadedRoster.Value.Error;

    /// <summary>True when grading a roster.</summary>
    public static bool IsRoster => LoadedRoster.Value.Roster is not null || LoadedRoster.Value.Error is not null;

    /// <summary>The runs opened so far.</summary>
    public static IEnumerable<Task<GradingRun>> Opened => Runs.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    /// <summary>The run of one fixture argument, opened once (target loaded, or lab brought up).</summary>
    public static Task<GradingRun> RunAsync(string key) =>
        Runs.GetOrAdd(key, k => new Lazy<Task<GradingRun>>(() => OpenOrFaulted(k))).Value;

    // A target that cannot be read throws while opening: kept as a faulted run, so that the end of the
    // session still sees it and says why once.
    private static Task<GradingRun> OpenOrFaulted(string key)
    {
        try
        {
            return OpenAsync(key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<GradingRun>(ex);
        }
    }

    /// <summary>Forgets every run (after they were written and disposed).</summary>
    public static void Clear() => Runs.Clear();

    private static Task<GradingRun> OpenAsync(string key)
    {
        if (LoadedRoster.Value.Error is { } rosterError)
        {
            throw new TargetFileException(rosterError);
        }

        var setup = Setup.Value;
        if (LoadedRoster.Value.Roster is { } roster)
        {
            var entry = roster.First(e => e.Student == key);
            // A roster graded by `dotnet test checks` is the deadline's run: what is missing fails; the students'
            // own runs handed in are re-judged first.
            return OpenRosterEntryAsync(entry, setup.FinalOr(true).ForStudentTargets());
        }

        // A student's own run is one during the lesson: a later stage's checks are "not yet".
        return key == SingleTarget && TargetSelection.Find() is { } targetFile
            ? Task.FromResult(GradingRun.ForTargetFile(targetFile, setup.FinalOr(false)))
            : GradingRun.StartEmbeddedAsync(setup, setup.ResultsRoot, Shown);
    }

    private static async Task<GradingRun> OpenRosterEntryAsync(RosterEntry entry, GradingSetup setup)
    {
        var run = GradingRun.ForRosterEntry(entry, setup);
        await run.AcceptHandedInAsync();
        return run;
    }

    /// <summary>Why a run could not open, in one sentence: the cause where it is the user's to fix, else the exception named.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is Harness.Grading.RunCannotStartException
            ? error.Message
            : $"The grading run could not start: {error.GetType().Name}: {error.Message}";
    }

    private static (IReadOnlyList<RosterEntry>? Everyone, IReadOnlyList<RosterEntry>? Roster, string? Error) LoadRoster()
    {
        var path = RunSettings.Get("OMISTACK_ROSTER", "roster");
        if (path is null)
        {
            return (null, null, null);
        }

        try
        {
            var full = RunSettings.FullPath(path);
            var everyone = Roster.Load(full, Course.Lessons.TargetKeys);
            return (everyone, Roster.Shard(everyone, RunSettings.Get("OMISTACK_SHARD", "shard") ?? Roster.CiShard(Environment.GetEnvironmentVariable)), null);
        }
        catch (TargetFileException ex)
        {
            return (null, null, ex.Message);
        }
    }
}
