using System.Diagnostics;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Bench;

/// <summary>
/// The lesson's final state graded end to end as a student does it: the built `dotnet test` on the
/// checks with OMISTACK_TARGET (test host start, discovery, connections, every check, reports),
/// beside the same command with a filter that selects no check (the test host's own fixed cost),
/// and the shell grader (one ssh per question), all on one lab in one run. Given another build's checks
/// (<c>--before</c>: an earlier commit's), it is timed in the same rounds, alternating, so a change's cost
/// is read against the same lab and the same machine load.
/// </summary>
public static class EndToEndBenchmark
{
    public static async Task<int> RunAsync(int runs, string? before = null, IReadOnlyList<string>? tools = null, bool hold = false, CancellationToken cancellation = default)
    {
        await using var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(Console.Out).Build();
        await lab.StartAsync(cancellation);
        using var reference = new Lesson1Reference(lab);
        await reference.ReachAsync(Lesson1Stage.Final, cancellation);
        if (hold)
        {
            // For profiling by hand: the solved lab stays up until Ctrl+C or SIGTERM (a background job ignores
            // SIGINT), then goes with the lab's disposal.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            });
            Console.WriteLine($"holding the final-state lab until Ctrl+C or SIGTERM; its target: {lab.TargetFile}");
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }

        var checks = ChecksAssembly();
        var results = Directory.CreateTempSubdirectory("omistack-bench-e2e-").FullName;
        var environment = new Dictionary<string, string> { ["OMISTACK_TARGET"] = lab.TargetFile, ["OMISTACK_RESULTS_DIR"] = results };

        var fixedCost = new List<double>();
        var graded = new List<double>();
        var script = new List<double>();
        var earlier = new List<double>();
        tools ??= [];
        var byTool = tools.Select(_ => new List<double>()).ToList();
        if (before is not null && !File.Exists(before))
        {
            throw new FileNotFoundException($"--before {before}: no such file (build the earlier commit's checks first)");
        }

        for (var i = 0; i <= runs; i++)
        {
            var none = await TimeAsync("dotnet", ["test", checks, "--filter", "Id=no-such-check"], environment);
            var earlierRun = before is null ? (Seconds: 0.0, Output: "") : await TimeAsync("dotnet", ["test", before], environment);
            var all = await TimeAsync("dotnet", ["test", checks], environment);
            var toolRuns = new List<double>();
            foreach (var tool in tools)
            {
                toolRuns.Add((await TimeAsync(tool, ["grade", "--target", lab.TargetFile], environment)).Seconds);
            }

            var (shell, _) = await ShellGrader.RunAsync(lab);
            if (i == 0)
            {
                // Warm-up (file cache, first JIT of the test host): shown, not counted.
                Console.WriteLine(all.Output.Split('\n').Where(l => l.Contains("Passed!", StringComparison.Ordinal) || l.Contains("Failed!", StringComparison.Ordinal) || l.StartsWith("OmiStack ", StringComparison.Ordinal)).FirstOrDefault("")?.Trim());
                continue;
            }

            fixedCost.Add(none.Seconds);
            for (var t = 0; t < tools.Count; t++)
            {
                byTool[t].Add(toolRuns[t]);
            }

            if (before is not null)
            {
                earlier.Add(earlierRun.Seconds);
            }

            graded.Add(all.Seconds);
            script.Add(shell);
        }

        // Where the time goes: one more run at normal verbosity, each check's own duration.
        var detailed = await TimeAsync("dotnet", ["test", checks, "--logger", "console;verbosity=normal"], environment);
        Console.WriteLine($"one more run at normal verbosity ({detailed.Seconds:0.00} s), each check's duration:");
        Console.WriteLine(string.Join('\n', detailed.Output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+(Passed|Failed|Skipped) \S+ \[")).Select(l => l.TrimEnd())));
        if (tools.Count > 0)
        {
            // The tool prints a line as each check ends: the time of each line after the process started.
            Console.WriteLine($"one more `omistack grade` ({tools[^1]}), when each line came, from the process's start:");
            await TimeLinesAsync(tools[^1], ["grade", "--target", lab.TargetFile], environment);
        }

        Directory.Delete(results, recursive: true);
        Console.WriteLine();
        Console.WriteLine("| measure | runs | min | median | max | goal |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Stats.Row("`dotnet test` on the checks, final-state lab, every check (Lesson 1 + questions)", graded, $"≤ fixed cost + 3 s"));
        if (before is not null)
        {
            Console.WriteLine(Stats.Row($"the same, with the checks built at {before}", earlier, ""));
        }

        for (var t = 0; t < tools.Count; t++)
        {
            Console.WriteLine(Stats.Row($"`omistack grade` ({tools[t]}), process start to exit", byTool[t], "≥ 4× faster than the shell grader"));
        }

        Console.WriteLine(Stats.Row("the same command, a filter that selects no check (test host's fixed cost)", fixedCost, ""));
        Console.WriteLine(Stats.Row("shell grader: one ssh per question (bench/grade-with-ssh.sh)", script, ""));
        Console.WriteLine($"grading beyond the fixed cost (median): {Stats.Median(graded) - Stats.Median(fixedCost):0.00} s; the shell grader over it: {Stats.Median(script) / (Stats.Median(graded) - Stats.Median(fixedCost)):0.0}×");
        for (var t = 0; t < tools.Count; t++)
        {
            Console.WriteLine($"the shell grader over `omistack grade` ({tools[t]}): {Stats.Median(script) / Stats.Median(byTool[t]):0.0}×");
        }
        return 0;
    }

    /// <summary>The built checks assembly next to this build (the same configuration).</summary>
    private static string ChecksAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "checks", "bin", configuration, "net10.0", "OmiStack.Checks.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Build the checks first: dotnet build -c Release OmiStack.sln.");
    }

    private static async Task TimeLinesAsync(string command, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.000} s  {(line.Length > 90 ? line[..90] + "…" : line)}");
        }

        await process.WaitForExitAsync();
        Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.000} s  (exit {process.ExitCode})");
    }

    private static async Task<(double Seconds, string Output)> TimeAsync(string command, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (clock.Elapsed.TotalSeconds, await output);
    }

}
