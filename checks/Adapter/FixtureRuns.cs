using System.Collections.Concurrent;
using OmiStack.Engine;
using OmiStack.Harness.Lessons;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// A course's run plan as NUnit sees it: one fixture instance per key (a roster's student, "target" or "embedded"), so
/// NUnit's filters and parallelism apply; the run's options read once, at this edge (<see cref="AdapterSettings"/>), and
/// taken as the course takes them; each key's run opened once and shared by the course's suites.
/// </summary>
public static class FixtureRuns<TCourse>
    where TCourse : ICourse, new()
{
    private static readonly TCourse Course = new();

    private static readonly Lazy<RunPlan> LazyPlan = new(() => RunPlan.FromSettings(
        AdapterSettings.Source(),
        AdapterSettings.DefaultResults(),
        Course.Adjust,
        Course.Catalog,
        Course.Labs,
        Shown));

    private static readonly ConcurrentDictionary<string, Lazy<Task<StudentRun>>> Runs = new();

    /// <summary>The plan of this `dotnet test`.</summary>
    public static RunPlan Plan => LazyPlan.Value;

    /// <summary>The lessons of this run (its answer key's questions among them).</summary>
    public static LessonCatalog Catalog => Plan.Catalog;

    /// <summary>The fixture arguments.</summary>
    public static IEnumerable<string> Keys => Plan.Keys;

    /// <summary>The run's options as the test cases need them (the switches of opt-in probes).</summary>
    public static Harness.Gathering.GradingOptions Options => Plan.Options.Grading;

    /// <summary>
    /// Where text for the user goes: NUnit's error stream reaches dotnet test's console at its default
    /// (minimal) verbosity; TestContext.Progress shows only at normal.
    /// </summary>
    public static TextWriter Shown => TestContext.Error;

    /// <summary>The run of one fixture argument, opened once.</summary>
    public static Task<StudentRun> RunAsync(string key) =>
        Runs.GetOrAdd(key, k => new Lazy<Task<StudentRun>>(() => Plan.OpenAsync(k))).Value;

    /// <summary>
    /// After the course's last check: the engine closes the runs opened (final reports, the score table or the gradebook,
    /// the embedded labs gone); returns why the whole run fails, or null.
    /// </summary>
    public static async Task<string?> CloseAsync()
    {
        if (!LazyPlan.IsValueCreated)
        {
            return null; // no suite of the course ran
        }

        try
        {
            return await RunEnd.CloseAsync(Plan, [.. Runs.Values.Where(l => l.IsValueCreated).Select(l => l.Value)]).ConfigureAwait(false);
        }
        finally
        {
            Runs.Clear();
        }
    }
}
