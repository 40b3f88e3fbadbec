using System.Diagnostics;
using FluentAssertions;

namespace OmiStack.Tests.Integration;

/// <summary>`dotnet test` on the built checks assembly, as a student or an instructor runs it.</summary>
internal static class ChecksProcess
{
    /// <summary>The folder of OmiStack.sln (the tests run from its bin folders).</summary>
    public static string SolutionRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OmiStack.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No OmiStack.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs the checks with <paramref name="filter"/> (null: every check) and the given environment (OMISTACK_TARGET and OMISTACK_ROSTER unset unless given); returns its output.</summary>
    public static async Task<string> RunAsync(string? filter, IReadOnlyDictionary<string, string> environment, TimeSpan bound)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var checks = Path.Combine(SolutionRoot, "checks", "bin", configuration, "net10.0", "OmiStack.Checks.dll");
        var start = new ProcessStartInfo("dotnet", filter is null ? ["test", checks] : ["test", checks, "--filter", filter])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("OMISTACK_TARGET");
        start.Environment.Remove("OMISTACK_ROSTER");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        await TestContext.Out.WriteLineAsync(text);
        (await errors).Should().NotContain("Unhandled exception");
        return text;
    }
}
