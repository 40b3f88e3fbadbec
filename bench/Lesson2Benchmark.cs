using System.Diagnostics;
using OmiStack.Lessons;
using OmiStack.Lessons.Lesson2;
using OmiStack.Fixtures.Rancher;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;

namespace OmiStack.Bench;

/// <summary>
/// Grades the Lesson 2 reference on a RancherDoubleLab (API double + real HAProxy balancers) with all 7
/// checks from a new session each run; and the lab's own cost: up, one ApplyAsync, dispose.
/// </summary>
public static class Lesson2Benchmark
{
    public static async Task<int> RunAsync(int runs)
    {
        var clock = Stopwatch.StartNew();
        var lab = await RancherDoubleLab.StartAsync(Console.Out);
        var up = clock.Elapsed.TotalSeconds;
        try
        {
            clock.Restart();
            await lab.ApplyAsync();
            var apply = clock.Elapsed.TotalSeconds;
            var target = lab.Target;
            var grading = new List<double>();
            for (var i = 0; i <= runs; i++)
            {
                clock.Restart();
                await using (var session = new LabSession(target, new GradingOptions()))
                {
                    var outcomes = await Grader.RunAllAsync(Lesson2Checks.All, session, Course.Lessons.TextFor(target));
                    if (outcomes.Any(o => o.Verdict != Verdict.Pass))
                    {
                        Console.Error.WriteLine(string.Join("\n", outcomes.Where(o => o.Verdict != Verdict.Pass).Select(o => o.Message)));
                        return 1;
                    }
                }

                if (i > 0)
                {
                    grading.Add(clock.Elapsed.TotalSeconds); // run 0 warms up the JIT
                }
            }

            Console.WriteLine();
            Console.WriteLine("| measure | runs | min | median | max | goal |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine(Stats.Row("Lesson 2: all 7 checks on the reference (session, API, HTTP to 3 hosts)", grading, "≤ 0.5 s"));
            Console.WriteLine($"| RancherDoubleLab up (3 nodes, images present, API double, containers) | 1 | {up:0.0} s | | | |");
            Console.WriteLine($"| RancherDoubleLab ApplyAsync (recreate web, database, 3 balancers) | 1 | {apply:0.0} s | | | |");
        }
        finally
        {
            clock.Restart();
            await lab.DisposeAsync();
            Console.WriteLine($"| RancherDoubleLab dispose | 1 | {clock.Elapsed.TotalSeconds:0.0} s | | | |");
        }

        return 0;
    }
}
