using System.CommandLine;
using System.CommandLine.Parsing;
using OmiStack.Engine;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Cli;

/// <summary>
/// `omistack rounds`: for the instructor, at the start of the lab session. Grades the whole roster every few
/// minutes until the session's end, each student at the stage their lab is in; keeps each check's verdict at
/// its stage; gradebook.html is the class view, reloading itself. The deadline run (`dotnet test checks` on
/// the roster into the same results folder, or this command's --final) folds the kept verdicts in.
/// </summary>
internal static class RoundsCommand
{
    public static Command Build()
    {
        var roster = new Option<FileInfo>("--roster") { Description = "the roster (a roster file, or a folder of students' target files)", Required = true };
        var until = new Option<string>("--until") { Description = "when the lab session ends: HH:mm today (this machine's time zone) or an ISO 8601 time; no round starts after it", Required = true };
        var every = new Option<string>("--every") { Description = "time between rounds' starts: 5m, 90s, 00:05:00 (10 s to 1 h)", DefaultValueFactory = _ => "5m" };
        var rounds = new Option<int>("--rounds") { Description = "at most this many rounds (1 to 1000)", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<int>("--concurrency") { Description = "students graded at once (1 to 64)", DefaultValueFactory = _ => 16 };
        var stalled = new Option<string>("--stalled") { Description = "the class view flags a student with no progress for this long", DefaultValueFactory = _ => "15m" };
        var final = new Option<bool>("--final") { Description = "the last round, at the session's end, is the deadline run: what is missing fails" };
        var results = new Option<DirectoryInfo?>("--results") { Description = "where the reports, rounds.json and the gradebook go (default: OMISTACK_RESULTS_DIR, else ./TestResults/omistack where the command runs; `dotnet test checks` writes checks/TestResults/omistack: name that to fold in its runs)" };
        rounds.Validators.Add(r => Range(r, 1, 1000, "--rounds"));
        concurrency.Validators.Add(r => Range(r, 1, 64, "--concurrency"));
        var command = new Command("rounds", "Grade the roster every few minutes during the lab session, keeping each stage's verdicts; gradebook.html is the live class view.")
        {
            roster, until, every, rounds, concurrency, stalled, final, results,
        };
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.Now;
            if (RoundsOptions.Duration(parse.GetValue(every)!, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)) is not { } period)
            {
                return Refuse($"--every must be a time of 10 s to 1 h (5m, 90s, 00:05:00), not '{parse.GetValue(every)}'.");
            }

            if (RoundsOptions.Duration(parse.GetValue(stalled)!, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)) is not { } stall)
            {
                return Refuse($"--stalled must be a time of 1 min to 1 day (15m, 00:15:00), not '{parse.GetValue(stalled)}'.");
            }

            if (RoundsOptions.End(parse.GetValue(until)!, now) is not { } end || end <= now || end > now.AddDays(1))
            {
                return Refuse($"--until must be a time within the next 24 hours (HH:mm today, or ISO 8601 such as 2026-12-02T12:30+01:00), not '{parse.GetValue(until)}'.");
            }

            try
            {
                var settings = CliSettings.Options(Path.Combine("TestResults", "omistack"));
                var root = parse.GetValue(results)?.FullName ?? settings.ResultsRoot;
                var setup = CliSettings.Setup(settings with { ResultsRoot = root });
                var entries = Roster.Load(parse.GetValue(roster)!.FullName, setup.Catalog.TargetKeys, setup.Variables);
                var options = new RoundsOptions { Every = period, Until = end, MaxRounds = parse.GetValue(rounds), Concurrency = parse.GetValue(concurrency), StalledAfter = stall, FinalAtEnd = parse.GetValue(final) };
                Console.WriteLine($"omistack: rounds of {SessionRounds.Students(entries.Count)} every {(period < TimeSpan.FromMinutes(1) ? $"{period.TotalSeconds:0} s" : $"{period.TotalMinutes:0.#} min")} until {end:yyyy-MM-dd HH:mm zzz}; class view: {Path.Combine(root, "gradebook.html")}");
                var ran = await new SessionRounds(setup, entries, options, Console.Out).RunAsync(ct);
                Console.WriteLine(parse.GetValue(final)
                    ? $"omistack: {ran} {(ran == 1 ? "round" : "rounds")}; the last was the deadline run. Reports in {root}"
                    : $"omistack: {ran} {(ran == 1 ? "round" : "rounds")}. The deadline run folds them in: OMISTACK_ROSTER={parse.GetValue(roster)!.FullName} OMISTACK_RESULTS_DIR={root} dotnet test checks");
                return 0;
            }
            catch (Exception ex) when (ex is RunCannotStartException or TargetFileException or InvalidDataException)
            {
                return Refuse(ex.Message);
            }
        });
        return command;
    }

    private static void Range(OptionResult result, int min, int max, string name)
    {
        if (result.GetValueOrDefault<int>() is var value && (value < min || value > max))
        {
            result.AddError($"{name} must be {min} to {max}.");
        }
    }

    private static int Refuse(string why)
    {
        Console.Error.WriteLine($"omistack: {why}");
        return 2;
    }
}
