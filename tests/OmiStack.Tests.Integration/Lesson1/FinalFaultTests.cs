using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// Faults of the final stage, each injected into one fully solved lab, graded, then undone
/// (the next test starts from the reference state again).
/// </summary>
[Lab]
public sealed partial class FinalFaultTests : LaneFixture
{
    private static readonly string Registry = Lesson1Reference.Registry;
    private SolvedLab _solved = null!;
    private NodeLab _lab = null!;
    private Lesson1Reference _reference = null!;

    [OneTimeSetUp]
    public async Task SolveLab()
    {
        _solved = await SolvedLab.StartAsync();
        (_lab, _reference) = (_solved.Lab, _solved.Reference);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        await _solved.DisposeAsync();
    }

    [Test]
    public async Task A_registry_over_plain_http_fails_tls_and_the_pull()
    {
        await Manager("docker stop registry && docker rename registry registry-tls");
        await Manager(Lesson1Reference.RegistryRunCommand(tls: false).Replace(" registry:2", " --volumes-from registry-tls registry:2", StringComparison.Ordinal));
        await WaitRegistryServesAsync($"curl -sf http://{Registry}/v2/");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.tls", Verdict.Fail, "the registry serves plain HTTP on port 5000"),
                ("registry.pull", Verdict.Fail, "server gave HTTP response to HTTPS client"));
        }
        finally
        {
            await Manager("docker rm -f registry && docker rename registry-tls registry && docker start registry");
            await _reference.WaitRegistryAsync();
        }
    }

    [Test]
    public async Task A_registry_that_is_down_fails_every_registry_check_naming_it()
    {
        await Manager("docker stop registry");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.running", Verdict.Fail, "no running registry container on dockernode1"),
                ("registry.tls", Verdict.Fail, "nothing answers on port 5000"),
                ("registry.images", Verdict.Fail, "no registry answers"),
                ("registry.pull", Verdict.Fail, "failed"));
        }
        finally
        {
            await Manager("docker start registry");
            await _reference.WaitRegistryAsync();
        }
    }

    [Test]
    public async Task A_certificate_for_another_name_fails_tls_naming_both_names()
    {
        await SwapCertificateAsync(_reference.Authority.Issue("other.omistack.test"));
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.tls", Verdict.Fail, "the certificate is for other.omistack.test, not for dockernode1.omistack.test"),
                ("registry.pull", Verdict.Fail, "x509"));
        }
        finally
        {
            await RestoreCertificateAsync();
        }
    }

    [Test]
    public async Task An_expired_certificate_fails_tls_saying_when_it_expired()
    {
        await SwapCertificateAsync(_reference.Authority.IssueExpired(Lesson1Reference.RegistryHost));
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.tls", Verdict.Fail, "the certificate expired on"),
                ("registry.pull", Verdict.Fail, "x509"));
        }
        finally
        {
            await RestoreCertificateAsync();
        }
    }

    [Test]
    public async Task An_untrusted_self_signed_certificate_fails_tls_as_not_trusted()
    {
        await SwapCertificateAsync(_reference.Authority.SelfSigned(Lesson1Reference.RegistryHost));
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.tls", Verdict.Fail, "is not trusted"),
                ("registry.pull", Verdict.Fail, "x509"));
        }
        finally
        {
            await RestoreCertificateAsync();
        }
    }

    [Test]
    public async Task An_image_missing_from_the_registry_fails_the_catalog_and_the_pull()
    {
        // The registry's storage is its volume on dockernode1 (the offline registry image has no shell).
        await Manager("sudo rm -rf \"$(docker inspect -f '{{range .Mounts}}{{if eq .Destination \"/var/lib/registry\"}}{{.Source}}{{end}}{{end}}' registry)/docker/registry/v2/repositories/database\"");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("registry.images", Verdict.Fail, "database missing (catalog: mediawiki)"),
                ("registry.pull", Verdict.Fail, "failed"));
        }
        finally
        {
            await Manager($"docker push {Registry}/database");
        }
    }

    [Test]
    public async Task Web_at_one_of_two_replicas_fails_the_stack_services()
    {
        await Manager("docker service scale --detach mediawiki_web=1");
        await _reference.WaitReplicasAsync("mediawiki_web", "1/1");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("stack.services", Verdict.Fail, "mediawiki_web at 1/1, expected 2/2"));
        }
        finally
        {
            await Manager("docker service scale --detach mediawiki_web=2");
            await _reference.WaitReplicasAsync("mediawiki_web", "2/2");
        }
    }

    [Test]
    public async Task A_missing_database_service_fails_the_stack_services_and_images()
    {
        await Manager("docker service rm mediawiki_database");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("stack.services", Verdict.Fail, "mediawiki_database is missing"),
                ("stack.images", Verdict.Fail, "mediawiki_database: no such service"));
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
        }
    }

    [Test]
    public async Task Images_not_from_the_registry_fail_only_the_stack_images()
    {
        // Without --detach, docker service update returns once the rolling update has converged.
        await Manager("docker service update --quiet --image mediawiki:latest mediawiki_web && docker service update --quiet --image database:latest mediawiki_database");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("stack.images", Verdict.Fail, "mediawiki_web: mediawiki:latest, mediawiki_database: database:latest"));
        }
        finally
        {
            await _reference.DeployStackAsync(Lesson1Reference.ComposeFile(Registry));
        }
    }

    [Test]
    public async Task A_ghost_blog_left_running_fails_only_the_clean_up()
    {
        await Manager("docker service create --detach --name ghost-blog --publish 8081:2368 ghost");
        try
        {
            (await Lesson1Grading.GradeAsync(_lab, "final")).ShouldBeExactly(
                ("cleanup.ghost", Verdict.Fail, "ghost-blog is still there"));
        }
        finally
        {
            await Manager("docker service rm ghost-blog");
        }
    }

    private Task<string> Manager(string command) => _lab.RunCheckedAsync("dockernode1", command, TimeSpan.FromSeconds(120));

    private async Task SwapCertificateAsync(Fixtures.Certificates.IssuedCertificate certificate)
    {
        await _reference.InstallCertificateAsync(certificate);
        await Manager("docker restart registry");

        // The fault's steady state: the registry serves again, with whatever certificate it now has.
        await WaitRegistryServesAsync($"curl -skf https://{Registry}/v2/");
    }

    private Task<Harness.Ssh.CommandResult> WaitRegistryServesAsync(string probe) =>
        Harness.Waiting.Poll.UntilAsync(
            $"the registry to serve ({probe})",
            TimeSpan.FromSeconds(30),
            ct => _lab.RunAsync("dockernode1", probe, cancellationToken: ct),
            r => r.Succeeded,
            r => r.Describe(),
            interval: TimeSpan.FromMilliseconds(300));

    private async Task RestoreCertificateAsync()
    {
        await SwapCertificateAsync(_reference.Authority.Issue(Lesson1Reference.RegistryHost));
        await _reference.WaitRegistryAsync();
    }
}
