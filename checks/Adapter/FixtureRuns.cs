using System.Collections.Concurrent;
using OmiStack.Engine;
using OmiStack.Harness.Lessons;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// The engine's run plan as NUnit sees it: one fixture instance per key (a roster's student, "target" or
/// "embedded"), so NUnit's filters and parallelism apply; the run's options read once, at this edge
/// (<see cref="AdapterSettings"/>); each key's run opened once.
/// </summary>
public static class FixtureRuns
{
    // The labs are named in this lambda's body only: a run on a student's target never loads the fixtures.
    private static readonly Lazy<RunPlan> LazyPlan = new(() => RunPlan.FromSettings(
        AdapterSettings.Source(),
        AdapterSettings.DefaultResults(),
        static options => options,
        static options => Lessons.Course.Catalog(options.AnswerKeyFile, options.AnswersFile),
        () => Fixtures.Embedded.EmbeddedLabs.Course,
        Shown));

    private static readonly ConcurrentDictionary<string, Lazy<Task<StudentRun>>> Runs = new();

    /// <summary>The plan of this `dotnet test checks`.</summary>
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

    /// <summary>The runs opened so far.</summary>
    public static IEnumerable<Task<StudentRun>> Opened => Runs.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    /// <summary>The run of one fixture argument, opened once.</summary>
    public static Task<StudentRun> RunAsync(string key) =>
        Runs.GetOrAdd(key, k => new Lazy<Task<StudentRun>>(() => Plan.OpenAsync(k))).Value;

    /// <summary>Forgets every run (after they were written and disposed).</summary>
    public static void Clear() => Runs.Clear();
}
