using OmiStack.Fixtures.Engine;
using OmiStack.Harness.Waiting;

namespace OmiStack.Tests.Integration;

/// <summary>
/// The programs some integration tests drive, apart from the grader's own needs: chromium (the pages), tmux (the
/// watch view's terminal), gitlab-ci-local and actionlint (the CI templates). The set-up runs scripts/test-tools.sh
/// once, which installs what is missing as root on Debian (as the engine is installed), and says once what is
/// still missing and why; a test whose tool is missing is skipped with that cause, and failed in CI (where
/// <c>CI</c> is set), so a CI run never passes by not running it.
/// </summary>
internal static class TestTools
{
    public const string Chromium = "chromium";
    public const string Tmux = "tmux";
    public const string GitlabCiLocal = "gitlab-ci-local";
    public const string Actionlint = "actionlint";

    /// <summary>Bound for the script: chromium and node over a slow mirror included.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(15);

    private static IReadOnlyDictionary<string, string>? _missing;

    /// <summary>The script, copied from scripts/test-tools.sh next to the tests.</summary>
    private static string Script => Path.Combine(AppContext.BaseDirectory, "test-tools.sh");

    private static bool InCi => Environment.GetEnvironmentVariable("CI") is not null;

    /// <summary>Installs what is missing where this machine allows; says once, on <paramref name="progress"/>, what is still missing.</summary>
    public static async Task EnsureAsync(TextWriter progress)
    {
        try
        {
            var result = await ScriptRun.RunAsync(Script, [], "scripts/test-tools.sh", Bound, progress, keepOutput: true);
            _missing = Missing(result.Output);
            if (result.ExitCode is not (0 or 3) && _missing.Count == 0)
            {
                _missing = Unknown($"scripts/test-tools.sh ended with exit code {result.ExitCode}: {result.LastLines.Split('\n')[^1]}");
            }
        }
        catch (DeadlineExceededException ex)
        {
            _missing = Unknown(ex.Message);
        }

        if (_missing.Count > 0)
        {
            await progress.WriteLineAsync(
                $"omistack: the tests that drive these programs are {(InCi ? "failed (CI is set)" : "skipped")}: " +
                string.Join("; ", _missing.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}")));
        }
    }

    /// <summary>Returns where <paramref name="tool"/> is present; else skips the test naming why (fails it in CI).</summary>
    public static void Require(string tool)
    {
        if (_missing is null || !_missing.TryGetValue(tool, out var why))
        {
            return;
        }

        var message = $"{tool} {why}";
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>The script's "missing TOOL: WHY" lines.</summary>
    internal static IReadOnlyDictionary<string, string> Missing(string printed) =>
        printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("missing ", StringComparison.Ordinal) && l.Contains(": ", StringComparison.Ordinal))
            .Select(l => l["missing ".Length..].Split(": ", 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static Dictionary<string, string> Unknown(string why) =>
        new[] { Chromium, Tmux, GitlabCiLocal, Actionlint }.ToDictionary(t => t, _ => $"unknown: {why}", StringComparer.Ordinal);
}
