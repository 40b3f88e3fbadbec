using OmiStack.Harness.Targets;

namespace OmiStack.Engine.Settings;

/// <summary>
/// Where a host's settings come from, as the host gives them: its variables (the process environment, read by the
/// host), else the parameter of the same meaning (`dotnet test checks`: runsettings' TestRunParameters), and the folder
/// the run was started from (relative paths, ./omistack.yaml, ./answers.yaml). The engine reads settings only through
/// a source its host built (<see cref="RunOptions.FromSettings"/>); it reads no environment of its own.
/// </summary>
/// <param name="Variables">The host's variables by name (OMISTACK_CONVERGE_SECONDS); null where unset.</param>
/// <param name="Parameters">The host's named parameters (convergeSeconds); null where unset or where the host has none.</param>
/// <param name="InvokedFrom">The folder the run was started from.</param>
public sealed record SettingsSource(Func<string, string?> Variables, Func<string, string?> Parameters, string InvokedFrom)
{
    /// <summary>A source of variables only (a command line's host, a test's dictionary).</summary>
    public static SettingsSource Of(Func<string, string?> variables, string invokedFrom) => new(variables, static _ => null, invokedFrom);

    /// <summary>The value of <paramref name="variable"/>, else of parameter <paramref name="parameter"/>; null when neither is set.</summary>
    public string? Get(string variable, string parameter)
    {
        var value = Variables(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Parameters(parameter);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The value by the variable's name: OMISTACK_CONVERGE_SECONDS, else parameter 'convergeSeconds'.</summary>
    public string? Get(string variable) => Get(variable, ParameterOf(variable));

    /// <summary>A path from a setting: ~ expanded, relative to where the run was started.</summary>
    public string FullPath(string path) => Path.GetFullPath(TargetPaths.Expand(path), InvokedFrom);

    /// <summary>As <see cref="FullPath"/>, null for null.</summary>
    public string? FullPathOrNull(string? path) => path is null ? null : FullPath(path);

    /// <summary>The parameter of a variable: OMISTACK_CONVERGE_SECONDS → convergeSeconds.</summary>
    public static string ParameterOf(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var words = variable.Replace("OMISTACK_", "", StringComparison.Ordinal).ToLowerInvariant().Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
