using OmiStack.Engine.Settings;

namespace OmiStack.Checks.Adapter;

/// <summary>
/// The edge where `dotnet test checks` says what to grade: the process environment (the documented OMISTACK_*
/// variables, the CI's), runsettings' TestRunParameters, the folder dotnet test was started from, and dotnet test's
/// --results-directory, read here and nowhere else; the engine gets them as <see cref="RunOptions"/>.
/// </summary>
public static class AdapterSettings
{
    /// <summary>The settings of this test run: variables first, runsettings' parameters second; the shell's PWD (the test host runs in the output folder).</summary>
    public static SettingsSource Source() =>
        new(Environment.GetEnvironmentVariable, TestContext.Parameters.Get, Environment.GetEnvironmentVariable("PWD") ?? Directory.GetCurrentDirectory());

    /// <summary>
    /// Where results go unless a setting says: omistack/ in dotnet test's --results-directory, else TestResults/omistack
    /// next to the checks project.
    /// </summary>
    public static string DefaultResults()
    {
        if (ResultsDirectoryOfRun(RunnerCommandLine()) is { } given)
        {
            return Path.Combine(Source().FullPath(given), "omistack");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmiStack.Checks.csproj")))
            {
                return Path.Combine(dir.FullName, "TestResults", "omistack");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults", "omistack");
    }

    /// <summary>
    /// The --results-directory dotnet test was given, from the test runner's command line
    /// (vstest.console's "--resultsDirectory:DIR"); null when it was not given.
    /// </summary>
    public static string? ResultsDirectoryOfRun(string? runnerCommandLine)
    {
        if (runnerCommandLine is null)
        {
            return null;
        }

        const string option = "--resultsDirectory:";
        var argument = runnerCommandLine.Split('\0').FirstOrDefault(a => a.StartsWith(option, StringComparison.OrdinalIgnoreCase));
        return argument is not null && argument.Length > option.Length ? argument[option.Length..].Trim('"') : null;
    }

    /// <summary>
    /// The command line of the process that started this test host (vstest.console, which is the only
    /// place the test host can learn dotnet test's --results-directory from), arguments separated by NUL.
    /// Read from /proc where there is one; null elsewhere (set OMISTACK_RESULTS_DIR there).
    /// </summary>
    private static string? RunnerCommandLine()
    {
        var arguments = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(arguments, "--parentprocessid");
        if (index < 0 || index + 1 >= arguments.Length || !int.TryParse(arguments[index + 1], out var parent))
        {
            return null;
        }

        try
        {
            var path = $"/proc/{parent}/cmdline";
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
