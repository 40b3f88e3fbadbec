using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>A student's identity is what the instructor's roster says, checked unique; a student's own file cannot claim another.</summary>
public sealed class RosterIdentityTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("omistack-roster-id-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void In_a_folder_roster_a_file_claiming_another_student_keeps_its_own_row_unusable_and_the_other_is_still_graded()
    {
        Write("alice.yaml", "bob");
        Write("bob.yaml", "bob");

        var entries = Roster.Load(_folder);

        entries.Select(e => e.Student).Should().Equal("alice", "bob");
        entries[0].Target.Should().BeNull("Alice's VMs are never graded as Bob's");
        entries[0].Error.Should().Be("alice.yaml says student 'bob', but the roster names this file's student 'alice'; the roster decides who is graded: correct the file.");
        entries[1].Target!.Student.Should().Be("bob");
    }

    [Test]
    public void A_roster_files_target_entry_is_the_rosters_student_not_the_files_claim()
    {
        Write("t1.yaml", "s2");
        var roster = Path.Combine(_folder, "roster.yaml");
        File.WriteAllText(roster, "students:\n  - { student: s1, target: t1.yaml }\n  - { target: t1.yaml }\n");

        var entries = Roster.Load(roster);

        entries.Select(e => e.Student).Should().Equal("s1", "t1");
        entries.Should().OnlyContain(e => e.Target == null && e.Error!.Contains("says student 's2'", StringComparison.Ordinal));
    }

    [Test]
    public void A_folder_roster_naming_one_student_twice_is_refused()
    {
        Write("carol.yaml", "carol");
        Write("carol.yml", "carol");

        var act = () => Roster.Load(_folder);

        act.Should().Throw<TargetFileException>().WithMessage("*student 'carol' is listed 2 times.");
    }

    [Test]
    public void A_target_entry_named_omistack_yaml_is_the_student_its_folder_names_and_is_the_students_own()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "s3"));
        Write(Path.Combine("s3", "omistack.yaml"), "s3");
        var roster = Path.Combine(_folder, "roster.yaml");
        File.WriteAllText(roster, "students:\n  - { target: s3/omistack.yaml }\n  - { student: s4, nodes: [{ name: dockernode1, address: 10.0.0.4 }], ssh: { user: u, identityFile: k } }\n");

        var entries = Roster.Load(roster);

        entries.Select(e => (e.Student, e.Error)).Should().Equal(("s3", null), ("s4", null));
        entries[0].Target!.FromStudent.Should().BeTrue("the student wrote it: its files must lie beside it");
        entries[1].Target!.FromStudent.Should().BeFalse("the instructor wrote the roster's own entries");
    }

    private void Write(string file, string student) =>
        File.WriteAllText(Path.Combine(_folder, file), $"student: {student}\nssh: {{ user: u, identityFile: k }}\nnodes: [{{ name: dockernode1, address: 10.0.0.1 }}]\n");
}
