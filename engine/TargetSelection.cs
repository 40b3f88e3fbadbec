using OmiStack.Harness.Settings;

namespace OmiStack.Engine;

/// <summary>
/// Which target a run grades: env OMISTACK_TARGET, else runsettings parameter "target", else
/// ./omistack.yaml in the folder dotnet test was started from; null means the embedded default.
/// </summary>
public static class TargetSelection
{
    /// <summary>The target file to grade, or null for the embedded default (local lab + reference solution).</summary>
    public static string? Find()
    {
        if (RunSettings.Get("OMISTACK_TARGET", "target") is { } configured)
        {
            return RunSettings.FullPath(configured);
        }

        var local = Path.Combine(RunSettings.InvokedFrom, "omistack.yaml");
        return File.Exists(local) ? local : null;
    }

    /// <summary>
    /// Where results go: env OMISTACK_RESULTS_DIR, else runsettings "results", else omistack/ in dotnet
    /// test's --results-directory, else TestResults/omistack next to the checks project.
    /// </summary>
    public static string ResultsRoot()
    {
        if (RunSettings.Get("OMISTACK_RESULTS_DIR", "results") is { } configured)
        {
            return RunSettings.FullPath(configured);
        }

        if (ResultsDirectoryOfRun(RunnerCommandLine()) is { } given)
        {
            return Path.Combine(RunSettings.FullPath(given), "omistack");
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
