using FluentAssertions;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Gathering;

/// <summary>
/// The known_hosts file the grader appends to comes from whoever runs it: a student's own run may
/// name its own, a roster's target (a student's file) may not make the grader write anywhere.
/// </summary>
public sealed class KnownHostsTrustTests
{
    private static readonly SshTarget StudentsOwn = new() { User = "ubuntu", IdentityFile = "key", KnownHosts = "/home/grader/.bashrc", HostKeys = "accept-new" };

    [Test]
    public void A_students_own_run_records_new_keys_in_the_file_its_target_names()
    {
        var options = SshOptions.ForTarget(StudentsOwn with { KnownHosts = Path.Combine(Path.GetTempPath(), "omistack-kh", "known_hosts") }, new SshOptions());

        options.HostKeyPolicy.Should().Be(HostKeyPolicy.AcceptNew);
        options.RecordNewKeys.Should().BeTrue();
    }

    [Test]
    public void In_a_roster_a_known_hosts_file_named_by_the_target_is_read_never_written()
    {
        var options = SshOptions.ForTarget(StudentsOwn, new SshOptions(), studentTarget: true);

        options.KnownHostsFile.Should().Be("/home/grader/.bashrc", "the keys on file are still checked");
        options.RecordNewKeys.Should().BeFalse();
    }

    [Test]
    public void The_instructors_known_hosts_replaces_the_targets_and_records_new_keys()
    {
        var instructors = Path.Combine(Path.GetTempPath(), "omistack-kh-course", "known_hosts");

        var options = SshOptions.ForTarget(StudentsOwn, new SshOptions(), instructorKnownHosts: instructors, studentTarget: true);

        options.KnownHostsFile.Should().Be(instructors);
        options.RecordNewKeys.Should().BeTrue();
    }

    [Test]
    public void In_a_roster_a_target_without_known_hosts_records_in_the_graders_own_file()
    {
        var options = SshOptions.ForTarget(StudentsOwn with { KnownHosts = null }, new SshOptions { KnownHostsFile = "/grader/known_hosts" }, studentTarget: true);

        options.KnownHostsFile.Should().Be("/grader/known_hosts");
        options.RecordNewKeys.Should().BeTrue("the grader's own file, not one a student named");
    }
}
