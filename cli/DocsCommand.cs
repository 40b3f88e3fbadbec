using System.CommandLine;
using OmiStack.Lessons;
using OmiStack.Reports.Docs;

namespace OmiStack.Cli;

/// <summary>
/// omistack docs: the generated parts of the docs made anew from the lessons (a page per check, the index, the check
/// tables of other pages), with the failures a test run recorded folded into docs/checks/failures.json; --check writes
/// nothing and says which file is stale.
/// </summary>
internal static class DocsCommand
{
    public static Command Build()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "the repository (default: the current folder)", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var ledger = new Option<DirectoryInfo?>("--ledger") { Description = "a folder of failure ledger lines a test run wrote (OMISTACK_FAILURE_LEDGER), folded into docs/checks/failures.json first" };
        var check = new Option<bool>("--check") { Description = "write nothing; exit 1 naming each generated file that is stale" };
        var command = new Command("docs", "Make the generated docs anew: a page per check (docs/checks/), the checks index and every check table.") { root, ledger, check };
        command.SetAction(parse =>
        {
            var repository = parse.GetValue(root)!.FullName;
            if (!File.Exists(Path.Combine(repository, "docs", "docfx.json")) || !Directory.Exists(Path.Combine(repository, "lessons")))
            {
                Console.Error.WriteLine($"omistack: {repository} is not an OmiStack checkout (no docs/docfx.json and lessons/): give the repository with --root");
                return 1;
            }

            try
            {
                return Run(repository, parse.GetValue(ledger), parse.GetValue(check));
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"omistack: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static int Run(string repository, DirectoryInfo? ledger, bool check)
    {
        if (ledger is not null && check)
        {
            Console.Error.WriteLine("omistack: --check writes nothing, so it takes no --ledger");
            return 1;
        }

        if (ledger is not null)
        {
            if (!ledger.Exists)
            {
                Console.Error.WriteLine($"omistack: no such ledger folder: {ledger.FullName}");
                return 1;
            }

            var book = FailureBook.Read(Path.Combine(repository, CheckPages.FailuresFile)).With(ledger.FullName);
            Directory.CreateDirectory(Path.Combine(repository, CheckPages.Folder));
            File.WriteAllText(Path.Combine(repository, CheckPages.FailuresFile), book.ToJson());
            Console.WriteLine($"omistack: {CheckPages.FailuresFile}: failures of {book.Checks.Count()} checks");
        }

        var expected = CheckPages.For(Course.Lessons, repository).Expected(repository);
        var stale = CheckPages.Stale(repository, expected);
        var pages = Path.Combine(repository, CheckPages.Folder);
        var leftOver = CheckPages.LeftOver(repository, expected)
            .Where(p => File.ReadAllText(Path.Combine(repository, p)).Contains(CheckPages.GeneratedMarker, StringComparison.Ordinal)).ToList();
        if (check)
        {
            foreach (var path in stale)
            {
                Console.Error.WriteLine($"omistack: {path} is stale: run `omistack docs` (dotnet run --project cli -- docs)");
            }

            foreach (var path in leftOver)
            {
                Console.Error.WriteLine($"omistack: {path} is the page of no check: run `omistack docs`");
            }

            if (stale.Count + leftOver.Count > 0)
            {
                return 1;
            }

            Console.WriteLine($"omistack: the generated docs are current ({expected.Count} files)");
            return 0;
        }

        Directory.CreateDirectory(pages);
        foreach (var path in stale)
        {
            File.WriteAllText(Path.Combine(repository, path), expected[path]);
        }

        foreach (var path in leftOver)
        {
            File.Delete(Path.Combine(repository, path));
        }

        Console.WriteLine($"omistack: generated docs: {stale.Count} of {expected.Count} files written, {leftOver.Count} removed");
        return 0;
    }
}
