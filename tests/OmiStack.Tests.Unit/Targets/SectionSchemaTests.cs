using FluentAssertions;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;
using OmiStack.Lessons;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>A lesson's declared section: the loader checks it, reads its secrets and hosts, and evidence keeps its hosts but no secret.</summary>
public sealed class SectionSchemaTests
{
    private static readonly SectionSchema Status = new("status") { Fields = ["path"], Secrets = ["token"], HostLists = ["hosts"], Variables = ["STATUS_TOKEN"] };

    private static readonly TargetShape Shape = new(["status"], [Status]);

    private static readonly Dictionary<string, string> Environment = new() { ["STATUS_TOKEN"] = "tok-3f9a1c", ["HOME"] = "/root" };

    [Test]
    public void Its_secret_is_read_from_a_declared_variable_and_its_hosts_as_nodes_are()
    {
        var section = Parse("token: ${STATUS_TOKEN}\n  path: /status\n  hosts:\n    - { name: statushost, address: 10.0.0.7, ports: { 22: 2222 } }").Sections["status"];

        section.Secret("token").Should().Be("tok-3f9a1c");
        section.Text("path").Should().Be("/status");
        section.Hosts("hosts").Should().ContainSingle().Which.Should().BeEquivalentTo(new NodeTarget { Name = "statushost", Address = "10.0.0.7", Ports = new Dictionary<int, int> { [22] = 2222 } });
    }

    [Test]
    public void A_key_it_does_not_declare_is_refused_naming_the_line()
    {
        var load = () => Parse("token: abcd1234\n  tokn: abcd1234");

        load.Should().Throw<TargetFileException>().WithMessage("omistack.yaml line 4: unknown key 'status.tokn' (known: status.path, status.token, status.hosts).");
    }

    [Test]
    public void A_variable_neither_declared_nor_allowed_is_refused_and_its_value_never_read()
    {
        var load = () => Parse("token: ${HOME}");

        load.Should().Throw<TargetFileException>()
            .WithMessage("omistack.yaml line 3: status.token names the environment variable HOME, which a target may not read (allowed are RANCHER_SECRET_KEY, SSH_KEY_PASSPHRASE, STATUS_TOKEN, S3_* and those listed in OMISTACK_TARGET_VARIABLES).");
    }

    [Test]
    public void The_catalog_scrubs_every_declared_secret_and_variable()
    {
        var catalog = Course.Lessons.With(new DeclaringLesson());
        var target = TargetLoader.Parse("student: s3\nstatus:\n  token: literal-token-5e1\n", "omistack.yaml", catalog.TargetKeys, Environment.GetValueOrDefault);

        catalog.SecretsOf(target, Environment.GetValueOrDefault).Should().BeEquivalentTo(["literal-token-5e1", "tok-3f9a1c"]);
    }

    [Test]
    public void Evidence_keeps_the_sections_hosts_and_that_a_secret_was_given_never_its_value()
    {
        var target = Parse("token: literal-token-5e1\n  hosts:\n    - { name: statushost, address: 10.0.0.7 }");

        var json = EvidenceTarget.Of(target).ToJson();
        var again = EvidenceTarget.FromJson(json, "evidence.json").ToTarget("evidence.json").Sections["status"];

        json.GetRawText().Should().NotContain("literal-token-5e1");
        again.Secret("token").Should().Be(EvidenceLog.SecretMark);
        again.Hosts("hosts").Select(h => h.Name).Should().Equal("statushost");
        again.Text("token").Should().Be(EvidenceLog.SecretMark, "the section as written keeps the field, not its value");
    }

    private static Target Parse(string status) =>
        TargetLoader.Parse($"student: s3\nstatus:\n  {status}\n", "omistack.yaml", Shape, Environment.GetValueOrDefault);

    private sealed class DeclaringLesson : ILesson
    {
        public string Id => "status";

        public string Title => "A lesson that declares its section";

        public IReadOnlyList<string> Stages { get; } = ["service"];

        public IReadOnlyList<Harness.Checks.Check> Checks { get; } = [];

        public string TargetSection => "status section";

        public IReadOnlyList<string> TargetKeys { get; } = ["status"];

        public IReadOnlyList<SectionSchema> SectionSchemas { get; } = [Status];

        public bool Describes(Target target) => target.Sections.ContainsKey("status");

        public IReadOnlyDictionary<string, string> TextValues(Target target) => new Dictionary<string, string>();

        public Task<StageReached?> ReachedAsync(Harness.Gathering.LabSession session, CancellationToken cancellationToken = default) => Task.FromResult<StageReached?>(null);
    }
}
