using FluentAssertions;
using OmiStack.Engine;
using OmiStack.Reports.Gradebook;
using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>One results folder per student id, and the gradebook names students by their id, not their folder.</summary>
public sealed class ResultsFolderTests
{
    [Test]
    public void Distinct_ids_never_share_a_folder_and_every_name_is_short_and_plain()
    {
        string[] ids = ["bob", "bob.", "José", "Jos_", "李", "", ".", "..", "=1+2", "_1_2", "a/b", new string('x', 300), new string('x', 301)];

        var names = ids.Select(ResultsFolders.SafeName).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().OnlyContain(n => System.Text.RegularExpressions.Regex.IsMatch(n, @"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"));
        ResultsFolders.SafeName("s123456").Should().Be("s123456", "a plain id is its own folder");
    }

    [Test]
    public void The_gradebook_names_a_student_by_the_id_in_results_json()
    {
        var root = Directory.CreateTempSubdirectory("omistack-gradebook-id-").FullName;
        try
        {
            var folder = Path.Combine(root, ResultsFolders.SafeName("=1+2"));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "results.json"), (GradescopeResults.Empty with { ExtraData = new GradescopeRunExtra("=1+2") }).ToJson());

            GradebookWriter.Collect([root]).Select(r => r.Student).Should().Equal("=1+2");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
