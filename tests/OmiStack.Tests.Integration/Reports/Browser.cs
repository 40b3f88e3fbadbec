using System.Diagnostics;
using FluentAssertions;

namespace OmiStack.Tests.Integration.Reports;

/// <summary>Headless Chromium (Debian's chromium, installed by the set-up: <see cref="TestTools"/>) for the report pages.</summary>
internal static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Skips the test, naming why, where Chromium is missing (fails it in CI).</summary>
    public static void RequireChromium() => TestTools.Require(TestTools.Chromium);

    /// <summary>CI artifacts: TestResults/omistack-artifacts next to the solution.</summary>
    public static string ArtifactsFolder() => Path.Combine(ChecksProcess.SolutionRoot, "TestResults", "omistack-artifacts");

    /// <summary>Runs headless Chromium with <paramref name="args"/> (bounded to 60 s); returns what it printed.</summary>
    public static async Task<string> ChromiumAsync(string folder, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("omistack-chromium-");
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}" }.Concat(args))
            {
                start.ArgumentList.Add(flag);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(bound.Token);
            process.ExitCode.Should().Be(0, await errors);
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
