using System.Diagnostics;
using FluentAssertions;
using OmiStack.Fixtures.Engine;
using OmiStack.Tests.Integration.Lanes;
using OmiStack.Tests.Shared;

namespace OmiStack.Tests.Integration;

/// <summary>`dotnet test checks` as a student or an instructor runs it.</summary>
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

    /// <summary>The build configuration these tests run in (Release in CI): the checks and the cli are built in it too.</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built omistack command line (cli/), run as `dotnet omistack.dll`.</summary>
    public static string Cli => Path.Combine(SolutionRoot, "cli", "bin", Configuration, "net10.0", "omistack.dll");

    /// <summary>
    /// Runs `dotnet test checks` (the project, through the dotnet CLI, so the csproj's runsettings apply;
    /// built already) from the solution folder with <paramref name="filter"/> (null: every check) and the
    /// given environment (OMISTACK_TARGET and OMISTACK_ROSTER unset unless given); returns what it printed
    /// and its exit code. Killed, with its test host, past <paramref name="bound"/>.
    /// </summary>
    public static async Task<ChecksRun> RunAsync(string? filter, IReadOnlyDictionary<string, string> environment, TimeSpan bound, IEnumerable<string>? more = null)
    {
        // Release is the checks' own default: there the command is a student's, word for word.
        List<string> arguments = Configuration == "Release" ? ["test", "checks", "--no-build"] : ["test", "checks", "--no-build", "-c", Configuration];
        if (filter is not null)
        {
            arguments.AddRange(["--filter", filter]);
        }

        arguments.AddRange(more ?? []);

        return await RunAsync(arguments, environment, bound);
    }

    /// <summary>The built omistack command line with <paramref name="arguments"/>, as the checks are run.</summary>
    public static Task<ChecksRun> RunCliAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan bound) =>
        RunProcessAsync("dotnet", [Cli, .. arguments], environment, bound);

    private static Task<ChecksRun> RunAsync(List<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan bound) =>
        RunProcessAsync("dotnet", arguments, environment, bound);

    /// <summary>
    /// Any program, from the solution's root, with the test's environment less OMISTACK_TARGET/ROSTER, plus <paramref name="environment"/>.
    /// Where the calling fixture is in the free lane (<see cref="Lane.Free"/>) it runs at <see cref="SuiteLanes.BackgroundNiceness"/>
    /// where <c>nice</c> exists, so that the clock fixture beside it, whose verdicts follow its swarm's timing, gets the CPU first and it
    /// gets what that one leaves idle.
    /// </summary>
    public static async Task<ChecksRun> RunProcessAsync(string program, List<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan bound)
    {
        var yields = SuiteLanes.CurrentLane() == Lane.Free;
        var (file, command) = Nice.Command(yields && File.Exists("/usr/bin/nice") ? SuiteLanes.BackgroundNiceness : 0, program, arguments);
        var start = new ProcessStartInfo(file, command)
        {
            WorkingDirectory = SolutionRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("OMISTACK_TARGET");
        start.Environment.Remove("OMISTACK_ROSTER");
        start.Environment.Remove("GITHUB_STEP_SUMMARY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // What the user's terminal shows: the console logger writes errors (a run that fails once) to stderr.
        var text = await output + await errors;
        await TestContext.Out.WriteLineAsync(text);
        text.Should().NotContain("Unhandled exception");
        return new ChecksRun(text, process.ExitCode);
    }
}

/// <summary>What a `dotnet test checks` run printed (standard output, then standard error), and its exit code.</summary>
internal sealed record ChecksRun(string Output, int ExitCode)
{
    /// <summary>The totals of dotnet test's last line: failed, passed, skipped, total.</summary>
    public (int Failed, int Passed, int Skipped, int Total) Totals
    {
        get
        {
            var match = System.Text.RegularExpressions.Regex.Match(Output, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)");
            match.Success.Should().BeTrue($"dotnet test prints its totals:\n{Output}");
            int Group(int i) => int.Parse(match.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
            return (Group(1), Group(2), Group(3), Group(4));
        }
    }
}
