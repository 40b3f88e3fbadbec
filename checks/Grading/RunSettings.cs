namespace OmiStack.Checks.Grading;

/// <summary>
/// Settings of a `dotnet test checks` run: an environment variable first, else the runsettings
/// parameter of the same meaning; and the folder dotnet test was started from (the test host
/// itself runs in the output folder, but the shell's PWD is inherited).
/// </summary>
public static class RunSettings
{
    /// <summary>The value of <paramref name="variable"/>, else of runsettings <paramref name="parameter"/>; null when neither is set.</summary>
    public static string? Get(string variable, string parameter)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = TestContext.Parameters.Get(parameter);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Where dotnet test was started.</summary>
    public static string InvokedFrom => Environment.GetEnvironmentVariable("PWD") ?? Directory.GetCurrentDirectory();

    /// <summary>A path from a setting: ~ expanded, relative to where dotnet test was started.</summary>
    public static string FullPath(string path) => Path.GetFullPath(Harness.Targets.TargetPaths.Expand(path), InvokedFrom);
}
