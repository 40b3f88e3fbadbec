using System.CommandLine;
using OmiStack.Bench;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Labs;
using OmiStack.Harness.Scoring;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Cli;

/// <summary>
/// The omistack command line (System.CommandLine): lab images, leftovers, the practice lab, the
/// gradebook of several results folders, and the benchmarks. Every command has --help; an unknown
/// command, option or argument is refused with exit code 1 and the usage.
/// </summary>
internal static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("OmiStack: grade the Container Orchestration 1 labs. Grade with `omistack grade` or `dotnet test checks` (the same grading); the other commands serve the lab, the class and the platforms.");
        root.Subcommands.Add(GradeCommand.Build());
        root.Subcommands.Add(TargetCommand.Build());
        root.Subcommands.Add(WatchCommand.Build());
        root.Subcommands.Add(RoundsCommand.Build());
        root.Subcommands.Add(AutogradeCommand.Build());
        root.Subcommands.Add(Images());
        root.Subcommands.Add(Prune());
        root.Subcommands.Add(Lab());
        root.Subcommands.Add(Gradebook());
        root.Subcommands.Add(RejudgeCommand.Build());
        root.Subcommands.Add(DocsCommand.Build());
        root.Subcommands.Add(Benchmarks());
        return root;
    }

    private static Command Images()
    {
        var source = new Argument<ImageSource>("source") { Description = "auto (offline where it can build so), offline (debootstrap + docker import) or online (Dockerfiles)", DefaultValueFactory = _ => ImageSource.Auto };
        var command = new Command("images", "Build the lab images that are missing or whose recipe changed.") { source };
        command.SetAction((parse, ct) => WithEngineAsync(async () =>
        {
            using var engine = await DockerEngine.ConnectAsync(cancellationToken: ct);
            var resolved = LabImageBuilder.Resolve(parse.GetValue(source), engine);
            var images = Enum.GetValues<LabImageRole>().Select(r => new LabImage(r, resolved)).ToList();
            Console.WriteLine($"omistack: lab images ({resolved}): {string.Join(", ", images.Select(i => i.Tag))}");
            await LabImageBuilder.EnsureAsync(engine, images, Console.Out, ct);
            Console.WriteLine("omistack: images ready");
            return 0;
        }));
        return command;
    }

    private static Command Prune()
    {
        var all = new Option<bool>("--all") { Description = "also the practice lab (kept labs)" };
        var command = new Command("prune", "Remove the leftovers of crashed runs: every container, network and volume labelled omistack.run.") { all };
        command.SetAction((parse, ct) => WithEngineAsync(async () =>
        {
            using var engine = await DockerEngine.ConnectAsync(cancellationToken: ct);
            var removed = await LabJanitor.PruneAsync(engine, includeKept: parse.GetValue(all), cancellationToken: ct);
            Console.WriteLine(removed.Count == 0 ? "omistack: nothing to prune" : $"omistack: removed runs {string.Join(", ", removed)}");
            return 0;
        }));
        return command;
    }

    private static Command Lab()
    {
        var formed = new Option<bool>("--formed") { Description = "start with the swarm formed (the lesson's setup stage done)" };
        var nodes = new Option<int>("--nodes") { Description = "number of nodes (1 to 5)", DefaultValueFactory = _ => 3 };
        nodes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 5)
            {
                result.AddError("--nodes must be 1 to 5.");
            }
        });
        var up = new Command("up", "Start the practice lab (bare VMs, as at the lesson's start) and write its target file.") { formed, nodes };
        up.SetAction((parse, ct) => WithEngineAsync(() => Practice().UpAsync(parse.GetValue(nodes), parse.GetValue(formed), ct)));
        var status = new Command("status", "Show the practice lab's nodes and how to reach them.");
        status.SetAction((_, ct) => WithEngineAsync(() => Practice().StatusAsync(ct)));
        var down = new Command("down", "Remove the practice lab: every container, network and volume of it.");
        down.SetAction((_, ct) => WithEngineAsync(() => Practice().DownAsync(ct)));
        return new Command("lab", "The practice lab: three VMs on this machine to do the lesson on.") { up, status, down };
    }

    private static Command Gradebook()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "folder the gradebook files are written to", Required = true };
        var results = new Argument<DirectoryInfo[]>("results") { Description = "results folders (a run's, or each CI shard's)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("gradebook", "Merge the results of several runs (the shards of a CI matrix) into one gradebook.") { output, results };
        command.SetAction(parse =>
        {
            var missing = parse.GetValue(results)!.Where(d => !d.Exists).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"omistack: no such results folder: {string.Join(", ", missing.Select(d => d.FullName))}");
                return 1;
            }

            var folder = parse.GetValue(output)!.FullName;
            var rows = GradebookWriter.Collect(parse.GetValue(results)!.Select(d => d.FullName));
            // The merge job's summary on GitHub: the whole roster's, within GitHub's 1 MiB.
            GradebookWriter.Write(folder, rows, CliSettings.JobSummary);
            Console.WriteLine($"omistack: gradebook of {rows.Count} students in {folder}");
            return 0;
        });
        return command;
    }

    private static Command Benchmarks()
    {
        Command Runs(string name, string description, int defaultRuns, Func<int, Task<int>> run)
        {
            var runs = new Option<int>("--runs") { Description = "how many measured runs", DefaultValueFactory = _ => defaultRuns };
            var command = new Command(name, description) { runs };
            command.SetAction((parse, _) => WithEngineAsync(() => run(parse.GetValue(runs))));
            return command;
        }

        var imagesCold = new Command("images-cold", "Remove the lab images, build them all again, time it.");
        imagesCold.SetAction((_, _) => WithEngineAsync(LabBenchmark.ImagesColdAsync));
        var rosterEvidence = new Option<bool>("--evidence") { Description = "each student keeps its evidence, as a grading run does" };
        var roster = new Command("roster", "40 students over 2 labs: concurrency 16 against one after another, peak RSS.") { rosterEvidence };
        roster.SetAction((parse, _) => WithEngineAsync(() => RosterBenchmark.RunAsync(40, 16, parse.GetValue(rosterEvidence))));
        var wanStudents = new Option<int>("--students") { Description = "students in the roster", DefaultValueFactory = _ => 200 };
        var wanConcurrency = new Option<int>("--concurrency") { Description = "students graded at once (the checks' default: 16)", DefaultValueFactory = _ => 16 };
        var wanSample = new Option<int>("--sequential-sample") { Description = "students graded one after another, scaled to the roster", DefaultValueFactory = _ => 40 };
        var wanRtt = new Option<double>("--rtt") { Description = "round-trip time in ms (jitter: an eighth of it)", DefaultValueFactory = _ => 40 };
        var wanSkip = new Option<string[]>("--skip") { Description = "check ids not to grade (e.g. registry.pull: a real pull on the shared lab per student)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var wanDead = new Option<int>("--dead") { Description = "percent of the students whose ports are black holes", DefaultValueFactory = _ => 10 };
        var rosterWan = new Command("roster-wan", "A roster over a modelled WAN (latency relays): 10 % of the students dead; round trips per check.") { wanStudents, wanConcurrency, wanSample, wanRtt, wanSkip, wanDead };
        rosterWan.SetAction((parse, _) => WithEngineAsync(() => WanRosterBenchmark.RunAsync(parse.GetValue(wanStudents), parse.GetValue(wanConcurrency), parse.GetValue(wanSample), parse.GetValue(wanRtt), parse.GetValue(wanSkip)!, parse.GetValue(wanDead))));
        var roundStudents = new Option<int>("--students") { Description = "students in the roster", DefaultValueFactory = _ => 40 };
        var roundCount = new Option<int>("--rounds") { Description = "rounds of the unchanged labs", DefaultValueFactory = _ => 3 };
        var rounds = new Command("rounds", "The rounds of a lab session: 40 students over 2 solved labs, each round's time, CPU and SSH logins per node.") { roundStudents, roundCount };
        rounds.SetAction((parse, _) => WithEngineAsync(() => RoundsBenchmark.RunAsync(parse.GetValue(roundStudents), parse.GetValue(roundCount), 16)));
        var e2eRuns = new Option<int>("--runs") { Description = "how many measured runs", DefaultValueFactory = _ => 3 };
        var e2eBefore = new Option<FileInfo?>("--before") { Description = "another build's OmiStack.Checks.dll (an earlier commit's), timed in the same rounds against this build's" };
        var e2eTools = new Option<FileInfo[]>("--tool") { Description = "an installed omistack (a packed tool's command), its `omistack grade` timed in the same rounds; may be repeated", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var e2eHold = new Option<bool>("--hold") { Description = "measure nothing: keep the solved lab up (its target printed) until Ctrl+C or SIGTERM, to profile a grade by hand" };
        var e2e = new Command("e2e", "The final-state lab graded with the built `dotnet test` on the checks, beside its fixed cost and the shell grader.") { e2eRuns, e2eBefore, e2eTools, e2eHold };
        e2e.SetAction((parse, ct) => WithEngineAsync(() => EndToEndBenchmark.RunAsync(parse.GetValue(e2eRuns), parse.GetValue(e2eBefore)?.FullName, [.. parse.GetValue(e2eTools)!.Select(t => t.FullName)], parse.GetValue(e2eHold), ct)));
        return new Command("bench", "Benchmarks (results in docs/benchmarks.md); run with -c Release.")
        {
            rounds,
            rosterWan,
            Runs("lab", "A 3-node Formed lab up (images present) and disposed.", 5, LabBenchmark.RunAsync),
            imagesCold,
            Runs("grade", "Grade a converged Lesson 1 lab; the same checks as a shell script with ssh and the docker CLI.", 5, GradeBenchmark.RunAsync),
            Runs("lesson2", "Grade the Lesson 2 reference on a RancherDoubleLab (API double + HAProxy).", 9, Lesson2Benchmark.RunAsync),
            e2e,
            roster,
        };
    }

    private static PracticeLab Practice() => new(PracticeLab.DefaultFolder, Console.Out);

    /// <summary>Runs a command that needs the engine: a missing engine or a failed step is one line on stderr and exit code 1, never a stack trace.</summary>
    private static async Task<int> WithEngineAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is RunCannotStartException)
        {
            await Console.Error.WriteLineAsync($"omistack: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or ArgumentException or FormatException or IOException or Docker.DotNet.DockerApiException)
        {
            await Console.Error.WriteLineAsync($"omistack: failed: {ex.Message}");
            return 1;
        }
    }
}
