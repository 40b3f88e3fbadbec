using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>A target is a student's data: ${VAR} reads only the variables meant for it, never the grader's environment at large.</summary>
[NonParallelizable]
public sealed class TargetVariablesTests
{
    private const string Yaml = "student: s123456\nssh: { user: u, identityFile: k, passphrase: '${VARIABLE}' }\nnodes: [{ name: n, address: a }]\n";

    [TestCase("HOME")]
    [TestCase("GITHUB_TOKEN")]
    [TestCase("S234567_RANCHER_SECRET")]
    [TestCase("OMISTACK_SSH_PASSPHRASE")]
    [TestCase("S123456_")]
    public void A_variable_not_meant_for_the_student_is_refused_naming_it_and_the_rule(string variable)
    {
        var variables = new Dictionary<string, string> { ["S234567_RANCHER_SECRET"] = "bobs-secret", ["HOME"] = "/home/instructor", [variable] = "set" };

        var act = () => TargetLoader.Parse(Yaml.Replace("VARIABLE", variable, StringComparison.Ordinal), "omistack.yaml", null, variables.GetValueOrDefault);

        act.Should().Throw<TargetFileException>().Which.Message.Should()
            .Be($"omistack.yaml line 2: ssh.passphrase names the environment variable {variable}, which a target may not read (allowed are RANCHER_SECRET_KEY, SSH_KEY_PASSPHRASE, S123456_* and those listed in OMISTACK_TARGET_VARIABLES).")
            .And.NotContain("bobs-secret").And.NotContain("/home/instructor");
    }

    [TestCase("SSH_KEY_PASSPHRASE", null)]
    [TestCase("S123456_KEY_PASSPHRASE", null)]
    [TestCase("COURSE_PASSPHRASE", "COURSE_PASSPHRASE, OTHER")]
    public void The_documented_names_the_students_own_prefix_and_the_instructors_list_are_read(string variable, string? listed)
    {
        var variables = new Dictionary<string, string> { [variable] = "p4ss" };
        if (listed is not null)
        {
            variables[TargetVariables.Setting] = listed;
        }

        TargetLoader.Parse(Yaml.Replace("VARIABLE", variable, StringComparison.Ordinal), "omistack.yaml", null, variables.GetValueOrDefault).Ssh.Passphrase.Should().Be("p4ss");
    }

    [TestCase("s123456", "S123456_")]
    [TestCase("jose.garcia-2", "JOSE_GARCIA_2_")]
    [TestCase("..", null)]
    public void The_prefix_is_the_id_in_capitals(string student, string? prefix) =>
        TargetVariables.PrefixOf(student).Should().Be(prefix);
}

/// <summary>Secrets a target carries are never written back nor echoed.</summary>
public sealed class TargetSecretsTests
{
    [TestCase("http://admin:s3cr3t@134.60.64.20:8080", "rancher.url carries a user or password before '@'")]
    [TestCase("admin:s3cr3t@134.60.64.20:8080", "rancher.url must be an http(s) URL like http://134.60.64.20:8080, but is '***@134.60.64.20:8080'")]
    public void A_rancher_url_with_credentials_is_refused_without_echoing_them(string url, string message)
    {
        var yaml = $"student: s1\nrancher: {{ url: '{url}', accessKey: AK, secretKey: plain, hosts: [{{ name: rancher-master, address: 10.0.0.1 }}] }}\n";

        var act = () => TargetLoader.Parse(yaml, "omistack.yaml");

        act.Should().Throw<TargetFileException>().Which.Message.Should().Contain(message).And.NotContain("s3cr3t");
    }

    [Test]
    public void A_targets_expanded_passphrase_is_never_written_back()
    {
        var target = new Target { Student = "s1", Ssh = new SshTarget { User = "u", IdentityFile = "k", Passphrase = "p4ss-expanded" }, Nodes = [new NodeTarget { Name = "n", Address = "a" }] };

        TargetFile.ToYaml(target).Should().NotContain("p4ss-expanded").And.Contain("identityFile: k");
    }
}
