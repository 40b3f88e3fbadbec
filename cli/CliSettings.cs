using OmiStack.Engine;
using OmiStack.Engine.Settings;
using OmiStack.Harness.Lessons;
using OmiStack.Reports;

namespace OmiStack.Cli;

/// <summary>
/// The edge where a command says what to grade: the process environment (the documented OMISTACK_* variables, the
/// CI's) and the folder the command runs in, read here; a command's own options go on top of them
/// (<see cref="RunOptions"/> with its options set), and the engine gets the result.
/// </summary>
internal static class CliSettings
{
    /// <summary>The command's settings: the process environment, the current folder.</summary>
    public static SettingsSource Source() => SettingsSource.Of(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    /// <summary>The options the environment says; results in <paramref name="defaultResults"/> unless OMISTACK_RESULTS_DIR says otherwise.</summary>
    public static RunOptions Options(string defaultResults) => RunOptions.FromSettings(Source(), Path.GetFullPath(defaultResults));

    /// <summary>The lessons of a run with <paramref name="options"/> (its answer key's questions among them).</summary>
    public static LessonCatalog Catalog(RunOptions options) => Lessons.Course.Catalog(options.AnswerKeyFile, options.AnswersFile);

    /// <summary>The setup of a run with <paramref name="options"/>.</summary>
    public static GradingSetup Setup(RunOptions options) => GradingSetup.For(options, Catalog(options));

    /// <summary>GitHub Actions' job summary, where the command runs in a job.</summary>
    public static JobSummary JobSummary => JobSummary.FromGitHub(Environment.GetEnvironmentVariable);
}
