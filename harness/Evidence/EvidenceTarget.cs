using System.Text.Json;
using OmiStack.Harness.Targets;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Evidence;

/// <summary>
/// A target as evidence keeps it: what a re-judge needs to ask the same questions (nodes, ports, the
/// registry, the Rancher server and hosts, the lesson sections), never a secret (the Rancher secret key
/// and the SSH passphrase are not kept: nothing is sent anywhere on a re-judge).
/// </summary>
public sealed record EvidenceTarget(
    string Student,
    string SshUser,
    string? SshHostKeys,
    IReadOnlyList<NodeTarget> Nodes,
    RegistryTarget? Registry,
    string? RancherUrl,
    string? RancherAccessKey,
    IReadOnlyList<NodeTarget>? RancherHosts,
    IReadOnlyDictionary<string, string> Sections,
    string? Folder,
    bool FromStudent)
{
    /// <summary>The host lists of the lessons' declared sections, by section and field (read as nodes are: no secret in them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<NodeTarget>>>? SectionHosts { get; init; }

    /// <summary>The names of the declared sections' secrets, by section: a re-judge knows each was given, never its value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? SectionSecrets { get; init; }

    /// <summary>The parts of <paramref name="target"/> a re-judge needs.</summary>
    public static EvidenceTarget Of(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new EvidenceTarget(
            target.Student,
            target.Ssh.User,
            target.Ssh.HostKeys,
            target.Nodes,
            target.Registry,
            target.Rancher?.Url,
            target.Rancher?.AccessKey,
            target.Rancher?.Hosts,
            target.Sections.ToDictionary(s => s.Key, s => Yaml(WithoutSecrets(s.Value)), StringComparer.Ordinal),
            target.Folder,
            target.FromStudent)
        {
            SectionHosts = target.Sections.Where(s => s.Value.HostLists.Count > 0).ToDictionary(s => s.Key, s => s.Value.HostLists, StringComparer.Ordinal),
            SectionSecrets = target.Sections.Where(s => s.Value.SecretValues.Count > 0).ToDictionary(s => s.Key, s => (IReadOnlyList<string>)[.. s.Value.SecretValues.Keys], StringComparer.Ordinal),
        };
    }

    /// <summary>The target again, for a session that answers from evidence.</summary>
    public Target ToTarget(string source) => new()
    {
        Student = Student,
        Ssh = new SshTarget { User = SshUser, IdentityFile = "-", HostKeys = SshHostKeys },
        Nodes = Nodes,
        Registry = Registry,
        Rancher = RancherUrl is null ? null : new RancherTarget { Url = RancherUrl, AccessKey = RancherAccessKey ?? "", SecretKey = "", Hosts = RancherHosts ?? [] },
        Sections = Sections.ToDictionary(
            s => s.Key,
            s => new TargetSection(s.Key, source, Parse(s.Value, source))
            {
                HostLists = SectionHosts?.GetValueOrDefault(s.Key) ?? new Dictionary<string, IReadOnlyList<NodeTarget>>(),
                SecretValues = (SectionSecrets?.GetValueOrDefault(s.Key) ?? []).ToDictionary(name => name, _ => EvidenceLog.SecretMark, StringComparer.Ordinal),
            },
            StringComparer.Ordinal),
        Folder = Folder,
        FromStudent = FromStudent,
    };

    /// <summary>As JSON, for the evidence document.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, EvidenceJson.Options);

    /// <summary>Read back from the evidence document.</summary>
    public static EvidenceTarget FromJson(JsonElement json, string source)
    {
        try
        {
            return json.Deserialize<EvidenceTarget>(EvidenceJson.Options) ?? throw new EvidenceFileException($"{source}: no target");
        }
        catch (JsonException ex)
        {
            throw new EvidenceFileException($"{source}: its target is not one OmiStack wrote: {ex.Message}", ex);
        }
    }

    /// <summary>The section as written, its secret fields (a literal token, or the variable that names it) each replaced by the mark.</summary>
    private static YamlMappingNode WithoutSecrets(TargetSection section)
    {
        if (section.SecretValues.Count == 0)
        {
            return section.Node;
        }

        var copy = new YamlMappingNode();
        foreach (var (key, value) in section.Node.Children)
        {
            copy.Add(key, key is YamlScalarNode { Value: { } name } && section.SecretValues.ContainsKey(name) ? new YamlScalarNode(EvidenceLog.SecretMark) : value);
        }

        return copy;
    }

    private static string Yaml(YamlMappingNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new EvidenceFileException($"{source}: a section of its target is not YAML: {ex.Message}", ex);
        }

        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? new YamlMappingNode();
    }
}
