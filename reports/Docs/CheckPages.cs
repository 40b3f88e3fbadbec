using System.Text;
using System.Text.RegularExpressions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Lessons;

namespace OmiStack.Reports.Docs;

/// <summary>
/// The check pages of the docs (docs/checks/), made from the lessons' own check declarations and from what the project's
/// tests produce for each check (<see cref="FailureRecord"/>, recorded by the fault scenarios): a page per check, the
/// index, and the check tables other pages hold between <c>&lt;!-- generated: checks-table LESSON --&gt;</c> and
/// <c>&lt;!-- end generated --&gt;</c>. Nothing in them is written by hand, so nothing drifts from the code.
/// </summary>
public sealed partial class CheckPages(LessonCatalog catalog, CheckContextText text, FailureBook failures)
{
    /// <summary>The folder of the pages, relative to the repository.</summary>
    public const string Folder = "docs/checks";

    /// <summary>The failure book's file, relative to the repository.</summary>
    public const string FailuresFile = Folder + "/failures.json";

    /// <summary>
    /// The pages of <paramref name="catalog"/>'s checks, their texts filled for the lesson's own three VMs (dockernode1, 2
    /// and 3; a registry and a Rancher server by their placeholders), with the failures of the book at
    /// <see cref="FailuresFile"/> under <paramref name="root"/>.
    /// </summary>
    public static CheckPages For(LessonCatalog catalog, string root)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var lessonVms = new Harness.Targets.Target
        {
            Student = "docs",
            Ssh = Harness.Targets.SshTarget.None,
            Nodes = [Vm("dockernode1"), Vm("dockernode2"), Vm("dockernode3")],
        };
        return new CheckPages(catalog, catalog.TextFor(lessonVms), FailureBook.Read(Path.Combine(root, FailuresFile)));

        static Harness.Targets.NodeTarget Vm(string name) => new() { Name = name, Address = name };
    }

    /// <summary>Every page (path relative to the repository → its Markdown): one per check and the index.</summary>
    public IReadOnlyDictionary<string, string> Pages()
    {
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{Folder}/index.md"] = Index(),
        };
        foreach (var lesson in catalog.Lessons)
        {
            foreach (var check in lesson.Checks)
            {
                pages[$"{Folder}/{check.Id}.md"] = Page(lesson, check);
            }
        }

        return pages;
    }

    /// <summary>
    /// What the generated files under <paramref name="root"/> (a repository) must hold, path (relative, '/') → text: every
    /// page, and each Markdown file of README.md and docs/ that has a generated region, with its regions made anew.
    /// </summary>
    public IReadOnlyDictionary<string, string> Expected(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var expected = new SortedDictionary<string, string>(Pages().ToDictionary(), StringComparer.Ordinal);
        var docs = Path.Combine(root, "docs");
        var markdown = Directory.Exists(docs) ? Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories) : [];
        foreach (var file in markdown.Append(Path.Combine(root, "README.md")).Where(File.Exists))
        {
            var path = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (path.StartsWith(Folder + "/", StringComparison.Ordinal) || path.StartsWith("docs/_site/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (Region().IsMatch(text))
            {
                expected[path] = FillRegions(path, text);
            }
        }

        return expected;
    }

    /// <summary>The generated files under <paramref name="root"/> that are missing or differ from <paramref name="expected"/> (<see cref="Expected"/>).</summary>
    public static IReadOnlyList<string> Stale(string root, IReadOnlyDictionary<string, string> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return [.. expected.Where(e => !File.Exists(Path.Combine(root, e.Key)) || File.ReadAllText(Path.Combine(root, e.Key)) != e.Value).Select(e => e.Key)];
    }

    /// <summary>The pages in <see cref="Folder"/> under <paramref name="root"/> that <paramref name="expected"/> does not hold: of no check (path relative, '/').</summary>
    public static IReadOnlyList<string> LeftOver(string root, IReadOnlyDictionary<string, string> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var pages = Path.Combine(root, Folder);
        return Directory.Exists(pages)
            ? [.. Directory.EnumerateFiles(pages, "*.md").Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Where(p => !expected.ContainsKey(p))]
            : [];
    }

    /// <summary>
    /// <paramref name="markdown"/> (a doc at <paramref name="path"/>, relative to the repository) with every generated
    /// region made anew; the text outside them untouched. A region naming no known lesson is an error naming both.
    /// </summary>
    public string FillRegions(string path, string markdown)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(markdown);
        var toPages = Path.GetRelativePath(Path.GetDirectoryName(path) is { Length: > 0 } directory ? directory : ".", Folder).Replace('\\', '/');
        return Region().Replace(markdown, match =>
        {
            var lesson = catalog.Lessons.FirstOrDefault(l => l.Id == match.Groups["lesson"].Value)
                ?? throw new InvalidOperationException($"{path}: a generated region names lesson '{match.Groups["lesson"].Value}', which the course does not have ({string.Join(", ", catalog.Lessons.Select(l => l.Id))}).");
            return $"{match.Groups["open"].Value}\n{Table(lesson, toPages)}{match.Groups["close"].Value}";
        });
    }

    private string Index()
    {
        var page = new StringBuilder();
        page.AppendLine("# The checks");
        page.AppendLine();
        page.AppendLine("Every check OmiStack grades, by lesson: what passes, its stage and its default points (a course's rubric may");
        page.AppendLine("give others). Each check's page says why the lesson asks for it, what to do when it fails, and every failure");
        page.AppendLine("the project's own tests produce for it, with the exact message a student sees.");
        page.AppendLine();
        page.AppendLine(Generated);
        foreach (var lesson in catalog.Lessons)
        {
            page.AppendLine();
            page.AppendLine(Invariant, $"## {lesson.Title}");
            page.AppendLine();
            var graded = lesson.Checks.Where(c => c.OptIn is null).ToList();
            page.AppendLine(Invariant, $"{graded.Count} checks, {graded.Sum(c => c.Definition.Points)} points; stages in order: {string.Join(", ", lesson.Stages)}.");
            page.AppendLine();
            page.Append(Table(lesson, "."));
        }

        return page.ToString();
    }

    private string Table(ILesson lesson, string toPages)
    {
        var table = new StringBuilder();
        table.AppendLine("| check | stage | points | passes when |");
        table.AppendLine("|---|---|---|---|");
        foreach (var check in lesson.Checks)
        {
            var optIn = check.OptIn is { } switched ? $" (opt-in: {switched.Setting})" : "";
            table.AppendLine(Invariant, $"| [{check.Id}]({toPages}/{check.Id}.md) | {check.Definition.Stage} | {check.Definition.Points}{optIn} | {Cell(text.Fill(check.Definition.Expectation))} |");
        }

        return table.ToString();
    }

    private string Page(ILesson lesson, Check check)
    {
        var definition = check.Definition;
        var page = new StringBuilder();
        page.AppendLine(Invariant, $"# {check.Id}");
        page.AppendLine();
        page.AppendLine(Generated);
        page.AppendLine();
        page.AppendLine(Invariant, $"{lesson.Title}, stage **{definition.Stage}**, {definition.Points} points{(check.OptIn is { } optIn ? $" (an opt-in probe: on with {optIn.Setting})" : "")}.");
        page.AppendLine();
        page.AppendLine("## Passes when");
        page.AppendLine();
        page.AppendLine(Prose(Capitalised(text.Fill(definition.Expectation))) + ".");
        page.AppendLine();
        page.AppendLine("## Why");
        page.AppendLine();
        page.AppendLine(Prose(Capitalised(text.Fill(definition.Why))) + ".");
        page.AppendLine();
        page.AppendLine("## What to do (the lesson's commands)");
        page.AppendLine();
        page.AppendLine(Prose(Capitalised(text.Fill(definition.Hint))) + ".");
        if (check.ChangesTheLab || check.DisturbsTheLab)
        {
            page.AppendLine();
            page.AppendLine(check.DisturbsTheLab
                ? "This check disturbs the lab on purpose (it is judged last, after the checks that read what it disturbs), and is recorded in the evidence."
                : "This check changes the lab (it is judged only when asked for), and is recorded in the evidence.");
        }

        page.AppendLine();
        page.AppendLine("## Failures the tests produce");
        page.AppendLine();
        var seen = failures.Of(check.Id);
        if (seen.Count == 0)
        {
            page.AppendLine("None recorded yet: no fault scenario of the project's tests names this check.");
            return page.ToString();
        }

        page.AppendLine("Each is a scenario of the project's tests (a fault injected into a real lab, a recorded API answer, or a rule");
        page.AppendLine("judged on a hand-made state), with the verdict and the message a student sees, word for word as that run gave it");
        page.AppendLine("(names, times and ports are the test lab's). The message ends with what to do.");
        foreach (var failure in seen)
        {
            page.AppendLine();
            page.AppendLine(Invariant, $"### {Prose(Capitalised(failure.Scenario))}");
            page.AppendLine();
            page.AppendLine(Invariant, $"Verdict: **{failure.Verdict}**. The message:");
            page.AppendLine();
            page.AppendLine("```text");
            page.AppendLine(failure.Message);
            page.AppendLine("```");
            if (!failure.Message.Contains(failure.Hint, StringComparison.Ordinal))
            {
                page.AppendLine();
                page.AppendLine(Invariant, $"What to do: {Prose(failure.Hint)}");
            }
            page.AppendLine();
            page.AppendLine(Invariant, $"From `{failure.Test}` ({failure.Suite} tests).");
        }

        return page.ToString();
    }

    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>What every generated page holds: `omistack docs` removes only pages with it.</summary>
    public const string GeneratedMarker = "<!-- Generated by `omistack docs`";

    private const string Generated = GeneratedMarker + " from the lessons and docs/checks/failures.json: do not edit by hand. -->";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Cell(string text) => Prose(text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>Text as Markdown prose: a placeholder such as &lt;manager IP&gt; is not an HTML tag, a '*' not emphasis.</summary>
    private static string Prose(string text) => text.Replace("<", "\\<", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<open><!-- generated: checks-table (?<lesson>[\w-]+) -->)\n(?:(?!<!-- (?:generated|end generated)).*\n)*?(?<close><!-- end generated -->)")]
    private static partial Regex Region();
}
