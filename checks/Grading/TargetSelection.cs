namespace OmiStack.Checks.Grading;

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
    /// Where results go: env OMISTACK_RESULTS_DIR, else runsettings "results", else TestResults/omistack
    /// next to the checks project.
    /// </summary>
    public static string ResultsRoot()
    {
        if (RunSettings.Get("OMISTACK_RESULTS_DIR", "results") is { } configured)
        {
            return RunSettings.FullPath(configured);
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
}
