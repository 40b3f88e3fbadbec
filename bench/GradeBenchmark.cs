using System.Diagnostics;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Bench;

/// <summary>
/// Grades a converged Lesson 1 lab (reference solution applied) with every check, no convergence
/// waits, connections included; then the same checks as grade-with-ssh.sh (ssh + docker CLI, one
/// ssh per command as a shell grader does).
/// </summary>
public static class GradeBenchmark
{
    public static async Task<int> RunAsync(int runs)
    {
        await using var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(Console.Out).Build();
        await lab.StartAsync();
        using var reference = new Lesson1Reference(lab);
        await reference.ReachAsync(Lesson1Stage.Final);
        var target = TargetLoader.Load(lab.TargetFile);
        var options = new GradingOptions { ConvergenceTimeout = TimeSpan.Zero };

        var harness = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var session = new LabSession(target, options))
            {
                var outcomes = await Grader.RunAllAsync(Lesson1Checks.All, session, Lesson1Checks.TextFor(target));
                if (i <= 1)
                {
                    Console.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Check.Id}={o.Verdict} {o.Duration.TotalMilliseconds:0}ms")));
                }

                if (i == 0)
                {
                    continue; // warm-up: JIT
                }
            }

            harness.Add(clock.Elapsed.TotalSeconds);
        }

        var script = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var (seconds, output) = await ShellGrader.RunAsync(lab);
            script.Add(seconds);
            if (i == 0)
            {
                Console.WriteLine(output.Trim());
            }
        }

        Console.WriteLine();
        Console.WriteLine("| measure | runs | min | median | max | goal |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Stats.Row("OmiStack: all 14 Lesson 1 checks, converged lab (connect included)", harness, "≤ 0.5 s"));
        Console.WriteLine(Stats.Row("shell script: same checks with ssh + docker CLI", script, ""));
        Console.WriteLine($"speed-up (median): {Stats.Median(script) / Stats.Median(harness):0.0}× (goal ≥ 10×)");
        return 0;
    }
}
