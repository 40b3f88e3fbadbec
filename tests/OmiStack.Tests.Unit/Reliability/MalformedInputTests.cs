using System.Diagnostics;
using System.Text;
using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Reliability;

/// <summary>Malformed target and rubric files: one clear error, never a crash or a hang.</summary>
public sealed class MalformedInputTests
{
    private static readonly string[] Checks = [.. Lesson1Checks.All.Select(c => c.Id)];
    private static readonly string[] Lessons = ["lesson1"];

    [Test]
    public void A_yaml_bomb_of_nested_anchors_is_refused_quickly_without_expanding_it()
    {
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 0; i < 9; i++)
        {
            bomb.Append(CultureInfoInvariant($"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)}]\n"));
        }

        var clock = Stopwatch.StartNew();
        var target = () => TargetLoader.Parse(bomb.ToString(), "bomb.yaml");
        var rubric = () => Rubric.Parse(bomb.ToString(), "bomb.yaml", Checks, Lessons);

        target.Should().Throw<TargetFileException>().WithMessage("bomb.yaml line *: unknown key 'a'*");
        rubric.Should().Throw<RubricException>().WithMessage("bomb.yaml line *: unknown key 'a'*");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [TestCase("student: 12\nssh: [a, b]\nnodes: []\n", "omistack.yaml line 2: ssh must be a mapping (key: value lines).")]
    [TestCase("student: s1\nssh: { user: u, identityFile: k }\nnodes: []\n", "omistack.yaml line 3: nodes is empty; list the lesson's VMs, manager first.")]
    [TestCase("student: s1\nssh: { user: u, identityFile: k, hostKeys: trust-me }\nnodes: [{ name: n, address: a }]\n", "omistack.yaml line 2: ssh.hostKeys must be strict, accept-new or insecure, but is 'trust-me'.")]
    [TestCase("student: s1\nssh: { user: u, identityFile: k, passphrase: '${S1_UNSET_VARIABLE}' }\nnodes: [{ name: n, address: a }]\n", "omistack.yaml line 2: ssh.passphrase names the environment variable S1_UNSET_VARIABLE, which is not set.")]
    [TestCase("student: s1\nssh: { user: u, identityFile: k }\nnodes: [{ name: n, address: a }, { name: n, address: b }]\n", "omistack.yaml: node name 'n' appears twice in nodes.")]
    [TestCase("- just\n- a list\n", "omistack.yaml: expected a mapping with the keys student, ssh, nodes (see docs/students/target-file.md).")]
    public void Wrong_types_and_values_get_one_error_naming_key_and_line(string yaml, string message)
    {
        var act = () => TargetLoader.Parse(yaml, "omistack.yaml");

        act.Should().Throw<TargetFileException>().WithMessage(message);
    }

    [Test]
    public void A_secret_from_the_environment_is_expanded_and_never_printed()
    {
        var variables = new Dictionary<string, string> { ["S1_PASSPHRASE"] = "s3cr3t-passphrase" };

        var target = TargetLoader.Parse("student: s1\nssh: { user: u, identityFile: k, passphrase: '${S1_PASSPHRASE}' }\nnodes: [{ name: n, address: a }]\n", "target", null, variables.GetValueOrDefault);

        target.Ssh.Passphrase.Should().Be("s3cr3t-passphrase");
        target.ToString().Should().NotContain("s3cr3t");
        TargetFile.ToYaml(target with { Ssh = target.Ssh with { Passphrase = null } }).Should().NotContain("s3cr3t");
    }

    [Test]
    public void A_huge_file_is_refused_before_parsing()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "student: s1\n" + new string('#', 2 * 1024 * 1024));

        var target = () => TargetLoader.Load(path);
        var rubric = () => Rubric.Load(path, Checks, Lessons);

        target.Should().Throw<TargetFileException>().WithMessage("*is larger than 1024 KiB: not a target file.");
        rubric.Should().Throw<RubricException>().WithMessage("*is larger than 256 KiB: not a rubric.");
        File.Delete(path);
    }

    [Test]
    public void Generated_garbage_never_crashes_the_loaders()
    {
        // Fuzz-style: seeded, so a failure reproduces. Random bytes, random YAML-ish lines, and
        // mutations of a valid file; the only acceptable outcomes are a target or one clear error.
        var random = new Random(20261125);
        const string valid = "student: s1\nssh:\n  user: ubuntu\n  identityFile: k\nnodes:\n  - name: dockernode1\n    address: 10.0.0.1\n    ports: { 22: 2222 }\nregistry: { host: r, node: dockernode1 }\n";
        string[] tokens = ["student", "ssh", "nodes", "registry", ":", " ", "\n", "- ", "{", "}", "[", "]", "&a", "*a", "!!binary", "'", "\"", "22", "-1", "99999", "name", "address", "ports", "#", "\t", "~", "null", "%YAML 1.2", "---", "...", "? ", "|", ">"];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            var text = (i % 3) switch
            {
                0 => new string([.. Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(0, 0x3000))]),
                1 => string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => tokens[random.Next(tokens.Length)])),
                _ => Mutate(valid, random),
            };

            try
            {
                TargetLoader.Parse(text, "fuzz.yaml");
            }
            catch (TargetFileException)
            {
                // One clear error: what a bad file gets.
            }

            try
            {
                Rubric.Parse(text, "fuzz.yaml", Checks, Lessons);
            }
            catch (RubricException)
            {
                // Likewise.
            }
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToCharArray();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            chars[random.Next(chars.Length)] = (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }

    private static string CultureInfoInvariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
