using System.Collections.Concurrent;
using OmiStack.Engine;
using OmiStack.Harness.Settings;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// The engine's run plan as NUnit sees it: one fixture instance per key (a roster's student, "target" or
/// "embedded"), so NUnit's filters and parallelism apply; runsettings' parameters as the settings' second
/// source; each key's run opened once.
/// </summary>
public static class FixtureRuns
{
    private static readonly Lazy<RunPlan> LazyPlan = new(() =>
    {
        RunSettings.Parameters = TestContext.Parameters.Get;
        // The labs are named in this lambda's body only: a run on a student's target never loads the fixtures.
        return RunPlan.FromSettings(Lessons.Course.Lessons, () => Fixtures.Embedded.EmbeddedLabs.Course, Shown);
    });

    private static readonly ConcurrentDictionary<string, Lazy<Task<StudentRun>>> Runs = new();

    // The switches the test cases depend on (the opt-in probes), read as the run will read them; settings that cannot
    // be used leave every case in (the run itself then stops naming the bad setting).
    private static readonly Lazy<Harness.Gathering.GradingOptions?> LazyOptions = new(() =>
    {
        _ = Plan;
        try
        {
            return Harness.Gathering.GradingOptions.From(RunSettings.Get);
        }
        catch (Harness.Scoring.SettingException)
        {
            return null;
        }
    });

    /// <summary>The run's options as the test cases need them (null where a setting cannot be used).</summary>
    public static Harness.Gathering.GradingOptions? Options => LazyOptions.Value;

    /// <summary>The plan of this `dotnet test checks`.</summary>
    public static RunPlan Plan => LazyPlan.Value;

    /// <summary>The fixture arguments.</summary>
    public static IEnumerable<string> Keys => Plan.Keys;

    /// <summary>
    /// Where text for the user goes: NUnit's error stream reaches dotnet test's console at its default
    /// (minimal) verbosity; TestContext.Progress shows only at normal.
    /// </summary>
    public static TextWriter Shown => TestContext.Error;

    /// <summary>The runs opened so far.</summary>
    public static IEnumerable<Task<StudentRun>> Opened => Runs.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    /// <summary>The run of one fixture argument, opened once.</summary>
    public static Task<StudentRun> RunAsync(string key) =>
        Runs.GetOrAdd(key, k => new Lazy<Task<StudentRun>>(() => Plan.OpenAsync(k))).Value;

    /// <summary>Forgets every run (after they were written and disposed).</summary>
    public static void Clear() => Runs.Clear();
}
