namespace OmiStack.Harness.Settings;

/// <summary>
/// The one way a grading run reads its settings: an environment variable first, else the parameter of the
/// same meaning where the host has parameters (`dotnet test checks`: runsettings, through <see cref="Parameters"/>);
/// and the folder the run was started from (the test host itself runs in the output folder, but the
/// shell's PWD is inherited).
/// </summary>
public static class RunSettings
{
    private static Func<string, string?> _parameters = static _ => null;

    /// <summary>
    /// The host's named parameters (the NUnit adapter sets runsettings' TestRunParameters here before it reads
    /// a setting); none elsewhere: the CLI's settings are its options and the environment.
    /// </summary>
    public static Func<string, string?> Parameters
    {
        get => _parameters;
        set => _parameters = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The value of <paramref name="variable"/>, else of runsettings <paramref name="parameter"/>; null when neither is set.</summary>
    public static string? Get(string variable, string parameter)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Parameters(parameter);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The value by the variable's name: OMISTACK_CONVERGE_SECONDS, else runsettings 'convergeSeconds'.</summary>
    public static string? Get(string variable) => Get(variable, ParameterOf(variable));

    /// <summary>Where dotnet test was started.</summary>
    public static string InvokedFrom => Environment.GetEnvironmentVariable("PWD") ?? Directory.GetCurrentDirectory();

    /// <summary>A path from a setting: ~ expanded, relative to where dotnet test was started.</summary>
    public static string FullPath(string path) => Path.GetFullPath(Harness.Targets.TargetPaths.Expand(path), InvokedFrom);

    /// <summary>As <see cref="FullPath"/>, null for null.</summary>
    public static string? FullPathOrNull(string? path) => path is null ? null : FullPath(path);

    /// <summary>The runsettings parameter of a variable: OMISTACK_CONVERGE_SECONDS → convergeSeconds.</summary>
    public static string ParameterOf(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var words = variable.Replace("OMISTACK_", "", StringComparison.Ordinal).ToLowerInvariant().Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
