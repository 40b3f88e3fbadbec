using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>A student's own target names only files beside it: no one's answers are graded as another's.</summary>
public sealed class OwnFilesTests
{
    private string _root = null!;

    [SetUp]
    public void MakeFolders()
    {
        _root = Directory.CreateTempSubdirectory("omistack-own-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "alice", "sub"));
        Directory.CreateDirectory(Path.Combine(_root, "bob"));
        File.WriteAllText(Path.Combine(_root, "bob", "answers.yaml"), "answers: {}\n");
        File.WriteAllText(Path.Combine(_root, "alice", "answers.yaml"), "answers: {}\n");
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    private Target Alice(bool fromStudent = true) =>
        new() { Student = "alice", Ssh = SshTarget.None, Nodes = [], Folder = Path.Combine(_root, "alice"), FromStudent = fromStudent };

    [Test]
    public void A_file_beside_the_target_or_below_it_may_be_used()
    {
        Alice().OutsideOwnFolder(Path.Combine(_root, "alice", "answers.yaml"), "answers.file").Should().BeNull();
        Alice().OutsideOwnFolder(Path.Combine(_root, "alice", "sub", "answers.yaml"), "answers.file").Should().BeNull();
    }

    [TestCase("../bob/answers.yaml")]
    [TestCase("sub/../../bob/answers.yaml")]
    public void A_path_that_climbs_into_another_students_folder_is_refused(string relative)
    {
        var problem = Alice().OutsideOwnFolder(Path.Combine(_root, "alice", relative), "answers.file");

        problem.Should().StartWith("answers.file").And.Contain("outside the folder of the target file");
    }

    [Test]
    public void An_absolute_path_elsewhere_is_refused()
    {
        Alice().OutsideOwnFolder(Path.Combine(_root, "bob", "answers.yaml"), "answers.file").Should().Contain("outside the folder");
    }

    [Test]
    public void A_link_beside_the_target_that_points_into_another_students_folder_is_refused()
    {
        var link = Path.Combine(_root, "alice", "mine.yaml");
        File.CreateSymbolicLink(link, Path.Combine(_root, "bob", "answers.yaml"));

        Alice().OutsideOwnFolder(link, "answers.file").Should().Contain("outside the folder");
    }

    [Test]
    public void A_folder_named_like_the_targets_folder_with_more_letters_is_not_inside_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, "alice2"));

        Alice().OutsideOwnFolder(Path.Combine(_root, "alice2", "answers.yaml"), "answers.file").Should().Contain("outside the folder");
    }

    [Test]
    public void The_instructors_own_roster_entries_may_name_any_file()
    {
        Alice(fromStudent: false).OutsideOwnFolder(Path.Combine(_root, "bob", "answers.yaml"), "answers.file").Should().BeNull();
    }
}
