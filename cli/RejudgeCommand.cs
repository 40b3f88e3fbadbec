using System.CommandLine;
using OmiStack.Engine;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Scoring;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Cli;

/// <summary>
/// `omistack rejudge`: after the VMs are gone. Judges every student's evidence.json again with the
/// current checks, rubric and overrides, with no network, and each verdict kept at its stage again from
/// the evidence of the run that judged it; writes the reports (saying they were re-judged, from which
/// evidence) and, for more than one student, a gradebook. The evidence and the
/// results it came with are never changed: the re-judged reports go to a folder of their own.
/// </summary>
internal static class RejudgeCommand
{
    public static Command Build()
    {
        var input = new Argument<FileSystemInfo>("evidence") { Description = "an evidence.json, a student's results folder, or a whole results folder (every evidence.json below it)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "folder the re-judged reports go to", Required = true };
        var rubric = new Option<FileInfo?>("--rubric") { Description = "the rubric to grade with (default: OMISTACK_RUBRIC, else the lessons' own)" };
        var overrides = new Option<FileInfo?>("--overrides") { Description = "the instructor's overrides (default: OMISTACK_OVERRIDES, else none)" };
        var command = new Command("rejudge", "Judge recorded evidence again with the current checks and rubric, with no lab and no network.") { input, output, rubric, overrides };
        command.SetAction(async (parse, ct) =>
        {
            var from = parse.GetValue(input)!;
            var files = EvidenceFiles(from);
            if (files.Count == 0)
            {
                await Console.Error.WriteLineAsync($"omistack: no {EvidenceDocument.FileName} at {from.FullName}");
                return 2;
            }

            var outRoot = Path.TrimEndingDirectorySeparator(parse.GetValue(output)!.FullName);
            if (files.Select(Path.GetDirectoryName).Any(dir => dir == outRoot || dir!.StartsWith(outRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                await Console.Error.WriteLineAsync($"omistack: --out {outRoot} holds the evidence read: give a folder of its own (the recorded results are never overwritten)");
                return 2;
            }

            GradingSetup setup;
            try
            {
                var options = CliSettings.Options(outRoot);
                setup = CliSettings.Setup(options with
                {
                    ResultsRoot = outRoot,
                    RubricFile = parse.GetValue(rubric)?.FullName ?? options.RubricFile,
                    OverridesFile = parse.GetValue(overrides)?.FullName ?? options.OverridesFile,
                });
            }
            catch (RunCannotStartException ex)
            {
                await Console.Error.WriteLineAsync($"omistack: {ex.Message}");
                return 2;
            }

            var failed = 0;
            foreach (var file in files)
            {
                try
                {
                    await using var run = StudentRuns.ForEvidence(file, setup);
                    // The verdicts kept at their stages (stages.json beside it) are judged again from their own runs' evidence.
                    await KeptRejudging.RederiveAsync(run, Path.GetDirectoryName(file)!, ct);
                    await run.RejudgeAsync(ct);
                    var report = run.LastReport!;
                    Console.WriteLine($"omistack: {run.Target.Student}: {Reports.Markdown.MarkdownReport.Points(report.Score)} / {Reports.Markdown.MarkdownReport.Points(report.MaxScore)} re-judged from {file}");
                }
                catch (Exception ex) when (ex is EvidenceFileException or IOException or UnauthorizedAccessException)
                {
                    failed++;
                    await Console.Error.WriteLineAsync($"omistack: {ex.Message}");
                }
            }

            if (files.Count - failed > 1)
            {
                var rows = GradebookWriter.Collect([outRoot]);
                GradebookWriter.Write(outRoot, rows);
                Console.WriteLine($"omistack: gradebook of {rows.Count} students in {outRoot}");
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The evidence files named: the file itself, or every evidence.json below a folder, in order.</summary>
    private static List<string> EvidenceFiles(FileSystemInfo from) => from switch
    {
        FileInfo { Exists: true } file => [file.FullName],
        DirectoryInfo { Exists: true } folder => [.. folder.EnumerateFiles(EvidenceDocument.FileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 }).Select(f => f.FullName).Order(StringComparer.Ordinal)],
        _ => [],
    };
}
