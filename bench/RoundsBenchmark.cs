using System.Diagnostics;
using System.Globalization;
using OmiStack.Lessons;
using OmiStack.Engine;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Bench;

/// <summary>
/// The rounds of a lab session for a roster of 40 over 2 solved labs (students may share a lab: grading is
/// read-only but for registry.pull's probe): several rounds of unchanged labs, each round's time, the harness's
/// and the labs' CPU, and the SSH logins each node of a student cost per round (counted from the evidence).
/// </summary>
public static class RoundsBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    public static async Task<int> RunAsync(int students, int rounds, int concurrency)
    {
        var labs = new List<(NodeLab Lab, Lesson1Reference Reference)>();
        var results = Directory.CreateTempSubdirectory("omistack-bench-rounds-").FullName;
        try
        {
            await RosterRuns.SolvedLabsAsync(2, labs);
            var bundle = Path.Combine(results, "course-ca.pem");
            await File.WriteAllTextAsync(bundle, string.Concat(labs.Select(l => l.Reference.Authority.CertificatePem)));
            var roster = Enumerable.Range(1, students)
                .Select(i => new RosterEntry($"s{i:000000}", TargetLoader.Load(labs[i % labs.Count].Lab.TargetFile) with { Student = $"s{i:000000}" }, null))
                .ToList();
            var options = new GradingOptions { ConvergenceTimeout = TimeSpan.FromSeconds(5), RegistryCaFile = bundle };
            var setup = new GradingSetup(Course.Lessons, Rubric.Default, InstructorOverrides.None, options, Path.Combine(results, "roster"));
            var session = new SessionRounds(setup, roster, new RoundsOptions { Every = TimeSpan.FromMinutes(5), Concurrency = concurrency }, TextWriter.Null);

            Console.WriteLine("| round | time | harness CPU | labs' CPU | SSH logins per node of a student | machine idle |");
            Console.WriteLine("|---|---|---|---|---|---|");
            for (var round = 1; round <= rounds; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var labsCpu = RosterRuns.LabsCpuSeconds();
                var idle = RosterRuns.IdleSeconds();
                var clock = Stopwatch.StartNew();
                await session.RoundAsync(final: false, nextAt: null);
                var took = clock.Elapsed;
                var logins = roster.Select(e => Logins(Path.Combine(setup.ResultsRoot, e.Student))).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round}{(round == 1 ? " (cold: JIT, first connects)" : " (labs unchanged)")} | {took.TotalSeconds:0.00} s | {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s | {RosterRuns.LabsCpuSeconds() - labsCpu:0.0} s | {logins.Min():0.##}–{logins.Max():0.##} | {RosterRuns.IdleSeconds() - idle:0.0} core-s |"));
            }

            Console.WriteLine($"harness peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");
            return 0;
        }
        finally
        {
            await RosterRuns.DisposeAsync(labs);
            Directory.Delete(results, recursive: true);
        }
    }

    /// <summary>SSH logins per node in the student's last run (its evidence's ssh-connect answers over its nodes).</summary>
    private static double Logins(string folder)
    {
        var evidence = EvidenceDocument.Read(Path.Combine(folder, EvidenceDocument.FileName));
        var nodes = evidence.Entries.Where(e => e.Kind == "ssh-connect").Select(e => e.Key).Distinct().Count();
        return nodes == 0 ? 0 : (double)evidence.Entries.Count(e => e.Kind == "ssh-connect") / nodes;
    }
}
