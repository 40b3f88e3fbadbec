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
        var fromEnv = Environment.GetEnvironmentVariable("OMISTACK_TARGET");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(Harness.Targets.TargetPaths.Expand(fromEnv));
        }

        var fromRunSettings = TestContext.Parameters.Get("target");
        if (!string.IsNullOrWhiteSpace(fromRunSettings))
        {
            return Path.GetFullPath(Harness.Targets.TargetPaths.Expand(fromRunSettings));
        }

        // The test host runs in the output folder; the shell's PWD is where dotnet test was started.
        var invokedFrom = Environment.GetEnvironmentVariable("PWD") ?? Directory.GetCurrentDirectory();
        var local = Path.Combine(invokedFrom, "omistack.yaml");
        return File.Exists(local) ? local : null;
    }

    /// <summary>
    /// Where results go: env OMISTACK_RESULTS_DIR, else runsettings "results", else TestResults/omistack
    /// next to the checks project.
    /// </summary>
    public static string ResultsRoot()
    {
        var configured = Environment.GetEnvironmentVariable("OMISTACK_RESULTS_DIR") ?? TestContext.Parameters.Get("results");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
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
