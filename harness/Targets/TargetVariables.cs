namespace OmiStack.Harness.Targets;

/// <summary>
/// Which environment variables a target file may name as <c>${VAR}</c>. A target is data from a
/// student, and a secret is sent to the student's own server (the Rancher key as basic auth), so a
/// target must not read the grader's environment at large (<c>${HOME}</c>, a CI token, another
/// student's secret). Allowed: <see cref="Defaults"/>; variables whose name starts with the student's
/// own id in capitals and an underscore (s123456 → <c>S123456_RANCHER_SECRET</c>, as a roster gives
/// each student theirs); and those the instructor lists in OMISTACK_TARGET_VARIABLES.
/// </summary>
public static class TargetVariables
{
    /// <summary>The names the documentation uses for a student's own run.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["RANCHER_SECRET_KEY", "SSH_KEY_PASSPHRASE"];

    /// <summary>The instructor's list: variable names separated by commas or spaces.</summary>
    public const string Setting = "OMISTACK_TARGET_VARIABLES";

    /// <summary>Whether a target of <paramref name="student"/> may read <paramref name="variable"/>.</summary>
    /// <remarks>
    /// <paramref name="declared"/>: the names the lessons' declared sections add (<see cref="SectionSchema.Variables"/>);
    /// <paramref name="variables"/>: the instructor's variables, where <see cref="Setting"/> lists more.
    /// </remarks>
    public static bool Allowed(string variable, string student, IReadOnlyList<string>? declared = null, Func<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(student);
        return Defaults.Contains(variable, StringComparer.Ordinal)
            || (declared ?? []).Contains(variable, StringComparer.Ordinal)
            || (PrefixOf(student) is { } prefix && variable.StartsWith(prefix, StringComparison.Ordinal) && variable.Length > prefix.Length)
            || Listed(variables).Contains(variable, StringComparer.Ordinal);
    }

    /// <summary>The rule in words, for the error that refuses a variable.</summary>
    public static string Rule(string student, IReadOnlyList<string>? declared = null) =>
        $"allowed are {string.Join(", ", [.. Defaults, .. declared ?? []])}{(PrefixOf(student) is { } prefix ? $", {prefix}*" : "")} and those listed in {Setting}";

    /// <summary>The student's prefix: the id in capitals, every other character '_', then '_'; null for an id with no letter or digit.</summary>
    public static string? PrefixOf(string student)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (!student.Any(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        return new string([.. student.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')]) + "_";
    }

    private static string[] Listed(Func<string, string?>? variables) =>
        (variables?.Invoke(Setting) ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
